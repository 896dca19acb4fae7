// End to end: the chat panel in the themes VS Code ships (Dark Modern, Light Modern, the 2026
// defaults and both high-contrast themes), in a real code-server workbench. For each theme: the
// theme really applies, a code block has no per-line stripe (its <code> is transparent), inline
// code stands out from the panel and every kind of code text is readable (WCAG contrast), and a
// screenshot is kept as .artifacts/screenshots/panel-theme-<theme>.png. With
// CLAUDE_CHAT_UPDATE_SCREENSHOTS=1 the README's panel images (media/screenshots) are refreshed.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { ARTIFACTS_DIR, PanelDriver, REPO_ROOT, startWorkbench } from './harness';
import type { Workbench } from './harness';

/** `workbench.colorTheme` ids from code-server's built-in theme-defaults extension, and the body class each gives the webview. */
const THEMES: ReadonlyArray<{ id: string; kind: string; readme?: string }> = [
  { id: 'Dark Modern', kind: 'vscode-dark', readme: 'chat-panel-dark.png' },
  { id: 'Light Modern', kind: 'vscode-light', readme: 'chat-panel-light.png' },
  { id: 'Dark 2026', kind: 'vscode-dark' },
  { id: 'Light 2026', kind: 'vscode-light' },
  { id: 'Default High Contrast', kind: 'vscode-high-contrast' },
  { id: 'Default High Contrast Light', kind: 'vscode-high-contrast-light' },
];

/** Colours the test reads in the panel, as [r, g, b, a] with a in 0..1. */
interface Colours {
  body: number[];
  blockBg: number[];
  blockCodeBg: number[];
  blockText: number[];
  inlineBg: number[];
  inlineText: number[];
  /** Colour of a visible border around inline code, if it has one. */
  inlineBorder: number[] | undefined;
}

/** WCAG relative luminance of an opaque colour. */
function luminance([r, g, b]: number[]): number {
  const c = [r, g, b].map((v) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
}

/** WCAG contrast ratio of two opaque colours. */
function contrast(a: number[], b: number[]): number {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

/** `top` painted over the opaque `under`. */
function over(top: number[], under: number[]): number[] {
  const alpha = top[3] ?? 1;
  return [0, 1, 2].map((i) => top[i] * alpha + under[i] * (1 - alpha));
}

describe('e2e: chat panel in every default theme', function () {
  let wb: Workbench;

  before(async function () {
    wb = await startWorkbench({ viewport: { width: 1280, height: 800 }, theme: THEMES[0].id });
    const frame = await wb.openChatView();
    await frame.locator('body[data-loaded="true"]').waitFor({ timeout: 60000 });
    const p = new PanelDriver(wb.page, frame);
    await p.ask('Show me code in this theme');
    await p.waitStatus(p.lastAnswer(), 'complete');
  });

  after(async function () {
    await wb?.close();
  });

  for (const theme of THEMES) {
    it(`${theme.id}: applies, no stripe in code blocks, readable inline and block code (screenshot)`, async () => {
      if (theme !== THEMES[0]) await wb.updateSettings({ 'workbench.colorTheme': theme.id });
      const frame = await wb.openChatView();
      await frame.locator(`body.${theme.kind}[data-loaded="true"]`).waitFor({ timeout: 60000 });
      const answer = frame.locator('.turn-assistant').last();
      await answer.locator('code.hljs').first().waitFor({ timeout: 30000 });
      const colours = await answer.evaluate((turn): Colours => {
        const rgba = (css: string): number[] => {
          const m = css.match(/[\d.]+/g)?.map(Number) ?? [0, 0, 0, 0];
          return [m[0], m[1], m[2], m.length > 3 ? m[3] : 1];
        };
        const style = (el: Element | null): CSSStyleDeclaration => getComputedStyle(el as Element);
        const block = turn.querySelector('.md-code');
        const blockCode = turn.querySelector('.md-code pre code');
        const inline = turn.querySelector('p code');
        return {
          body: rgba(style(document.body).backgroundColor),
          blockBg: rgba(style(block).backgroundColor),
          blockCodeBg: rgba(style(blockCode).backgroundColor),
          blockText: rgba(style(blockCode).color),
          inlineBg: rgba(style(inline).backgroundColor),
          inlineText: rgba(style(inline).color),
          inlineBorder: style(inline).borderTopStyle !== 'none' && parseFloat(style(inline).borderTopWidth) > 0 ? rgba(style(inline).borderTopColor) : undefined,
        };
      });
      const shot = await wb.shot(`panel-theme-${theme.id.toLowerCase().replace(/\s+/g, '-')}`);
      assert.ok(fs.statSync(shot).size > 10000, 'screenshot');
      const panelBg = over(colours.body, [255, 255, 255]);
      const blockBg = over(colours.blockBg, panelBg);
      const inlineBg = over(colours.inlineBg, panelBg);
      const figures = `panel ${panelBg.map(Math.round)}, block ${blockBg.map(Math.round)}, inline ${inlineBg.map(Math.round)}, inline text ${colours.inlineText}, block text ${colours.blockText}`;
      assert.strictEqual(colours.blockCodeBg[3], 0, `the <code> in a block is transparent (no stripe per line): ${colours.blockCodeBg}`);
      assert.ok(contrast(over(colours.inlineText, inlineBg), inlineBg) >= 4.5, `inline code text contrast: ${figures}`);
      assert.ok(contrast(over(colours.blockText, blockBg), blockBg) >= 4.5, `code block text contrast: ${figures}`);
      // Inline code is marked by its background or, in high contrast themes, by the contrast border.
      const border = colours.inlineBorder && colours.inlineBorder[3] > 0 ? contrast(over(colours.inlineBorder, panelBg), panelBg) : 1;
      assert.ok(contrast(inlineBg, panelBg) >= 1.1 || border >= 3, `inline code stands out from the panel: ${figures}, border contrast ${border.toFixed(2)}`);
      if (theme.readme && process.env.CLAUDE_CHAT_UPDATE_SCREENSHOTS === '1') {
        const sidebar = await wb.page.locator('.part.sidebar').boundingBox();
        assert.ok(sidebar, 'side bar');
        const file = path.join(ARTIFACTS_DIR, 'screenshots', theme.readme);
        await wb.page.screenshot({ path: file, clip: { x: 0, y: 0, width: sidebar.x + sidebar.width, height: 800 } });
        fs.copyFileSync(file, path.join(REPO_ROOT, 'media', 'screenshots', theme.readme));
      }
    });
  }
});
