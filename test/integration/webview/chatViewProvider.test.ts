// The chat view's provider holds only what its current view needs: resolving a new view releases
// the previous one's link and listeners, and disposing the provider releases everything. Runs in
// the real host (the provider imports vscode) with a scripted view and controller.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { ChatController } from '../../../src/chat/chatController';
import type { ViewPort } from '../../../src/chat/viewChannel';
import { ChatViewProvider } from '../../../src/webview/chatViewProvider';

/** Subscriptions a scripted view handed out and nobody has disposed yet, by view. */
class LiveSubscriptions {
  private readonly live = new Map<number, number>();

  take(view: number): vscode.Disposable {
    this.live.set(view, (this.live.get(view) ?? 0) + 1);
    let done = false;
    return {
      dispose: () => {
        if (done) return;
        done = true;
        this.live.set(view, (this.live.get(view) ?? 1) - 1);
      },
    };
  }

  of(view: number): number {
    return this.live.get(view) ?? 0;
  }

  get total(): number {
    return [...this.live.values()].reduce((a, b) => a + b, 0);
  }
}

function scriptedView(n: number, subs: LiveSubscriptions): vscode.WebviewView {
  const webview = {
    options: {},
    html: '',
    cspSource: 'vscode-resource:',
    asWebviewUri: (uri: vscode.Uri) => uri,
    postMessage: () => Promise.resolve(true),
    onDidReceiveMessage: () => subs.take(n),
  };
  return { webview, visible: true, show: () => undefined, onDidDispose: () => subs.take(n) } as unknown as vscode.WebviewView;
}

/** A controller whose link to a view listens to that view's messages, as the real one does. */
const controller = {
  attachView: (port: ViewPort) => port.onDidReceiveMessage(() => undefined),
} as unknown as ChatController;

describe('chat view provider (its disposables do not grow with every resolve)', () => {
  it('releases the previous view when a new one is resolved, and everything on dispose', () => {
    const subs = new LiveSubscriptions();
    const provider = new ChatViewProvider(vscode.Uri.file('/nonexistent-extension'));
    provider.connect(controller);
    for (let n = 1; n <= 20; n++) {
      provider.resolveWebviewView(scriptedView(n, subs));
      assert.ok(subs.of(n) > 0, `view ${n} is linked`);
      if (n > 1) assert.strictEqual(subs.of(n - 1), 0, `view ${n - 1} still holds ${subs.of(n - 1)} subscriptions after view ${n} was resolved`);
    }
    assert.ok(subs.total <= subs.of(20), `only the current view holds subscriptions (${subs.total} live)`);
    provider.dispose();
    assert.strictEqual(subs.total, 0, 'dispose releases the current view too');
  });
});
