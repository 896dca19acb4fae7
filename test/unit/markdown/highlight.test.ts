import * as assert from 'assert';
import hljs from 'highlight.js/lib/core';
import java from 'highlight.js/lib/languages/java';
import { compileGrammar, highlightHtml, needsGrammar, splitHighlightHtml } from '../../../src/webview-ui/markdown/highlight';

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

describe('grammar compile stages', () => {
  it('compiles a grammar in two stages and highlights exactly as a fresh highlight.js does', () => {
    const code = 'import java.util.List;\npublic class A<T extends Comparable<T>> {\n  /** doc */\n  private final List<Map<String, T>> xs = new ArrayList<>(); // c\n  int f() { return 0x1F + 2.5e3; }\n}\n';
    assert.strictEqual(needsGrammar('java'), true, 'not compiled before first use');
    assert.strictEqual(compileGrammar('java'), true, 'a stage is left after the modes');
    assert.strictEqual(needsGrammar('java'), true);
    assert.strictEqual(compileGrammar('java'), false, 'done after the matcher ran');
    assert.strictEqual(needsGrammar('java'), false);
    assert.strictEqual(compileGrammar('java'), false, 'nothing more to do');
    const fresh = hljs.newInstance();
    fresh.registerLanguage('java', java);
    const expected = fresh.highlight(code, { language: 'java', ignoreIllegals: true }).value;
    assert.match(expected, /hljs-keyword/);
    assert.strictEqual(highlightHtml(code, 'java'), expected);
  });

  it('counts aliases as the same grammar and ignores unknown languages', () => {
    highlightHtml('let a = 1;', 'typescript');
    assert.strictEqual(needsGrammar('ts'), false);
    assert.strictEqual(needsGrammar('klingon'), false);
    assert.strictEqual(compileGrammar('klingon'), false);
  });
});
