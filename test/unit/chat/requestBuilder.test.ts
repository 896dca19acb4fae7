import * as assert from 'assert';
import { buildRequest, userContent } from '../../../src/chat/requestBuilder';
import type { ChatSettings, ChatTurn } from '../../../src/chat/types';
import { costOf, formatCost, priceOf } from '../../../src/shared/pricing';

const base: ChatSettings = {
  model: 'claude-sonnet-4-5',
  apiVersion: '2026-10-21',
  maxTokens: 4096,
  temperature: 0,
  systemPrompt: 'Be brief.',
  promptCaching: true,
  thinkingBudget: 0,
};

const turns: ChatTurn[] = [
  { id: 'u1', role: 'user', text: 'First', status: 'complete' },
  { id: 'a1', role: 'assistant', text: 'Answer one', status: 'complete' },
  { id: 'u2', role: 'user', text: 'Second', status: 'complete', context: [{ id: 'c', kind: 'selection', label: 'a.ts:1-2', text: 'const x = 1;', language: 'typescript' }] },
];

describe('chat: buildRequest', () => {
  it('marks the system prompt and the last user turn with cache_control when caching is on', () => {
    const body = buildRequest(turns, base);
    assert.deepStrictEqual(body.system, [{ type: 'text', text: 'Be brief.', cache_control: { type: 'ephemeral' } }]);
    assert.strictEqual(body.messages.length, 3);
    assert.strictEqual(body.messages[0].content, 'First');
    const last = body.messages[2].content;
    assert.ok(Array.isArray(last));
    assert.deepStrictEqual(last[0].cache_control, { type: 'ephemeral' });
    assert.match(last[0].text, /Selected code \(a\.ts:1-2\):\n```typescript\nconst x = 1;\n```\n\nSecond$/);
  });

  it('sends plain strings without cache_control when caching is off, and no system when it is empty', () => {
    const body = buildRequest(turns, { ...base, promptCaching: false, systemPrompt: '  ' });
    assert.strictEqual(body.system, undefined);
    assert.ok(body.messages.every((m) => typeof m.content === 'string'));
  });

  it('sends temperature only under 2023-06-01 (0 stays 0), never under the current version', () => {
    assert.strictEqual('temperature' in buildRequest(turns, base), false);
    assert.strictEqual(buildRequest(turns, { ...base, apiVersion: '2023-06-01' }).temperature, 0);
    assert.strictEqual('temperature' in buildRequest(turns, { ...base, apiVersion: '2023-06-01', temperature: null }), false);
  });

  it('adds thinking only with a valid budget, and then no temperature', () => {
    const body = buildRequest(turns, { ...base, apiVersion: '2023-06-01', temperature: 0.5, thinkingBudget: 2048 });
    assert.deepStrictEqual(body.thinking, { type: 'enabled', budget_tokens: 2048 });
    assert.strictEqual(body.temperature, undefined);
    assert.strictEqual(buildRequest(turns, { ...base, thinkingBudget: 512 }).thinking, undefined);
    assert.strictEqual(buildRequest(turns, { ...base, thinkingBudget: 8192 }).thinking, undefined, 'budget must stay below max_tokens');
  });

  it('ends with the partial answer as an assistant prefill (trailing whitespace trimmed) and drops thinking', () => {
    const body = buildRequest(turns, { ...base, thinkingBudget: 2048 }, { prefill: 'Half an answer \n\n' });
    const last = body.messages[body.messages.length - 1];
    assert.deepStrictEqual(last, { role: 'assistant', content: 'Half an answer' });
    assert.strictEqual(body.thinking, undefined);
  });

  it('skips empty failed answers and merges the neighbouring user turns so roles alternate', () => {
    const body = buildRequest(
      [
        { id: 'u1', role: 'user', text: 'One', status: 'complete' },
        { id: 'a1', role: 'assistant', text: '', status: 'error' },
        { id: 'u2', role: 'user', text: 'Two', status: 'complete' },
      ],
      { ...base, promptCaching: false },
    );
    assert.deepStrictEqual(body.messages, [{ role: 'user', content: 'One\n\nTwo' }]);
  });

  it('wraps context in a fence longer than any fence inside it', () => {
    const text = userContent('Q', [{ id: 'c', kind: 'file', label: 'r.md', text: 'a\n`````\nb' }]);
    assert.match(text, /^File \(r\.md\):\n``````\n/);
  });
});

describe('shared: pricing', () => {
  it('finds the longest matching prefix', () => {
    assert.strictEqual(priceOf('claude-opus-4-1-20250805')?.input, 15);
    assert.strictEqual(priceOf('claude-opus-4-5-20251101')?.input, 5);
    assert.strictEqual(priceOf('gpt-4'), undefined);
  });

  it('prices input, output and both cache kinds', () => {
    const usage = { input_tokens: 1_000_000, output_tokens: 1_000_000, cache_creation_input_tokens: 1_000_000, cache_read_input_tokens: 1_000_000 };
    // Sonnet: 3 + 15 + 3.75 + 0.30
    assert.ok(Math.abs((costOf('claude-sonnet-4-5', usage) ?? 0) - 22.05) < 1e-9);
    assert.strictEqual(costOf('unknown-model', usage), undefined);
  });

  it('formats small and large costs', () => {
    assert.strictEqual(formatCost(0.00123), '$0.0012');
    assert.strictEqual(formatCost(0.5), '$0.500');
    assert.strictEqual(formatCost(12.345), '$12.35');
  });
});

describe('chat: errorKind', () => {
  it('classifies by the error type even when class names are minified', async () => {
    const { errorKind, errorMessage } = await import('../../../src/chat/errorMap');
    const minified = Object.assign(new Error('x'), { name: 't', type: 'overloaded_error', status: 529 });
    assert.strictEqual(errorKind(minified), 'overloaded');
    assert.strictEqual(errorKind(Object.assign(new Error('x'), { name: 'e', type: 'connection_error' })), 'connection');
    assert.strictEqual(errorKind(Object.assign(new Error('x'), { name: 'e', type: 'abort_error' })), 'aborted');
    assert.strictEqual(errorKind(Object.assign(new Error('x'), { status: 503 })), 'api');
    assert.strictEqual(errorKind('nope'), 'unknown');
    // Built at run time so no key-shaped string is written into the repo.
    const keyShaped = ['sk', 'ant', 'fake', 'test', 'key', '1'].join('-');
    assert.strictEqual(errorMessage(new Error(`bad key ${keyShaped} and Bearer test-key-1`)), 'bad key [redacted] and Bearer [redacted]');
  });
});
