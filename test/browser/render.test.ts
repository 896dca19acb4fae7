import * as assert from 'assert';
import type { MdWindow } from './support/pageEntry';
import { suitePage } from './support/page';
import type { TestPage } from './support/page';
import { RICH_MARKDOWN } from './support/samples';


interface StreamResult {
  expected: string;
  mismatches: string[];
  checkedFrames: number;
  runs: number;
}

/**
 * Streams `doc` through the real renderer with many chunkings (1-char, fixed sizes, seeded random)
 * and compares the container's HTML with a one-shot render: after finish(), and at sampled frames
 * against a one-shot render of the same prefix once both have caught up with highlighting (closed
 * code blocks are highlighted over frames). The random chunkings use a clock that exhausts the
 * highlighting budget at every step, so highlighting lags behind later frames and freezes until a
 * sampled frame lets it catch up or finish() completes it.
 */
function streamInPage(page: TestPage, doc: string, seeds: number[], sampleEvery: number): Promise<StreamResult> {
  return page.page.evaluate(({ doc, seeds, sampleEvery }) => {
    const md = (window as unknown as MdWindow).__md;
    const root = document.getElementById('root') as HTMLElement;
    const settle = (scheduler: { pending: number; runFrame(): number }): void => {
      while (scheduler.pending > 0) scheduler.runFrame();
    };
    const oneShot = (text: string, streaming: boolean): string => {
      const box = document.createElement('div');
      const scheduler = md.createManualScheduler();
      const view = md.createMarkdownView(box, { scheduler });
      view.setText(text, { streaming });
      settle(scheduler);
      const html = box.innerHTML;
      view.dispose();
      return html;
    };
    const expected = oneShot(doc, false);
    const mismatches: string[] = [];
    let checkedFrames = 0;
    const chunkings: Array<{ name: string; pieces: string[] }> = [];
    const fixed = (n: number): string[] => {
      const out: string[] = [];
      for (let i = 0; i < doc.length; i += n) out.push(doc.slice(i, i + n));
      return out;
    };
    chunkings.push({ name: '1-char', pieces: fixed(1) }, { name: '2-char', pieces: fixed(2) }, { name: '7-char', pieces: fixed(7) });
    for (const seed of seeds) {
      let state = seed;
      const random = (): number => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 4294967296);
      const pieces: string[] = [];
      for (let i = 0; i < doc.length; ) {
        const n = 1 + Math.floor(random() * 40);
        pieces.push(doc.slice(i, i + n));
        i += n;
      }
      chunkings.push({ name: `random seed ${seed}`, pieces });
    }
    for (const { name, pieces } of chunkings) {
      const scheduler = md.createManualScheduler();
      let now = 0;
      const clock = name.startsWith('random') ? () => (now += 100) : undefined;
      const view = md.createMarkdownView(root, { scheduler, clock });
      let frame = 0;
      for (const piece of pieces) {
        view.append(piece);
        // Several deltas per frame sometimes, as when the host is faster than the screen.
        if (piece.length % 3 !== 0) {
          scheduler.runFrame();
          frame++;
          if (frame % sampleEvery === 0) {
            checkedFrames++;
            settle(scheduler);
            const want = oneShot(view.text, true);
            if (root.innerHTML !== want) mismatches.push(`${name}: frame ${frame} (${view.text.length} chars) differs from one-shot`);
          }
        }
      }
      view.finish();
      if (root.innerHTML !== expected) {
        const got = root.innerHTML;
        let at = 0;
        while (at < got.length && got[at] === expected[at]) at++;
        mismatches.push(`${name}: final HTML differs at ${at}: got ${JSON.stringify(got.slice(at - 40, at + 80))} want ${JSON.stringify(expected.slice(at - 40, at + 80))}`);
      }
      view.dispose();
    }
    return { expected, mismatches, checkedFrames, runs: chunkings.length };
  }, { doc, seeds, sampleEvery });
}

describe('markdown renderer in Chromium', function () {
  this.timeout(120_000);
  const page = suitePage();

  it('streamed HTML equals the one-shot HTML for every chunking, at the end and at sampled frames', async () => {
    const result = await streamInPage(page(), RICH_MARKDOWN, [1, 2, 3, 42, 1234, 99991], 5);
    assert.deepStrictEqual(result.mismatches, []);
    assert.strictEqual(result.runs, 9);
    assert.ok(result.checkedFrames > 100, `checked ${result.checkedFrames} frames`);
    // The sample really rendered: headings, a table, highlighted code, the reference link.
    assert.match(result.expected, /<h1>Streaming sample<\/h1>/);
    assert.match(result.expected, /<table>/);
    assert.match(result.expected, /hljs-keyword/);
    assert.match(result.expected, /data-href="https:\/\/docs\.example\.com\/path"/);
    assert.deepStrictEqual(page().pageErrors, []);
  });
});
