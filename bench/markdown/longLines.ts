/**
 * Long-line rows of the markdown benchmark: one answer holding a single huge unbreakable run (a
 * word, a URL, a base64 line in a paragraph and in a code block), in a panel-wide (300 px) page.
 * Unlike the streaming rows, frames here are real animation frames, because what this measures
 * is mostly Chromium's own style and layout work (pieces of a long run are laid out only once on
 * screen, in the rendering step after the script), which a forced synchronous layout does not see.
 */
import type { Page } from 'playwright-core';
import type { PageApi } from '../../test/browser/support/pageEntry';
import { seededRandom } from '../../test/support/seededRandom';

/** The cases the issue names. */
export const LONG_LINE_CASES = ['word', 'url', 'base64 text', 'base64 code'] as const;
/** See {@link LONG_LINE_CASES}. */
export type LongLineCase = (typeof LONG_LINE_CASES)[number];

/** Characters per streamed delta (a fast stream: ~100 tokens per 32 ms host coalescing window). */
export const LONG_LINE_DELTA = 400;

/** An answer holding one run of `length` characters, and that run. */
export interface LongLineAnswer {
  readonly text: string;
  readonly run: string;
}

/** An answer of about `length` characters holding one run of that length. */
export function longLineAnswer(kind: LongLineCase, length: number): LongLineAnswer {
  const answer = (run: string, text: string): LongLineAnswer => ({ run, text });
  const random = seededRandom(length);
  const pick = (alphabet: string): string => {
    let s = '';
    for (let i = 0; i < length; i++) s += alphabet[Math.floor(random() * alphabet.length)];
    return s;
  };
  const base64 = (): string => pick('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/');
  switch (kind) {
    case 'word': {
      const run = pick('abcdefghijklmnopqrstuvwxyz');
      return answer(run, `The word is ${run} and that is all.\n`);
    }
    case 'url': {
      const run = `https://example.com/${pick('abcdefghijklmnopqrstuvwxyz0123456789-_/')}?x=1`;
      return answer(run, `Download it from ${run} today.\n`);
    }
    case 'base64 text': {
      const run = `${base64()}==`;
      return answer(run, `Payload: ${run}\n`);
    }
    case 'base64 code': {
      const run = `${base64()}==`;
      return answer(run, `Payload:\n\n\`\`\`\n${run}\n\`\`\`\n`);
    }
  }
}

/** The longest main-thread stretch (script + rendering of one frame) and the sum of them. */
export interface FrameCost {
  longestMs: number;
  totalMs: number;
  frames: number;
  /** The view's source equals the answer and the rendered text holds the run unchanged. */
  exact: boolean;
}

/** Frame helpers installed in the page by {@link installFrameProbe}. */
interface FrameProbe {
  /** The renderer, the emptied container and its scroller, with these helpers. */
  start(): FrameProbe & { md: PageApi; scroller: HTMLElement; root: HTMLElement };
  /** Resolves (with the time) after the current frame's style, layout and paint. */
  afterRendering(): Promise<number>;
  /** Resolves at the start of the next animation frame. */
  nextFrame(): Promise<void>;
}

type BenchWindow = Window & { __md: PageApi; __frames: FrameProbe };

/**
 * Installs the frame helpers in the page: a message posted at the end of a frame's script is
 * handled after that frame's rendering, so the time to it is the frame's whole main-thread cost.
 */
export function installFrameProbe(page: Page): Promise<void> {
  return page.evaluate(() => {
    const w = window as unknown as BenchWindow;
    const channel = new MessageChannel();
    const probe: FrameProbe = {
      start: () => {
        const root = document.getElementById('root') as HTMLElement;
        root.replaceChildren();
        return { ...probe, md: w.__md, root, scroller: document.getElementById('scroller') as HTMLElement };
      },
      afterRendering: () => new Promise((resolve) => {
        channel.port1.onmessage = () => resolve(performance.now());
        channel.port2.postMessage(0);
      }),
      nextFrame: () => new Promise((resolve) => requestAnimationFrame(() => resolve())),
    };
    w.__frames = probe;
  });
}

/**
 * Streams `text` in {@link LONG_LINE_DELTA} pieces, one per animation frame, through the real
 * renderer, then finishes it. Each frame's cost is measured from the start of its script to the
 * end of its rendering (a message posted at the end of the script runs after the frame's style,
 * layout and paint).
 */
export async function measureStreaming(page: Page, answer: LongLineAnswer): Promise<FrameCost> {
  await installFrameProbe(page);
  return page.evaluate(async ({ text, run, size }) => {
    const { md, afterRendering, nextFrame, scroller, root } = (window as unknown as BenchWindow).__frames.start();
    const scheduler = md.createManualScheduler();
    const view = md.createMarkdownView(root, { scheduler });
    let longest = 0;
    let total = 0;
    let frames = 0;
    for (let at = 0; at <= text.length; at += size) {
      await nextFrame();
      const start = performance.now();
      if (at < text.length) {
        view.append(text.slice(at, at + size));
        scheduler.runFrame();
      } else {
        view.finish();
      }
      scroller.scrollTop = scroller.scrollHeight;
      const ms = (await afterRendering()) - start;
      longest = Math.max(longest, ms);
      total += ms;
      frames++;
    }
    // One more frame: pieces that came on screen at the end are laid out in it.
    await nextFrame();
    const start = performance.now();
    const ms = (await afterRendering()) - start;
    longest = Math.max(longest, ms);
    total += ms;
    const exact = view.text === text && (root.textContent ?? '').includes(run);
    view.dispose();
    return { longestMs: longest, totalMs: total, frames, exact };
  }, { ...answer, size: LONG_LINE_DELTA });
}

/** Restores `text` in one go, as after a window reload (`setText`), and measures the next two frames. */
export async function measureRestore(page: Page, answer: LongLineAnswer): Promise<FrameCost> {
  await installFrameProbe(page);
  return page.evaluate(async ({ text, run }) => {
    const { md, afterRendering, nextFrame, scroller, root } = (window as unknown as BenchWindow).__frames.start();
    let view: ReturnType<PageApi['createMarkdownView']> | undefined;
    const costs: number[] = [];
    for (let frame = 0; frame < 3; frame++) {
      await nextFrame();
      const start = performance.now();
      if (frame === 0) {
        view = md.createMarkdownView(root, { scheduler: md.createManualScheduler() });
        view.setText(text);
        scroller.scrollTop = scroller.scrollHeight;
      }
      costs.push((await afterRendering()) - start);
    }
    const exact = view?.text === text && (root.textContent ?? '').includes(run);
    view?.dispose();
    return { longestMs: Math.max(...costs), totalMs: costs.reduce((a, b) => a + b, 0), frames: costs.length, exact };
  }, answer);
}

/**
 * Renders (and streams) an ordinary answer once in `page`, as a panel does with the turns before a
 * long one: the first use of the renderer in a page costs JIT compilation (21-36 ms), which is not
 * what the long-line rows measure.
 */
export function warmUp(page: Page, text: string): Promise<void> {
  return page.evaluate((text) => {
    const md = (window as unknown as BenchWindow).__md;
    const box = document.createElement('div');
    document.body.append(box);
    const scheduler = md.createManualScheduler();
    const view = md.createMarkdownView(box, { scheduler });
    for (let i = 0; i < text.length; i += 200) {
      view.append(text.slice(i, i + 200));
      scheduler.runFrame();
    }
    view.finish();
    view.setText(text);
    void box.offsetHeight;
    view.dispose();
    box.remove();
  }, text);
}

/** Sizes of the run: each doubling's cost ratio is the growth figure. */
export const LONG_LINE_SIZES = [50_000, 100_000, 200_000];

/** One case at one size. */
export interface LongLineRow {
  readonly kind: LongLineCase;
  readonly chars: number;
  readonly streaming: FrameCost;
  readonly restore: FrameCost;
}

/** Rows, growth per doubling and whether the targets hold. */
export interface LongLineReport {
  readonly rows: LongLineRow[];
  /** Per case: total cost ratio of each doubling, streaming and restore. */
  readonly growth: Record<string, { streaming: number[]; restore: number[] }>;
  readonly longestMs: number;
  readonly targets: { longLineUnder50ms: boolean; longLineGrowth2_3x: boolean; longLineTextExact: boolean };
}

/** A page to measure in, and how to close it. */
type OpenPage = () => Promise<{ page: Page; close(): Promise<void> }>;

/** The run with the median total of `repeats` runs, each in a fresh page. */
async function median(open: OpenPage, repeats: number, run: (page: Page) => Promise<FrameCost>): Promise<FrameCost> {
  const runs: FrameCost[] = [];
  for (let i = 0; i < repeats; i++) {
    const opened = await open();
    runs.push(await run(opened.page).finally(() => opened.close()));
  }
  runs.sort((a, b) => a.totalMs - b.totalMs);
  const middle = runs[Math.floor(runs.length / 2)];
  return { ...middle, exact: runs.every((r) => r.exact) };
}

/**
 * Measures every case at every size, each run in a fresh page `open` gives (a 300 px wide
 * panel): the median of `streamRepeats` streams and of 5 restores (a restore is one short task,
 * so a single one is mostly noise on a shared machine).
 */
export async function measureLongLines(open: OpenPage, streamRepeats = 1): Promise<LongLineReport> {
  const rows: LongLineRow[] = [];
  for (const kind of LONG_LINE_CASES) {
    for (const chars of LONG_LINE_SIZES) {
      const answer = longLineAnswer(kind, chars);
      const streaming = await median(open, streamRepeats, (page) => measureStreaming(page, answer));
      const restore = await median(open, 5, (page) => measureRestore(page, answer));
      rows.push({ kind, chars, streaming, restore });
    }
  }
  const growth: LongLineReport['growth'] = {};
  for (const kind of LONG_LINE_CASES) {
    const of = rows.filter((r) => r.kind === kind);
    const ratios = (pick: (r: LongLineRow) => number): number[] => of.slice(1).map((r, i) => pick(r) / pick(of[i]));
    growth[kind] = { streaming: ratios((r) => r.streaming.totalMs), restore: ratios((r) => r.restore.totalMs) };
  }
  const longestMs = Math.max(...rows.flatMap((r) => [r.streaming.longestMs, r.restore.longestMs]));
  return {
    rows,
    growth,
    longestMs,
    targets: {
      longLineUnder50ms: longestMs < 50,
      longLineGrowth2_3x: Object.values(growth).every((g) => [...g.streaming, ...g.restore].every((x) => x <= 2.3)),
      longLineTextExact: rows.every((r) => r.streaming.exact && r.restore.exact),
    },
  };
}

/** The report as printed lines. */
export function formatLongLines(report: LongLineReport): string[] {
  const ms = (x: number): string => `${x.toFixed(1)} ms`;
  const lines = [
    `Long lines (one run per answer, 300 px wide, ${LONG_LINE_DELTA}-character deltas, real frames; a frame = its script + style + layout + paint; medians)`,
    'case          chars | streaming longest   total  frames | restore longest   total',
  ];
  for (const r of report.rows) {
    lines.push(
      `${r.kind.padEnd(12)} ${String(r.chars).padStart(6)} | ${ms(r.streaming.longestMs).padStart(17)} ${ms(r.streaming.totalMs).padStart(9)} ${String(r.streaming.frames).padStart(6)} | ` +
      `${ms(r.restore.longestMs).padStart(15)} ${ms(r.restore.totalMs).padStart(9)}${r.streaming.exact && r.restore.exact ? '' : '  TEXT CHANGED'}`,
    );
  }
  for (const [kind, g] of Object.entries(report.growth)) {
    lines.push(`growth per doubling, ${kind}: streaming ${g.streaming.map((x) => `${x.toFixed(2)}x`).join(', ')}; restore ${g.restore.map((x) => `${x.toFixed(2)}x`).join(', ')} (target <= 2.3x)`);
  }
  lines.push(`longest long-line frame: ${ms(report.longestMs)} (target < 50 ms)`);
  return lines;
}
