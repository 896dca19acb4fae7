import * as assert from 'assert';
import type { MdWindow } from './support/pageEntry';
import { suitePage } from './support/page';


/** A deterministic base64-looking run of `n` characters (no spaces). */
function run(n: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[(i * 7 + (i % 13)) % 64];
  return s;
}

describe('long runs and bidi controls in Chromium', function () {
  this.timeout(120_000);
  const page = suitePage();

  it('a 200,000-character word renders in pieces; its text, a selection copy and the source stay exact', async () => {
    const word = run(200_000);
    const result = await page().page.evaluate((word) => {
      const md = (window as unknown as MdWindow).__md;
      const root = document.getElementById('root') as HTMLElement;
      const view = md.createMarkdownView(root, { scheduler: md.createManualScheduler() });
      const source = `Here: ${word} end.\n\nA URL: https://example.com/${word}\n\n\`\`\`\n${word}\n\`\`\`\n`;
      view.setText(source);
      const selection = getSelection() as Selection;
      const range = document.createRange();
      range.selectNodeContents(root.querySelector('p') as HTMLElement);
      selection.removeAllRanges();
      selection.addRange(range);
      const copied = selection.toString();
      selection.removeAllRanges();
      const pieces = root.querySelectorAll('.md-piece');
      const result = {
        paragraph: root.querySelector('p')?.textContent === `Here: ${word} end.`,
        copied: copied === `Here: ${word} end.`,
        // Too long to open (the host refuses links over 2,048 characters): its text, not a link.
        link: root.querySelector('a') === null && root.querySelector('span[title$="too long to open"]')?.textContent === `https://example.com/${word}`,
        code: root.querySelector('pre code')?.textContent === `${word}\n`,
        block: view.getCodeBlock(0)?.code === word,
        source: view.text === source,
        pieces: pieces.length,
        pieceInCode: root.querySelector('pre .md-piece') !== null,
        highlighted: root.querySelector('pre code.hljs') !== null,
        wbr: root.querySelectorAll('p wbr').length,
      };
      view.dispose();
      return result;
    }, word);
    assert.deepStrictEqual(
      { ...result, pieces: result.pieces > 0, wbr: result.wbr > 0 },
      { paragraph: true, copied: true, link: true, code: true, block: true, source: true, pieces: true, pieceInCode: true, highlighted: false, wbr: true },
    );
    // 3 runs of 200,000 characters in pieces of 1,024.
    assert.ok(result.pieces >= 3 * 195, `${result.pieces} pieces`);
  });

  it('short words are left alone; a 600-character run gets break opportunities only', async () => {
    const result = await page().page.evaluate(() => {
      const md = (window as unknown as MdWindow).__md;
      const root = document.createElement('div');
      const view = md.createMarkdownView(root, { scheduler: md.createManualScheduler() });
      view.setText(`Plain words and \`code\` here.\n\n${'x'.repeat(600)}`);
      const paragraphs = Array.from(root.querySelectorAll('p'));
      const html = paragraphs[0].innerHTML;
      const second = { wbr: paragraphs[1].querySelectorAll('wbr').length, pieces: paragraphs[1].querySelectorAll('.md-piece').length, text: paragraphs[1].textContent };
      view.dispose();
      return { html, second };
    });
    assert.strictEqual(result.html, 'Plain words and <code>code</code> here.');
    // A break opportunity every 256 characters once a run is 256 long: after 256 and 512.
    assert.deepStrictEqual(result.second, { wbr: 2, pieces: 0, text: 'x'.repeat(600) });
  });

  it('streams a huge open paragraph and code block without re-rendering them every frame', async () => {
    const word = run(100_000);
    const result = await page().page.evaluate((word) => {
      const md = (window as unknown as MdWindow).__md;
      const measure = (source: string): { renders: number; frames: number; equal: boolean } => {
        const root = document.createElement('div');
        const scheduler = md.createManualScheduler();
        const view = md.createMarkdownView(root, { scheduler });
        let renders = 0;
        const observer = new MutationObserver((records) => {
          for (const r of records) if ((r.target as Element).classList?.contains('md-open') && r.removedNodes.length > 0) renders++;
        });
        observer.observe(root, { childList: true, subtree: true });
        let frames = 0;
        for (let i = 0; i < source.length; i += 50) {
          view.append(source.slice(i, i + 50));
          scheduler.runFrame();
          frames++;
          observer.takeRecords().forEach((r) => {
            if ((r.target as Element).classList?.contains('md-open') && r.removedNodes.length > 0) renders++;
          });
        }
        view.finish();
        observer.disconnect();
        const oneShot = document.createElement('div');
        md.createMarkdownView(oneShot, { scheduler: md.createManualScheduler() }).setText(source);
        const equal = oneShot.innerHTML === root.innerHTML && root.textContent === oneShot.textContent;
        view.dispose();
        return { renders, frames, equal };
      };
      return { paragraph: measure(`Intro.\n\nWord: ${word}`), code: measure(`Intro.\n\n\`\`\`\n${word}\n${word}\n`) };
    }, word);
    for (const [name, r] of Object.entries(result)) {
      assert.ok(r.equal, `${name}: the finished answer equals a one-shot render`);
      // Without the large-tail path every frame re-renders the open block (~2,000 renders here).
      assert.ok(r.renders < r.frames / 4, `${name}: ${r.renders} re-renders of the open block in ${r.frames} frames`);
    }
  });

  it('a closing fence split across deltas closes a large open code block', async () => {
    const line = run(60) + '\n';
    const result = await page().page.evaluate((line) => {
      const md = (window as unknown as MdWindow).__md;
      const root = document.createElement('div');
      const scheduler = md.createManualScheduler();
      const view = md.createMarkdownView(root, { scheduler });
      view.append('```\n');
      for (let i = 0; i < 400; i++) {
        view.append(line);
        scheduler.runFrame();
      }
      for (const piece of ['`', '`', '`\n', '\nAfter the code', ' block.\n']) {
        view.append(piece);
        scheduler.runFrame();
      }
      const codeText = root.querySelector('pre code')?.textContent ?? '';
      const after = Array.from(root.querySelectorAll('p')).map((p) => p.textContent);
      view.dispose();
      return { fenceInCode: codeText.includes('```'), after, lines: codeText.split('\n').length };
    }, line);
    assert.deepStrictEqual(result, { fenceInCode: false, after: ['After the code block.'], lines: 401 });
  });

  it('shows bidi controls as named markers and neutralises them, in text and code, without changing the text', async () => {
    const spoof = 'File: \u202Egnp.exe\u202C is safe';
    const result = await page().page.evaluate((spoof) => {
      const md = (window as unknown as MdWindow).__md;
      const root = document.getElementById('root') as HTMLElement;
      const view = md.createMarkdownView(root, { scheduler: md.createManualScheduler() });
      view.setText(`${spoof}\n\n\`\`\`ts\nconst s = "${spoof}";\n\`\`\`\n`);
      /** Letters of `el` in the order they appear on screen, left to right. */
      const visualOrder = (el: Element): string => {
        const chars: Array<[string, number]> = [];
        const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) {
          for (let i = 0; i < n.data.length; i++) {
            if (!/[a-z.]/.test(n.data[i])) continue;
            const r = document.createRange();
            r.setStart(n, i);
            r.setEnd(n, i + 1);
            chars.push([n.data[i], r.getBoundingClientRect().x]);
          }
        }
        return chars.sort((a, b) => a[1] - b[1]).map((c) => c[0]).join('');
      };
      const p = root.querySelector('p') as HTMLElement;
      const code = root.querySelector('pre code') as HTMLElement;
      const markers = Array.from(root.querySelectorAll('.md-bidi')).map((m) => `${m.getAttribute('data-bidi')}|${(m as HTMLElement).title.split(':')[0]}|${getComputedStyle(m, '::before').content}`);
      const out = {
        paragraphOrder: visualOrder(p),
        paragraphText: p.textContent,
        codeHighlighted: code.classList.contains('hljs'),
        codeText: code.textContent,
        codeBlock: view.getCodeBlock(0)?.code,
        markers,
      };
      view.dispose();
      return out;
    }, spoof);
    assert.strictEqual(result.paragraphOrder, 'ilegnp.exeissafe', 'reads in logical order, not as "exe.png"');
    assert.strictEqual(result.paragraphText, spoof);
    assert.strictEqual(result.codeHighlighted, true);
    assert.strictEqual(result.codeText, `const s = "${spoof}";\n`);
    assert.strictEqual(result.codeBlock, `const s = "${spoof}";`);
    assert.deepStrictEqual(result.markers, [
      'RLO|U+202E RIGHT-TO-LEFT OVERRIDE|"RLO"', 'PDF|U+202C POP DIRECTIONAL FORMATTING|"PDF"',
      'RLO|U+202E RIGHT-TO-LEFT OVERRIDE|"RLO"', 'PDF|U+202C POP DIRECTIONAL FORMATTING|"PDF"',
    ]);
  });
});
