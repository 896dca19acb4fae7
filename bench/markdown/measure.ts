import type { Page } from 'playwright-core';
import type { PageApi } from '../../test/browser/support/pageEntry';

/** How the streamed text reaches the DOM. */
export type Method = 'incremental' | 'plain' | 'fullRerender';

/** Main-thread time of one streamed answer, frame by frame. */
export interface Measurement {
  /** Sum of per-frame times (ms); for sampled runs the estimate frames x mean sampled frame. */
  totalMs: number;
  /** Longest single frame (ms). */
  longestMs: number;
  /** 99th percentile frame (ms): on a busy machine the maximum is often a descheduling, not work. */
  p99Ms: number;
  /** Frames in the stream (one delta per frame). */
  frames: number;
  /** Frames actually measured (less than `frames` when sampled). */
  measuredFrames: number;
  /** Only for incremental: final HTML equals a one-shot render of the whole text. */
  equalsOneShot?: boolean;
}

type BenchWindow = Window & { __md: PageApi; __deltas: string[] };

/** Puts the deltas into the page once (so timing never includes the transfer). */
export async function loadDeltas(page: Page, deltas: string[]): Promise<void> {
  await page.evaluate((d) => {
    (window as unknown as BenchWindow).__deltas = d;
  }, deltas);
}

/**
 * Streams the loaded deltas, one per frame, through `method`, timing each frame with
 * performance.now() around the DOM work plus a forced synchronous style+layout (reading
 * scrollHeight to stick to the bottom, as a chat panel does). Paint is not included.
 * `samples` > 0 measures only that many stratified frames (for the full re-render baseline: each
 * sampled frame first renders the previous prefix untimed, so it replaces a DOM of the right size).
 */
export function measure(page: Page, method: Method, samples = 0): Promise<Measurement> {
  return page.evaluate(({ method, samples }) => {
    const w = window as unknown as BenchWindow;
    const md = w.__md;
    const deltas = w.__deltas;
    const scroller = document.getElementById('scroller') as HTMLElement;
    const root = document.getElementById('root') as HTMLElement;
    root.replaceChildren();
    const stickToBottom = (): void => {
      scroller.scrollTop = scroller.scrollHeight;
    };
    let total = 0;
    let longest = 0;
    let measured = 0;
    const times: number[] = [];
    const record = (ms: number): void => {
      total += ms;
      measured++;
      times.push(ms);
      if (ms > longest) longest = ms;
    };
    const p99 = (): number => {
      const sorted = times.slice().sort((a, b) => a - b);
      return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))] ?? 0;
    };

    if (method === 'incremental') {
      const scheduler = md.createManualScheduler();
      const view = md.createMarkdownView(root, { scheduler });
      for (const delta of deltas) {
        const start = performance.now();
        view.append(delta);
        scheduler.runFrame();
        stickToBottom();
        record(performance.now() - start);
      }
      const start = performance.now();
      view.finish();
      stickToBottom();
      record(performance.now() - start);
      const html = root.innerHTML;
      const check = document.createElement('div');
      md.createMarkdownView(check, { scheduler: md.createManualScheduler() }).setText(deltas.join(''));
      const equal = check.innerHTML === html;
      view.dispose();
      return { totalMs: total, longestMs: longest, p99Ms: p99(), frames: deltas.length, measuredFrames: measured, equalsOneShot: equal };
    }

    if (method === 'plain') {
      let block = document.createElement('div');
      block.className = 'plain-block';
      root.append(block);
      for (const delta of deltas) {
        const start = performance.now();
        const parts = delta.split('\n\n');
        for (let k = 0; k < parts.length; k++) {
          if (k > 0) {
            block = document.createElement('div');
            block.className = 'plain-block';
            root.append(block);
          }
          if (parts[k]) block.append(document.createTextNode(parts[k]));
        }
        stickToBottom();
        record(performance.now() - start);
      }
      root.replaceChildren();
      return { totalMs: total, longestMs: longest, p99Ms: p99(), frames: deltas.length, measuredFrames: measured };
    }

    // Full re-render per frame: parse everything, sanitize everything, replace the DOM.
    const whole = deltas.join('');
    const ends: number[] = [];
    let length = 0;
    for (const delta of deltas) ends.push((length += delta.length));
    const render = (frame: number): void => {
      root.innerHTML = md.sanitizeHtml(md.marked.parse(whole.slice(0, ends[frame]), { async: false }) as string);
      stickToBottom();
    };
    const frames = deltas.length;
    const picked: number[] = [];
    if (samples <= 0 || samples >= frames) for (let f = 0; f < frames; f++) picked.push(f);
    else for (let i = 0; i < samples; i++) picked.push(Math.min(frames - 1, Math.floor(((i + 0.5) * frames) / samples)));
    for (const frame of picked) {
      if (frame > 0 && picked.length !== frames) render(frame - 1);
      const start = performance.now();
      render(frame);
      record(performance.now() - start);
    }
    // The last frame is the longest; measure it for the maximum when sampling.
    if (picked.length !== frames) {
      render(frames - 2);
      const start = performance.now();
      render(frames - 1);
      const ms = performance.now() - start;
      if (ms > longest) longest = ms;
    }
    root.replaceChildren();
    const estimate = picked.length === frames ? total : (total / measured) * frames;
    return { totalMs: estimate, longestMs: longest, p99Ms: p99(), frames, measuredFrames: measured };
  }, { method, samples });
}
