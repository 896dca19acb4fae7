// The chat controller with real parts: the real AnthropicClient streaming from the local
// emulator (real HTTP + SSE, scripted faults) and the real HistoryStore on a temp folder.
// Only the vscode-facing edges are stand-ins: the webview (a recorder of posted messages) and
// the editor bridge (records clipboard/insert calls).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AnthropicClient } from '../../../src/api';
import { ChatController } from '../../../src/chat/chatController';
import type { ChatControllerDeps } from '../../../src/chat/chatController';
import { historyStoreAdapter } from '../../../src/chat/historyAdapter';
import type { ChatClient, ChatSettings, EditorBridge } from '../../../src/chat/types';
import type { ViewPort } from '../../../src/chat/viewChannel';
import type { ToWebview, ToWebviewOf } from '../../../src/shared/protocol';
import { HistoryStore } from '../../../src/history/historyStore';
import { startEmulator } from '../../emulator';
import type { Emulator } from '../../emulator';

/** The webview: records what the host posts and sends what the panel would. */
export class RecordingView implements ViewPort {
  readonly messages: ToWebview[] = [];
  private listener: ((m: unknown) => void) | undefined;
  private waiters: Array<{ pred: (m: ToWebview) => boolean; resolve: (m: ToWebview) => void; from: number }> = [];

  postMessage(message: ToWebview): boolean {
    // Structured clone drops undefined fields, like the real webview channel.
    const m = JSON.parse(JSON.stringify(message)) as ToWebview;
    this.messages.push(m);
    this.waiters = this.waiters.filter((w) => (w.pred(m) ? (w.resolve(m), false) : true));
    return true;
  }
  onDidReceiveMessage(listener: (m: unknown) => void): { dispose(): void } {
    this.listener = listener;
    return { dispose: () => (this.listener = undefined) };
  }
  /** What the panel would send. */
  send(m: unknown): void {
    this.listener?.(m);
  }
  /** Resolves with the first message from now on matching `pred`. */
  next<T extends ToWebview['type']>(type: T, pred: (m: Extract<ToWebview, { type: T }>) => boolean = () => true): Promise<Extract<ToWebview, { type: T }>> {
    return new Promise((resolve) => {
      this.waiters.push({ pred: (m) => m.type === type && pred(m as Extract<ToWebview, { type: T }>), resolve: resolve as (m: ToWebview) => void, from: this.messages.length });
    });
  }
  ofType<T extends ToWebview['type']>(type: T): Array<Extract<ToWebview, { type: T }>> {
    return this.messages.filter((m): m is Extract<ToWebview, { type: T }> => m.type === type);
  }
}

/** The editor bridge: records clipboard, insert, new-file and link calls. */
export class RecordingEditor implements EditorBridge {
  readonly calls: string[] = [];
  selection() {
    return { kind: 'selection' as const, label: 'sample.ts:1-3', text: 'export const answer = 42;', language: 'typescript' };
  }
  activeFile() {
    return undefined;
  }
  async copy(text: string) {
    this.calls.push(`copy:${text}`);
  }
  async insertCode(code: string) {
    this.calls.push(`insert:${code}`);
    return true;
  }
  async newFile(code: string, language?: string) {
    this.calls.push(`newFile:${language}:${code}`);
  }
  async openExternal(href: string) {
    this.calls.push(`open:${href}`);
  }
}

/** The settings every request of these tests is built with. */
export const settings: ChatSettings = {
  model: 'claude-sonnet-4-5',
  apiVersion: '2026-10-21',
  maxTokens: 1024,
  systemPrompt: 'You are terse.',
  promptCaching: true,
  thinkingBudget: 0,
};


/** What a test of the controller works with; fresh for each test. */
export interface ChatFixture {
  emulator: Emulator;
  client: AnthropicClient;
  store: HistoryStore;
  view: RecordingView;
  editor: RecordingEditor;
  controller: ChatController;
  readonly logs: string[];
  /** A controller over this test's client, store and editor, logging into `logs`. */
  newController(extra?: Partial<ChatControllerDeps>): ChatController;
  /** The panel says it listens; resolves with the reply (the full state). */
  ready(): Promise<ToWebviewOf<'panel/ready'>>;
  /** The text of turn `id` of the conversation shown (the host's one copy of it). */
  textOf(id: string): string | undefined;
  /** Sends a paced long answer and stops it after its first delta; resolves with the reply. */
  stopMidStream(requestId: string): Promise<ToWebviewOf<'answer/ask'>>;
  /** A controller in a "new extension host" over the same store (a window reload). */
  reloaded(extra?: Partial<ChatControllerDeps>): { controller: ChatController; view: RecordingView };
  /** Two answered conversations, the newer one shown; resolves with [older, newer] ids. */
  twoConversations(): Promise<[string, string]>;
}

/** Registers the suite's hooks (one emulator; a store, client, view and controller per test). */
export function chatFixture(): ChatFixture {
  let dir = '';
  let ids = 0;
  const f = { logs: [] as string[] } as unknown as ChatFixture;
  f.newController = (extra = {}) =>
    new ChatController({
      client: () => f.client as unknown as ChatClient,
      settings: () => settings,
      store: historyStoreAdapter(f.store),
      editor: f.editor,
      logger: { info: (m) => f.logs.push(`info ${m}`), warn: (m) => f.logs.push(`warn ${m}`), error: (m) => f.logs.push(`error ${m}`) },
      newId: () => `id-${++ids}`,
      ...extra,
    });
  f.ready = () => {
    const init = f.view.next('panel/ready');
    f.view.send({ type: 'panel/ready', requestId: 'ready-1' });
    return init;
  };
  f.textOf = (id) => f.controller.current.turns.find((t) => t.id === id)?.text;
  f.stopMidStream = async (requestId) => {
    f.emulator.script({ paceMs: 30, text: 'word '.repeat(200) });
    const firstDelta = f.view.next('answer/delta');
    const failed = f.view.next('answer/ask');
    f.view.send({ type: 'answer/ask', requestId, text: 'long please', chipIds: [] });
    await firstDelta;
    f.view.send({ type: 'answer/stop', answerId: requestId });
    return failed;
  };
  f.reloaded = (extra = {}) => {
    const next = f.newController(extra);
    const nextView = new RecordingView();
    next.attachView(nextView);
    return { controller: next, view: nextView };
  };
  f.twoConversations = async () => {
    await f.ready();
    let done = f.view.next('answer/ask');
    f.view.send({ type: 'answer/ask', requestId: 'r40', text: 'echo older chat', chipIds: [] });
    await done;
    const older = f.controller.current.id;
    await f.controller.newChat();
    done = f.view.next('answer/ask');
    f.view.send({ type: 'answer/ask', requestId: 'r41', text: 'echo newer chat', chipIds: [] });
    await done;
    await f.controller.flushSaves();
    return [older, f.controller.current.id];
  };

  before(async () => {
    f.emulator = await startEmulator();
  });
  after(async () => {
    await f.emulator.close();
  });
  beforeEach(async () => {
    f.emulator.reset();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-chat-'));
    f.store = new HistoryStore(dir);
    f.client = new AnthropicClient({ apiKey: 'test-key-1', baseURL: f.emulator.url, maxRetries: 3, random: () => 0.5 });
    f.view = new RecordingView();
    f.editor = new RecordingEditor();
    f.logs.length = 0;
    f.controller = f.newController({ banner: () => 'Using the local Anthropic emulator — no API key set' });
    f.controller.attachView(f.view);
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') console.log(JSON.stringify(f.view.messages.map((m) => (m.type === 'answer/delta' ? 'delta' : m)), null, 1).slice(0, 4000), f.logs);
    f.controller.dispose();
    await f.controller.flushSaves();
    await f.store.flush();
    f.store.dispose();
    f.client.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return f;
}
