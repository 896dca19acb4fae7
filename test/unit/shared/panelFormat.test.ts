// Pure helpers of the panel (no DOM): the retry line, the usage line, the stored view state.
import * as assert from 'assert';
import { retryReason, retryText, usageText } from '../../../src/webview-ui/format';
import { toViewState } from '../../../src/webview-ui/vscodeApi';
import { contentSecurityPolicy, makeNonce, panelHtml } from '../../../src/webview/html';

describe('panel: wording and view state', () => {
  it('words a retry wait the way the issue asks', () => {
    assert.strictEqual(retryText('overloaded_error', 8, 1, 4), 'Overloaded — retrying in 8 s, attempt 2 of 5');
    assert.strictEqual(retryText('rate_limit_error', 0, 3, 4), 'Rate limited — retrying now, attempt 4 of 5');
    assert.strictEqual(retryReason('some_new_reason'), 'Some new reason');
    assert.strictEqual(retryReason(''), 'Temporary error');
  });

  it('shows usage with cache tokens and cost only when present', () => {
    assert.strictEqual(usageText({ input_tokens: 1234, output_tokens: 56, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 }, undefined), '1,234 in · 56 out');
    assert.strictEqual(
      usageText({ input_tokens: 10, output_tokens: 20, cache_creation_input_tokens: 300, cache_read_input_tokens: 4000 }, 0.0123),
      '10 in · 20 out · 4,000 cache read · 300 cache write · ≈ $0.012',
    );
  });

  it('shows no output count or cost before the API reported them (streaming, stopped)', () => {
    const u = { input_tokens: 1234, output_tokens: 1, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };
    assert.strictEqual(usageText(u, 0.004, false, true), '1,234 in');
    assert.strictEqual(usageText(u, 0.004, false), '1,234 in · output not reported');
  });

  it('reads stored view state defensively (older builds, garbage)', () => {
    assert.deepStrictEqual(toViewState(undefined), { draft: '', scrollTop: 0, historyOpen: false });
    assert.deepStrictEqual(toViewState({ draft: 'hi', scrollTop: 120, historyOpen: true }), { draft: 'hi', scrollTop: 120, historyOpen: true });
    assert.deepStrictEqual(toViewState({ draft: 5, scrollTop: -3, historyOpen: 'yes' }), { draft: '', scrollTop: 0, historyOpen: false });
  });
});

describe('panel: HTML and CSP', () => {
  it('allows nothing by default, scripts only by nonce, styles and fonts only from the extension', () => {
    const csp = contentSecurityPolicy('https://ext.example', 'abc123');
    assert.match(csp, /^default-src 'none'; /);
    assert.match(csp, /script-src 'nonce-abc123'(;|$)/);
    assert.match(csp, /style-src https:\/\/ext\.example(;|$)/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
  });

  it('puts the nonce on the one script and no inline script, style or handler in the page', () => {
    const html = panelHtml({ cspSource: 'https://ext.example', nonce: 'n0nce', scriptUri: 'https://ext.example/dist/webview.js', styleUris: ['https://ext.example/media/panel.css'] });
    assert.deepStrictEqual(html.match(/<script[^>]*>/g), ['<script nonce="n0nce" src="https://ext.example/dist/webview.js">']);
    assert.doesNotMatch(html, /style=|<style|\son[a-z]+=/i);
  });

  it('makes 32-character alphanumeric nonces from the injected randomness', () => {
    const nonce = makeNonce((n) => Uint8Array.from({ length: n }, (_, i) => i * 7));
    assert.match(nonce, /^[A-Za-z0-9]{32}$/);
    assert.notStrictEqual(nonce, makeNonce((n) => new Uint8Array(n)));
  });
});
