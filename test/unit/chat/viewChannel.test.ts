import * as assert from 'assert';
import { ViewChannel } from '../../../src/chat/viewChannel';
import type { ViewPort } from '../../../src/chat/viewChannel';
import type { ToWebview } from '../../../src/shared/protocol';

function port(sink: ToWebview[]): ViewPort {
  return { postMessage: (m) => void sink.push(m), onDidReceiveMessage: () => ({ dispose: () => undefined }) };
}

const snapshot: ToWebview = { type: 'panel/toggleHistory' };

describe('chat: ViewChannel (queue until ready)', () => {
  it('holds messages until ready, then sends the snapshot first and replays only transient ones', () => {
    const sent: ToWebview[] = [];
    const channel = new ViewChannel();
    channel.attach(port(sent));
    channel.post({ type: 'answer/delta', requestId: 'r', text: 'covered by the snapshot' });
    channel.post({ type: 'answer/retryWait', requestId: 'r', attempt: 1, maxRetries: 4, delayMs: 1000, until: 5, reason: 'overloaded_error' });
    channel.post({ type: 'panel/notice', message: 'Copied', level: 'info' });
    assert.strictEqual(sent.length, 0);
    channel.markReady(snapshot);
    assert.deepStrictEqual(sent.map((m) => m.type), ['panel/toggleHistory', 'answer/retryWait', 'panel/notice']);
    channel.post({ type: 'answer/delta', requestId: 'r', text: 'live' });
    assert.strictEqual(sent.length, 4);
  });

  it('a re-created webview is not ready until it says so; a detached one gets nothing', () => {
    const first: ToWebview[] = [];
    const second: ToWebview[] = [];
    const channel = new ViewChannel();
    const p1 = port(first);
    channel.attach(p1);
    channel.markReady(snapshot);
    const p2 = port(second);
    channel.attach(p2);
    channel.detach(p1); // the old view's dispose arrives late: must not detach the new one
    channel.post({ type: 'answer/delta', requestId: 'r', text: 'x' });
    assert.strictEqual(second.length, 0);
    channel.markReady(snapshot);
    channel.post({ type: 'answer/delta', requestId: 'r', text: 'y' });
    assert.deepStrictEqual(second.map((m) => m.type), ['panel/toggleHistory', 'answer/delta']);
    assert.strictEqual(first.length, 1);
    channel.detach(p2);
    assert.strictEqual(channel.isReady, false);
  });

  it('never throws when the webview is already disposed', () => {
    const channel = new ViewChannel();
    channel.attach({ postMessage: () => { throw new Error('Webview is disposed'); }, onDidReceiveMessage: () => ({ dispose: () => undefined }) });
    assert.doesNotThrow(() => channel.markReady(snapshot));
  });
});
