/** Valid protocol messages, one per type each way: the base of the parser tests and of the fuzz. */
import type { PanelState, ToHost, ToHostType, ToWebview, ToWebviewType, TurnView } from '../../../src/shared/protocol';

// One valid sample per message type. Typed as Record<Type, ...> so adding a type to the union
// without a sample here is a compile error: the tests cover every message.
export const TO_HOST: Record<ToHostType, ToHost> = {
  ready: { type: 'ready', conversationId: 'conv-1', loadedMs: 420 },
  dismissBanner: { type: 'dismissBanner' },
  send: { type: 'send', requestId: 'r1', text: 'Hello', chipIds: ['c1', 'c2'] },
  stop: { type: 'stop', requestId: 'r1' },
  retryNow: { type: 'retryNow', requestId: 'r1' },
  regenerate: { type: 'regenerate', requestId: 'r-2' },
  editLast: { type: 'editLast', requestId: 'r3', text: 'Again' },
  continue: { type: 'continue', requestId: 'r4' },
  copy: { type: 'copy', text: 'const a = 1;' },
  insertCode: { type: 'insertCode', code: 'x()', language: 'typescript' },
  newFile: { type: 'newFile', code: 'print(1)', language: 'python' },
  openLink: { type: 'openLink', href: 'https://example.com/a?b=c' },
  newChat: { type: 'newChat' },
  switchConversation: { type: 'switchConversation', conversationId: 'conv_1' },
  renameConversation: { type: 'renameConversation', conversationId: 'conv_1', title: 'Renamed' },
  deleteConversation: { type: 'deleteConversation', conversationId: 'conv_1' },
  pickModel: { type: 'pickModel', model: 'claude-sonnet-4-5' },
  attachSelection: { type: 'attachSelection' },
  attachFile: { type: 'attachFile' },
  removeChip: { type: 'removeChip', chipId: 'c1' },
  log: { type: 'log', level: 'warn', message: 'something odd' },
};

export const usage = { inputTokens: 10, outputTokens: 20, cacheCreationInputTokens: 0, cacheReadInputTokens: 5 };
export const userTurn: TurnView = { id: 't1', role: 'user', text: 'Hi', status: 'complete', chips: [{ id: 'c1', kind: 'selection', label: 'a.ts:1-3' }] };
export const answerTurn: TurnView = { id: 't2', role: 'assistant', text: '**Hello**', status: 'complete', model: 'claude-sonnet-4-5', usage, cost: 0.0012 };
export const state: PanelState = {
  conversation: { id: 'conv_1', title: 'Greeting', turns: [userTurn, answerTurn] },
  history: [{ id: 'conv_1', title: 'Greeting', updatedAt: 1764000000000 }],
  models: ['claude-sonnet-4-5', 'claude-opus-4-5'],
  model: 'claude-sonnet-4-5',
  chips: [],
  busyRequestId: 'r1',
  banner: 'Using the local Anthropic emulator — no API key set',
};

export const TO_WEBVIEW: Record<ToWebviewType, ToWebview> = {
  init: { type: 'init', state },
  state: { type: 'state', state: { ...state, busyRequestId: undefined, banner: undefined } },
  userMessage: { type: 'userMessage', requestId: 'r1', turn: userTurn },
  answerStart: { type: 'answerStart', requestId: 'r1', turnId: 't2', mode: 'continue', model: 'claude-sonnet-4-5' },
  delta: { type: 'delta', requestId: 'r1', text: 'Hel' },
  retryWait: { type: 'retryWait', requestId: 'r1', attempt: 1, maxRetries: 4, delayMs: 8000, until: 1764000008000, reason: 'overloaded_error' },
  usage: { type: 'usage', requestId: 'r1', usage },
  done: { type: 'done', requestId: 'r1', turn: { ...answerTurn, stopReason: 'max_tokens' }, usage, cost: 0.0012 },
  error: { type: 'error', requestId: 'r1', message: 'Connection reset', kind: 'connection', partial: true, turnId: 't2' },
  history: { type: 'history', items: state.history },
  chips: { type: 'chips', chips: [{ id: 'c9', kind: 'file', label: 'main.ts' }] },
  busy: { type: 'busy', requestId: 'r1' },
  models: { type: 'models', models: ['a', 'b'], model: 'a' },
  notice: { type: 'notice', message: 'Copied to the clipboard.', level: 'info' },
  toggleHistory: { type: 'toggleHistory' },
};
