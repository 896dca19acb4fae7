// Helpers for driving the chat panel inside a workbench: its webview frame, the composer, the
// view title's actions and the transcript's scroll position. Shared by the panel e2e files.
import type { Frame, FrameLocator, Locator, Page } from 'playwright-core';

/** The transcript's scroll geometry, in CSS pixels. */
export interface ScrollBox {
  readonly top: number;
  readonly height: number;
  readonly client: number;
  /** Distance from the bottom. */
  readonly fromBottom: number;
}

/** Typed access to one chat panel frame. */
export class PanelDriver {
  constructor(
    readonly page: Page,
    readonly frame: FrameLocator,
  ) {}

  get input(): Locator {
    return this.frame.locator('textarea.composer-input');
  }

  lastAnswer(): Locator {
    return this.frame.locator('.turn-assistant').last();
  }

  /** Types a prompt and sends it with Enter. */
  async ask(text: string): Promise<void> {
    await this.input.click();
    await this.input.fill(text);
    await this.input.press('Enter');
  }

  /** Waits until `turn` has `data-status="status"`. */
  async waitStatus(turn: Locator, status: string, timeout = 30000): Promise<void> {
    await turn.and(this.frame.locator(`[data-status="${status}"]`)).waitFor({ timeout });
  }

  /** A visible action of the view's title bar (VS Code's own toolbar), by its label. */
  titleAction(label: string): Locator {
    return this.page.locator(`.part.sidebar .action-label[aria-label^="${label}"]:visible`).first();
  }

  /** Starts a new chat from the view title's + and waits for the empty transcript. */
  async newChat(): Promise<void> {
    await this.titleAction('New Chat').click();
    await this.frame.locator('.turn').first().waitFor({ state: 'detached', timeout: 15000 });
  }

  /** The panel's own document (inside the webview's iframes), for evaluating in it. */
  async document(): Promise<Frame> {
    const handle = await this.frame.locator('body').elementHandle();
    const frame = await handle?.ownerFrame();
    if (!frame) throw new Error('chat panel frame not found');
    return frame;
  }

  /** Where the transcript is scrolled to. */
  async scroll(): Promise<ScrollBox> {
    return this.frame.locator('main.transcript').evaluate((el) => ({
      top: el.scrollTop,
      height: el.scrollHeight,
      client: el.clientHeight,
      fromBottom: el.scrollHeight - el.scrollTop - el.clientHeight,
    }));
  }

  /**
   * Whether `locator` comes into the transcript's visible area within `timeoutMs`. The panel
   * scrolls from a ResizeObserver, before the next paint: a read between the DOM change and that
   * callback sees the old position, which no user ever does (a busy CI machine hit that gap).
   */
  async comesIntoView(locator: Locator, timeoutMs = 5000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (await this.inView(locator)) return true;
      if (Date.now() > deadline) return false;
      await this.page.waitForTimeout(50);
    }
  }

  /** Whether `locator`'s box lies (at least partly) inside the transcript's visible area. */
  async inView(locator: Locator): Promise<boolean> {
    const box = await locator.boundingBox();
    const area = await this.frame.locator('main.transcript').boundingBox();
    if (!box || !area) return false;
    return box.y < area.y + area.height && box.y + box.height > area.y;
  }

  /**
   * Whether the last element matching `selector` in the transcript is (partly) visible, read in
   * one go: a streaming answer replaces its open block every frame, so two separate reads can
   * land on different elements.
   */
  async lastInView(selector: string): Promise<boolean> {
    return this.frame.locator('main.transcript').evaluate((scroller, sel) => {
      const all = scroller.querySelectorAll(sel);
      const el = all[all.length - 1];
      if (!el) return false;
      const box = el.getBoundingClientRect();
      const area = scroller.getBoundingClientRect();
      return box.top < area.bottom && box.bottom > area.top;
    }, selector);
  }
}
