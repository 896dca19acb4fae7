import * as assert from 'assert';
import { seededRandom } from '../../support/seededRandom';
import { titleFrom } from '../../../src/chat/conversation';
import { parseToWebview } from '../../../src/shared/parseToWebview';
import { isBlank, isOneLine, toOneLine } from '../../../src/shared/textKinds';
import { LIMITS } from '../../../src/shared/validate';
import { MAX_TITLE_LENGTH, normalizeTitle } from '../../../src/history/validate';

/** Random text full of what breaks titles: controls, lone and paired surrogates, whitespace. */
function nastyText(random: () => number, length: number): string {
  const pool = ['a', 'Z', ' ', '\t', '\n', '\u0000', '\u007f', '\u0085', '\u2028', '\ud83d', '\ude00', '\u{1F600}', '\u200b', 'é', '\u202e'];
  let s = '';
  while (s.length < length) s += pool[Math.floor(random() * pool.length)];
  return s;
}

describe('textKinds: one-line names the panel accepts', () => {
  it('toOneLine gives a one-line name within the limit, idempotently, for 2,000 seeded nasty inputs', () => {
    const random = seededRandom(99);
    for (let i = 0; i < 2000; i++) {
      const text = nastyText(random, Math.floor(random() * 300));
      const line = toOneLine(text, 60, 'fallback');
      assert.ok(isOneLine(line), `not one line: ${JSON.stringify(line)} from ${JSON.stringify(text)}`);
      assert.ok(line.length <= 60, `too long: ${line.length}`);
      assert.strictEqual(toOneLine(line, 60, 'fallback'), line, 'normalizing twice changes it');
    }
  });

  it('cuts a long title before an emoji that straddles the limit, never through it', () => {
    const prompt = `${'a'.repeat(58)}\u{1F600} and more`;
    const title = titleFrom(prompt);
    assert.ok(isOneLine(title), JSON.stringify(title));
    assert.strictEqual(title, `${'a'.repeat(58)}…`);
    const stored = normalizeTitle(`${'b'.repeat(MAX_TITLE_LENGTH - 2)}\u{1F600}${'c'.repeat(10)}`);
    assert.ok(isOneLine(stored) && stored.length <= MAX_TITLE_LENGTH, JSON.stringify(stored.slice(-4)));
  });

  it('titles the host makes from any prompt pass the panel parser (a refused title would cost the whole state)', () => {
    const random = seededRandom(7);
    for (let i = 0; i < 500; i++) {
      const title = titleFrom(nastyText(random, 80));
      const stored = normalizeTitle(nastyText(random, 260));
      const r = parseToWebview({ type: 'history/list', items: [{ id: 'c1', title, updatedAt: 1 }, { id: 'c2', title: stored, updatedAt: 2 }] });
      assert.ok(r.ok, r.ok ? '' : `${r.error}: ${JSON.stringify([title, stored])}`);
    }
    assert.ok(MAX_TITLE_LENGTH <= LIMITS.title, 'stored titles fit the protocol limit');
  });

  it('blank means nothing visible: whitespace, line breaks, zero-width characters', () => {
    for (const s of ['', ' ', '\n\t\r', '\u00a0\u3000', '\u200b\u200c\u200d\u2060']) assert.ok(isBlank(s), JSON.stringify(s));
    for (const s of ['.', ' a ', '\u{1F600}', '\u0000']) assert.ok(!isBlank(s), JSON.stringify(s));
  });
});
