import * as assert from 'assert';
import { conversationToMarkdown } from '../../../src/history/markdownExport';
import type { Conversation } from '../../../src/history/historyTypes';

const conv: Conversation = {
  schemaVersion: 1,
  id: 'x',
  title: 'Fix\nthe   parser',
  createdAt: 0,
  updatedAt: 60_000,
  messages: [
    {
      id: 'u1',
      role: 'user',
      content: 'Why does this fail?',
      status: 'complete',
      createdAt: 0,
      context: [{ kind: 'selection', label: 'p.ts:3-4', languageId: 'typescript', text: 'const s = ```;\n' }],
    },
    { id: 'a1', role: 'assistant', content: 'Because of the backticks.', status: 'partial', createdAt: 1000, model: 'claude-x', usage: { input_tokens: 10, output_tokens: 5 } },
    { id: 'a2', role: 'assistant', content: '', status: 'error', createdAt: 2000, error: 'Overloaded: try again\nlater' },
    { id: 'a3', role: 'assistant', content: 'Cut here', status: 'complete', createdAt: 3000, stopReason: 'max_tokens' },
    { id: 'a4', role: 'assistant', content: 'Half', status: 'partial', createdAt: 4000, error: 'Stopped.' },
    { id: 'a5', role: 'assistant', content: 'Done.', status: 'complete', createdAt: 5000, stopReason: 'end_turn' },
  ],
};

describe('conversationToMarkdown', () => {
  const md = conversationToMarkdown(conv, { formatTime: (t) => `T+${t / 1000}s` });

  it('puts a one-line title and the time span first', () => {
    assert.ok(md.startsWith('# Fix the parser\n\n_Claude Chat conversation, T+0s – T+60s_'), md.slice(0, 80));
  });

  it('gives each turn a heading with author, model and time, in order', () => {
    const headings = md.split('\n').filter((l) => l.startsWith('## '));
    assert.deepStrictEqual(headings, ['## You · T+0s', '## Claude (claude-x) · T+1s', '## Claude · T+2s', '## Claude · T+3s', '## Claude · T+4s', '## Claude · T+5s']);
  });

  it('fences context with a fence longer than any backtick run inside it', () => {
    assert.ok(md.includes('> Context: p.ts:3-4 (typescript)\n\n````typescript\nconst s = ```;\n````'), md);
  });

  it('marks incomplete and failed answers and shows usage', () => {
    assert.ok(md.includes('Because of the backticks.\n\n_(answer incomplete)_'));
    assert.ok(md.includes('> **Error:** Overloaded: try again later'));
    assert.ok(md.includes('<sub>10 input / 5 output tokens</sub>'));
    assert.ok(md.includes('_(no text)_'));
  });

  it('keeps the stop reason of an answer that did not end normally, and says when it was stopped', () => {
    assert.ok(md.includes('Cut here\n\n> **Stop reason `max_tokens`:** Cut off at the token limit (max_tokens).'), md);
    assert.ok(md.includes('Half\n\n_(stopped before the end)_\n\n---'), 'a stop is not an error');
    assert.ok(md.includes('Done.\n'), md);
    assert.ok(!md.includes('end_turn'), 'a normal end is not mentioned');
  });

  it('can leave context text out', () => {
    const short = conversationToMarkdown(conv, { includeContext: false, formatTime: String });
    assert.ok(short.includes('> Context: p.ts:3-4'));
    assert.ok(!short.includes('const s'));
  });

  it('formats times as UTC by default', () => {
    assert.ok(conversationToMarkdown(conv).includes('## You · 1970-01-01 00:00:00 UTC'));
  });
});
