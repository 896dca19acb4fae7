import * as assert from 'assert';
import { Lexer } from 'marked';
import { collectDefinitions, countFinal, emptyLinkMap, isPathologicallyNested, lexTail, linkSignature, markedOptions } from '../../../src/webview-ui/markdown/blocks';
import { LineEndingNormalizer, normalizeLineEndings } from '../../../src/webview-ui/markdown/normalize';
import { fenceLanguage } from '../../../src/webview-ui/markdown/renderBlock';

function frozenRaws(text: string): string[] {
  const lex = lexTail(text, emptyLinkMap(), false);
  return lex.tokens.slice(0, lex.freezeCount).map((t) => t.raw);
}

/** Freezes the way the view does, feeding `text` in pieces; returns the raw of every frozen block. */
function streamFreeze(pieces: string[]): string[] {
  let source = '';
  let offset = 0;
  const frozen: string[] = [];
  for (const piece of pieces) {
    source += piece;
    const lex = lexTail(source.slice(offset), emptyLinkMap(), false);
    for (const token of lex.tokens.slice(0, lex.freezeCount)) {
      frozen.push(token.raw);
      offset += token.raw.length;
    }
  }
  return frozen;
}

describe('markdown block splitting', () => {
  it('freezes a paragraph only once the next block’s first line is complete', () => {
    assert.deepStrictEqual(frozenRaws('para\n___'), []);
    assert.deepStrictEqual(frozenRaws('para\n___\n'), ['para\n']);
    assert.deepStrictEqual(frozenRaws('para\n___x\n'), []);
  });

  it('keeps a loose list open across blank lines until a non-list block starts', () => {
    assert.deepStrictEqual(frozenRaws('- a\n\n- b\n\n'), []);
    const raws = frozenRaws('- a\n\n- b\n\nafter\n');
    assert.strictEqual(raws[0], '- a\n\n- b');
    assert.strictEqual(raws.length, 2); // the list and the blank line; "after" stays open
  });

  it('does not freeze inside an unclosed fence, even past blank lines', () => {
    assert.deepStrictEqual(frozenRaws('```js\nconst a = 1;\n\n\nconst b = 2;\n'), []);
    assert.deepStrictEqual(frozenRaws('```js\nx\n```\nnext line\n'), ['```js\nx\n```\n']);
  });

  it('lets a setext underline turn the paragraph into a heading before anything is frozen', () => {
    assert.deepStrictEqual(frozenRaws('Title\n'), []);
    assert.deepStrictEqual(frozenRaws('Title\n===\nbody\n').length, 1);
    assert.match(frozenRaws('Title\n===\nbody\n')[0], /^Title\n===/);
  });

  it('finished text freezes every block', () => {
    const lex = lexTail('a\n\nb', emptyLinkMap(), true);
    assert.strictEqual(lex.freezeCount, lex.tokens.length);
    assert.ok(lex.freezeCount >= 2);
  });

  it('refuses to freeze when raws do not add up to the source', () => {
    const tokens = new Lexer(markedOptions).lex('a\n\nb\n\nc\n');
    assert.ok(countFinal('a\n\nb\n\nc\n', tokens) > 0);
    assert.strictEqual(countFinal('a\n\nb\n\nc\nEXTRA', tokens), 0);
  });

  it('freezes the same blocks whatever the chunking (1-char and seeded random splits)', () => {
    const doc = [
      '# Heading\n', 'Some *prose* with `code` and a [link](https://example.com).\n\n',
      '1. one\n2. two\n\n   nested para\n\n3. three\n\n', '> quote\nlazy\n\n', '| a | b |\n|---|---|\n| 1 | 2 |\n\n',
      '```ts\nconst x = 1;\n\n\nexport { x };\n```\n', 'Setext\n---\n', 'para\n___\n', 'tail text',
    ].join('');
    const whole = frozenRaws(doc);
    assert.ok(whole.length > 10, 'the sample has many blocks');
    assert.deepStrictEqual(streamFreeze(doc.split('')), whole);
    let seed = 12345;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let run = 0; run < 20; run++) {
      const pieces: string[] = [];
      for (let i = 0; i < doc.length; ) {
        const n = 1 + Math.floor(random() * 12);
        pieces.push(doc.slice(i, i + n));
        i += n;
      }
      assert.deepStrictEqual(streamFreeze(pieces), whole, `run ${run}`);
    }
  });

  it('collects definitions at any depth, first one wins', () => {
    const links = emptyLinkMap();
    for (const token of new Lexer(markedOptions).lex('[a]: https://one\n[A]: https://two\n\n> [b]: https://three\n')) {
      collectDefinitions(token, links);
    }
    assert.strictEqual(links.a?.href, 'https://one');
    assert.strictEqual(links.b?.href, 'https://three');
    assert.notStrictEqual(linkSignature(links), linkSignature(emptyLinkMap()));
  });

  it('resolves references in the tail with definitions from frozen blocks', () => {
    const links = emptyLinkMap();
    links.x = { href: 'https://frozen.example/', title: null };
    const lex = lexTail('see [it][x]\n', links, true);
    assert.match(JSON.stringify(lex.tokens), /https:\/\/frozen\.example\//);
  });
});

describe('hostile nesting', () => {
  it('shows thousands of nested quotes or list levels literally instead of overflowing or hanging', () => {
    const quotes = '> '.repeat(5000) + 'deep\n';
    const lists = Array.from({ length: 3000 }, (_, i) => ' '.repeat(i * 2) + '- x').join('\n');
    for (const text of [quotes, lists]) {
      assert.ok(isPathologicallyNested(text));
      const lex = lexTail(text, emptyLinkMap(), true);
      assert.strictEqual(lex.tokens.length, 1);
      assert.strictEqual(lex.tokens[0].type, 'code');
      assert.strictEqual(lex.tokens[0].raw, text, 'nothing is lost');
    }
  });

  it('leaves ordinary nesting and deeply indented code alone', () => {
    assert.ok(!isPathologicallyNested('> a\n> > b\n\n- x\n  - y\n    - z\n'));
    assert.ok(!isPathologicallyNested('```\n' + ' '.repeat(400) + 'deep();\n```\n'));
    const lex = lexTail('> a\n> > b\n', emptyLinkMap(), true);
    assert.strictEqual(lex.tokens[0].type, 'blockquote');
  });
});

describe('line endings', () => {
  it('normalises CRLF and lone CR, also across delta boundaries', () => {
    const n = new LineEndingNormalizer();
    const out = ['a\r', '\nb\r', 'c\r\n', '\r', '', '\n', 'd'].map((d) => n.push(d)).join('');
    assert.strictEqual(out, 'a\nb\nc\n\nd');
    assert.strictEqual(out, normalizeLineEndings('a\r\nb\rc\r\n\r\nd'));
  });
});

describe('fence language', () => {
  it('accepts language words and rejects markup', () => {
    assert.strictEqual(fenceLanguage('TypeScript {title="x"}'), 'typescript');
    assert.strictEqual(fenceLanguage('c++'), 'c++');
    assert.strictEqual(fenceLanguage('"><img src=x onerror=alert(1)>'), undefined);
    assert.strictEqual(fenceLanguage(''), undefined);
  });
});
