import { h, icon } from './dom';

/** Distance from the bottom (px) that still counts as "at the bottom". */
export const BOTTOM_SLACK = 24;

/** Keys that scroll a focused scroller up: pressing one means the user wants to read back. */
const UP_KEYS = new Set(['PageUp', 'ArrowUp', 'Home']);

/**
 * Keeps a scroller at its bottom while content grows, the way chat panels users know behave
 * (Copilot Chat, Continue): a new turn scrolls into view; streaming text is followed while the
 * user is at the bottom; any scroll up by the user (wheel, keys, scrollbar, touch) stops the
 * following, and a "Jump to latest" button appears until they are back at the bottom.
 *
 * Only the user's own upward movement stops following: a programmatic jump to the bottom always
 * moves down, and content that shrinks under a reader at the bottom leaves them at the bottom,
 * so neither can be mistaken for reading back (the earlier rule, "further than 40 px from the
 * bottom", counted a frame's growth before the scroll event as the user having left).
 */
export class ScrollFollow {
  /** The "Jump to latest" button; the caller places it over the scroller. */
  readonly jumpButton: HTMLButtonElement;
  private following = true;
  private lastTop = 0;
  private readonly observer: ResizeObserver;

  constructor(
    private readonly scroller: HTMLElement,
    content: HTMLElement,
    private readonly onScrolled: (top: number) => void,
  ) {
    this.jumpButton = h('button', { type: 'button', class: 'jump-latest', 'aria-label': 'Jump to latest', title: 'Jump to latest', hidden: true, 'data-ui': 'jump-latest' }, icon('arrow-down'));
    scroller.addEventListener('scroll', () => this.onScroll(), { passive: true });
    scroller.addEventListener('wheel', (e) => {
      if (e.deltaY < 0) this.stop();
    }, { passive: true });
    scroller.addEventListener('touchmove', () => this.stopUnlessAtBottom(), { passive: true });
    scroller.addEventListener('keydown', (e) => {
      if (UP_KEYS.has(e.key) && !isTextInput(e.target)) this.stop();
    });
    // Content grows at most once per frame (the renderer coalesces); follow it without polling.
    this.observer = new ResizeObserver(() => {
      if (this.following) this.toBottom();
      else this.updateButton();
    });
    this.observer.observe(content);
    this.observer.observe(scroller);
  }

  /** True while new content is followed. */
  get isFollowing(): boolean {
    return this.following;
  }

  /** Follows the bottom again and goes there now (send, new turn, jump button). */
  follow(): void {
    this.following = true;
    this.toBottom();
  }

  /** Restores a saved position (after a reload); following resumes only if it is the bottom. */
  restore(top: number): void {
    this.scroller.scrollTop = top;
    this.lastTop = this.scroller.scrollTop;
    this.following = this.distance() <= BOTTOM_SLACK;
    this.updateButton();
  }

  dispose(): void {
    this.observer.disconnect();
  }

  private toBottom(): void {
    this.scroller.scrollTop = this.scroller.scrollHeight;
    this.lastTop = this.scroller.scrollTop;
    this.updateButton();
  }

  private stop(): void {
    this.following = false;
    this.updateButton();
  }

  private stopUnlessAtBottom(): void {
    if (this.distance() > BOTTOM_SLACK) this.stop();
  }

  private onScroll(): void {
    const top = this.scroller.scrollTop;
    if (this.distance() <= BOTTOM_SLACK) this.following = true;
    else if (top < this.lastTop - 1) this.following = false;
    this.lastTop = top;
    this.updateButton();
    this.onScrolled(top);
  }

  private distance(): number {
    const s = this.scroller;
    return s.scrollHeight - s.scrollTop - s.clientHeight;
  }

  private updateButton(): void {
    const show = !this.following && this.distance() > BOTTOM_SLACK;
    if (this.jumpButton.hidden === show) this.jumpButton.hidden = !show;
  }
}

function isTextInput(target: EventTarget | null): boolean {
  return target instanceof HTMLTextAreaElement || target instanceof HTMLInputElement;
}
