// The composer's draft kept on the host: each change the panel reports is written (coalesced,
// atomic) to a file in the workspace's storage, and the first `panel/ready` after a reload gets it
// back, so a webview state that code-server restored from up to a minute earlier cannot lose it.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type * as vscode from 'vscode';
import { panelMemento } from '../../../src/webview/panelMemento';
import { chatFixture } from './chatFixture';

type MementoContext = Parameters<typeof panelMemento>[0];

function context(storage: string | undefined): MementoContext {
  const values = new Map<string, unknown>();
  const memento = {
    get: <T>(key: string): T | undefined => values.get(key) as T | undefined,
    update: (key: string, value: unknown): Thenable<void> => {
      values.set(key, value);
      return Promise.resolve();
    },
  };
  return { globalState: memento, workspaceState: memento, storageUri: storage ? ({ fsPath: storage } as vscode.Uri) : undefined } as unknown as MementoContext;
}

describe('chat: the composer draft kept on the host across a reload', function () {
  const f = chatFixture();
  let dir = '';

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-draft-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('the newest text typed reaches the file, and only the first ready after the reload gets it back', async () => {
    const ctx = context(path.join(dir, 'ws'));
    const { controller: before, view } = f.reloaded(panelMemento(ctx, undefined));
    const ready = view.next('panel/ready');
    view.send({ type: 'panel/ready', requestId: 'ready-1' });
    assert.strictEqual((await ready).draft, undefined, 'nothing kept yet');
    for (const text of ['half', 'half a thought', 'half a thought, typed on']) view.send({ type: 'composer/draft', text, chipIds: [], editing: false });
    const file = path.join(dir, 'ws', 'composer-draft.json');
    // The writes are coalesced on the host's own queue; wait for the newest to land.
    for (let i = 0; i < 200 && !fs.existsSync(file); i++) await new Promise((r) => setTimeout(r, 10));
    for (let i = 0; i < 200 && !fs.readFileSync(file, 'utf8').includes('typed on'); i++) await new Promise((r) => setTimeout(r, 10));
    assert.deepStrictEqual(JSON.parse(fs.readFileSync(file, 'utf8')), { draft: 'half a thought, typed on' });
    before.dispose();

    const { controller: after, view: reloaded } = f.reloaded(panelMemento(ctx, undefined));
    const first = reloaded.next('panel/ready');
    reloaded.send({ type: 'panel/ready', requestId: 'ready-2' });
    assert.strictEqual((await first).draft, 'half a thought, typed on');
    const second = reloaded.next('panel/ready');
    reloaded.send({ type: 'panel/ready', requestId: 'ready-3' });
    assert.strictEqual((await second).draft, undefined, 'a panel shown again in the same host keeps its own state');
    after.dispose();
  });

  it('a sent message leaves an empty draft kept; a damaged file is no draft; no storage folder uses workspaceState', async () => {
    const ctx = context(path.join(dir, 'ws'));
    const memento = panelMemento(ctx, undefined);
    await memento.rememberDraft?.('about to send');
    await memento.rememberDraft?.('');
    assert.strictEqual(await panelMemento(ctx, undefined).lastDraft?.(), '');
    fs.writeFileSync(path.join(dir, 'ws', 'composer-draft.json'), '{"draft": 4');
    assert.strictEqual(await panelMemento(ctx, undefined).lastDraft?.(), undefined);
    const noFolder = context(undefined);
    await panelMemento(noFolder, undefined).rememberDraft?.('kept in workspaceState');
    assert.strictEqual(await panelMemento(noFolder, undefined).lastDraft?.(), 'kept in workspaceState');
  });
});
