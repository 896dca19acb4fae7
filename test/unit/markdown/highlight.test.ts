import * as assert from 'assert';
import { highlightHtml, splitHighlightHtml } from '../../../src/webview-ui/markdown/highlight';

/** Tag depth after `html`, and whether it ever went below zero. */
function balance(html: string): { depth: number; negative: boolean } {
  let depth = 0;
  let negative = false;
  for (const tag of html.match(/<\/?span[^>]*>/g) ?? []) {
    depth += tag.startsWith('</') ? -1 : 1;
    if (depth < 0) negative = true;
  }
  return { depth, negative };
}

describe('highlight output pieces', () => {
  const code = Array.from({ length: 300 }, (_, i) =>
    i % 50 === 0 ? '/* a comment\n   over two lines */' : `const v${i} = call("s<${i}>", ${i}); // note & more`,
  ).join('\n');
  const html = highlightHtml(code, 'typescript') ?? '';

  it('cuts real highlight.js output into balanced pieces that join back to the whole', () => {
    assert.match(html, /hljs-keyword/);
    const pieces = splitHighlightHtml(html, 1024);
    assert.ok(pieces.length > 5, `${pieces.length} pieces`);
    assert.strictEqual(pieces.join(''), html);
    for (const piece of pieces) assert.deepStrictEqual(balance(piece), { depth: 0, negative: false }, piece.slice(0, 80));
    for (const piece of pieces.slice(0, -1)) assert.ok(piece.length >= 1024, 'only the last piece is short');
  });

  it('never cuts inside a span, however small the limit', () => {
    const nested = '<span class="a">x<span class="b">y</span>z</span>&lt;tail&gt;<span class="c">w</span>';
    assert.deepStrictEqual(splitHighlightHtml(nested, 1), ['<span class="a">x<span class="b">y</span>z</span>&lt;tail&gt;', '<span class="c">w</span>']);
    assert.deepStrictEqual(splitHighlightHtml('plain &amp; text', 1), ['plain &amp; text']);
    assert.deepStrictEqual(splitHighlightHtml('', 10), ['']);
  });
});
