/** Valid protocol messages, one per type each way: the base of the parser tests and of the fuzz. */
import type { PanelState, ToHost, ToHostType, ToWebview, ToWebviewType, TurnEnd, TurnView } from '../../../src/shared/protocol';

// One valid sample per message type. Typed as Record<Type, ...> so adding a type to the union
// without a sample here is a compile error: the tests cover every message.
export const TO_HOST: Record<ToHostType, ToHost> = {
  'panel/ready': { type: 'panel/ready', requestId: 'r0', conversationId: 'conv-1', loadedMs: 420 },
  'panel/dismissBanner': { type: 'panel/dismissBanner', requestId: 'r0' },
  'panel/log': { type: 'panel/log', level: 'warn', message: 'something odd' },
  'answer/ask': { type: 'answer/ask', requestId: 'r1', text: 'Hello', chipIds: ['c1', 'c2'] },
  'answer/regenerate': { type: 'answer/regenerate', requestId: 'r-2' },
  'answer/editLast': { type: 'answer/editLast', requestId: 'r3', text: 'Again', omitTurnIds: ['t1', 't2'] },
  'composer/draft': { type: 'composer/draft', text: '', chipIds: ['c1'], editing: false },
  'budget/check': { type: 'budget/check', requestId: 'r3b', text: 'Hello', chipIds: [], editing: true, omitTurnIds: ['t1'] },
  'answer/continue': { type: 'answer/continue', requestId: 'r4' },
  'answer/stop': { type: 'answer/stop', answerId: 'r1' },
  'answer/retryNow': { type: 'answer/retryNow', answerId: 'r1' },
  'editor/copy': { type: 'editor/copy', requestId: 'r5', text: 'const a = 1;' },
  'editor/insertCode': { type: 'editor/insertCode', requestId: 'r6', code: 'x()', language: 'typescript' },
  'editor/newFile': { type: 'editor/newFile', requestId: 'r7', code: 'print(1)', language: 'python' },
  'editor/openLink': { type: 'editor/openLink', requestId: 'r8', href: 'https://example.com/a?b=c' },
  'conversation/new': { type: 'conversation/new', requestId: 'r9' },
  'conversation/open': { type: 'conversation/open', requestId: 'r10', conversationId: 'conv_1' },
  'conversation/rename': { type: 'conversation/rename', requestId: 'r11', conversationId: 'conv_1', title: 'Renamed' },
  'conversation/delete': { type: 'conversation/delete', requestId: 'r12', conversationId: 'conv_1' },
  'model/pick': { type: 'model/pick', requestId: 'r13', model: 'claude-sonnet-4-5' },
  'context/attachSelection': { type: 'context/attachSelection', requestId: 'r14' },
  'context/attachFile': { type: 'context/attachFile', requestId: 'r15' },
  'context/removeChip': { type: 'context/removeChip', requestId: 'r16', chipId: 'c1' },
};

export const usage = { input_tokens: 10, output_tokens: 20, cache_creation_input_tokens: 0, cache_read_input_tokens: 5 };
export const userTurn: TurnView = { id: 't1', role: 'user', text: 'Hi', status: 'complete', chips: [{ id: 'c1', kind: 'selection', label: 'a.ts:1-3' }] };
export const answerTurn: TurnView = { id: 't2', role: 'assistant', text: '**Hello**', status: 'complete', model: 'claude-sonnet-4-5', usage, cost: 0.0012, cacheSavings: 0.0001 };
export const trimmedQuestion: TurnView = { id: 't3', role: 'user', text: 'And now?', status: 'complete', leftOut: 2 };
export const answerEnd: TurnEnd = { id: 't2', status: 'complete', model: 'claude-sonnet-4-5', usage, cost: 0.0012, stopReason: 'max_tokens' };
export const state: PanelState = {
  conversation: { id: 'conv_1', title: 'Greeting', turns: [userTurn, answerTurn, trimmedQuestion] },
  history: [{ id: 'conv_1', title: 'Greeting', updatedAt: 1764000000000, tokens: 35, cost: 0.0012 }, { id: 'conv_0', title: 'Old file', updatedAt: 1763000000000 }],
  models: ['claude-sonnet-4-5', 'claude-opus-4-5'],
  model: 'claude-sonnet-4-5',
  chips: [],
  busyRequestId: 'r1',
  banner: 'Using the local Anthropic emulator — no API key set',
};
const idle = { ...state, busyRequestId: undefined, banner: undefined };
const notice = { message: 'That conversation no longer exists.', level: 'warn' } as const;
const chips = [{ id: 'c9', kind: 'file', label: 'main.ts' }] as const;

export const TO_WEBVIEW: Record<ToWebviewType, ToWebview> = {
  'panel/ready': { type: 'panel/ready', requestId: 'r0', state, draft: 'half a thought' },
  'panel/dismissBanner': { type: 'panel/dismissBanner', requestId: 'r0' },
  'answer/ask': { type: 'answer/ask', requestId: 'r1', turn: answerEnd },
  'answer/regenerate': { type: 'answer/regenerate', requestId: 'r-2', turn: { id: 't2', status: 'stopped', errorMessage: 'Stopped.' } },
  'answer/editLast': { type: 'answer/editLast', requestId: 'r3', turn: { id: 't2', status: 'partial', errorMessage: 'Connection reset', usage } },
  'answer/continue': { type: 'answer/continue', requestId: 'r4', turn: { id: 't2', status: 'error', errorMessage: 'Overloaded' } },
  'editor/copy': { type: 'editor/copy', requestId: 'r5', notice: { message: 'Copied to the clipboard.', level: 'info' } },
  'editor/insertCode': { type: 'editor/insertCode', requestId: 'r6', notice: { message: 'Open an editor to insert code.', level: 'warn' } },
  'editor/newFile': { type: 'editor/newFile', requestId: 'r7' },
  'editor/openLink': { type: 'editor/openLink', requestId: 'r8' },
  'conversation/new': { type: 'conversation/new', requestId: 'r9', state: idle },
  'conversation/open': { type: 'conversation/open', requestId: 'r10', state: idle, notice },
  'conversation/rename': { type: 'conversation/rename', requestId: 'r11', state: idle },
  'conversation/delete': { type: 'conversation/delete', requestId: 'r12', state: idle },
  'model/pick': { type: 'model/pick', requestId: 'r13', models: ['a', 'b'], model: 'b' },
  'context/attachSelection': { type: 'context/attachSelection', requestId: 'r14', chips },
  'context/attachFile': { type: 'context/attachFile', requestId: 'r15', chips: [], notice: { message: 'Open a file in an editor first.', level: 'warn' } },
  'context/removeChip': { type: 'context/removeChip', requestId: 'r16', chips: [] },
  'conversation/state': { type: 'conversation/state', state: idle },
  'answer/userTurn': { type: 'answer/userTurn', requestId: 'r1', turn: userTurn },
  'answer/start': { type: 'answer/start', requestId: 'r1', turnId: 't2', mode: 'continue', model: 'claude-sonnet-4-5' },
  'answer/delta': { type: 'answer/delta', requestId: 'r1', text: 'Hel' },
  'answer/retryWait': { type: 'answer/retryWait', requestId: 'r1', attempt: 1, maxRetries: 4, delayMs: 8000, until: 1764000008000, reason: 'overloaded_error' },
  'answer/usage': { type: 'answer/usage', requestId: 'r1', usage },
  'history/list': { type: 'history/list', items: state.history },
  'budget/check': {
    type: 'budget/check',
    requestId: 'r3b',
    overrun: {
      tokens: 210_000,
      contextWindow: 200_000,
      costUsd: 0.63,
      costLimitUsd: 0.5,
      overWindow: true,
      overCost: true,
      options: [
        { kind: 'oldestTurns', turnIds: ['t1', 't2'], turns: 2, estimatedTokens: 150_000, fits: true },
        { kind: 'attachment', chipId: 'c9', label: 'main.ts', estimatedTokens: 190_000, fits: true },
      ],
    },
  },
  'budget/held': {
    type: 'budget/held',
    text: 'Explain this code',
    chipIds: ['c9'],
    overrun: { tokens: 210_000, contextWindow: 200_000, overWindow: true, overCost: false, options: [{ kind: 'attachment', chipId: 'c9', label: 'main.ts', estimatedTokens: 190_000, fits: true }] },
  },
  'budget/reading': { type: 'budget/reading', reading: { state: 'counted', tokens: 12_345, contextWindow: 200_000, costUsd: 0.037, costLimitUsd: 0.5 } },
  'context/chips': { type: 'context/chips', chips },
  'model/list': { type: 'model/list', models: ['a', 'b'], model: 'a' },
  'panel/notice': { type: 'panel/notice', message: 'Copied to the clipboard.', level: 'info' },
  'panel/toggleHistory': { type: 'panel/toggleHistory' },
  'request/error': { type: 'request/error', requestId: 'r1', message: 'An answer is still streaming; stop it first.', kind: 'protocol' },
};
