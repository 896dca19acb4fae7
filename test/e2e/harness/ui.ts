// Small workbench UI helpers (selectors of VS Code's web workbench), shared by e2e tests.
import type { Locator, Page } from 'playwright-core';

/** Waits until the workbench is up and `readySelector` (e.g. our activity bar item) is visible. */
export async function waitForWorkbench(page: Page, readySelector: string, timeoutMs = 90000): Promise<void> {
  await page.locator('.monaco-workbench').waitFor({ timeout: timeoutMs });
  await page.locator(readySelector).first().waitFor({ state: 'visible', timeout: timeoutMs });
}

/** Opens the command palette (F1) and returns its input. */
export async function openPalette(page: Page): Promise<Locator> {
  const input = page.locator('.quick-input-widget input');
  for (let attempt = 0; attempt < 3; attempt++) {
    await page.keyboard.press('F1');
    try {
      await input.waitFor({ state: 'visible', timeout: 5000 });
      return input;
    } catch {
      // Focus may still be inside a webview iframe, which swallows F1: focus the workbench and retry.
      await page.locator('.monaco-workbench .part.statusbar').click({ position: { x: 2, y: 2 } }).catch(() => undefined);
    }
  }
  await input.waitFor({ state: 'visible', timeout: 5000 });
  return input;
}

/**
 * Types into the open quick input (input box or quick pick) and presses Enter. `prompt` is text the
 * expected input box shows: between two boxes (or the palette and a box) the widget is briefly still
 * the previous one, and typing into it then lost the answer on slow CI machines.
 */
export async function answerQuickInput(page: Page, text: string, prompt?: string | RegExp): Promise<void> {
  const widget = prompt === undefined
    ? page.locator('.quick-input-widget')
    : page.locator('.quick-input-widget').filter({ hasText: prompt });
  const input = widget.locator('input').first();
  await input.waitFor({ state: 'visible', timeout: 15000 });
  await input.fill(text);
  // Enter only once the box really holds the answer (a box being replaced can drop the fill).
  for (let i = 0; i < 50 && (await input.inputValue()) !== text; i++) {
    await page.waitForTimeout(100);
    await input.fill(text);
  }
  await page.keyboard.press('Enter');
}

/** Locator of the notification toast containing `text`. */
export function toast(page: Page, text: string | RegExp): Locator {
  return page.locator('.notifications-toasts .notification-toast', { hasText: text });
}

/** Locator of a status bar item containing `text`. */
export function statusBarItem(page: Page, text: string | RegExp): Locator {
  return page.locator('.statusbar-item', { hasText: text });
}
