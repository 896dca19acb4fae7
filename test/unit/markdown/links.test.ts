import * as assert from 'assert';
import { safeLinkTarget } from '../../../src/webview-ui/markdown/decorate';
import { escapeHtml } from '../../../src/webview-ui/markdown/renderBlock';

describe('link targets', () => {
  it('keeps absolute http(s) URLs, normalised', () => {
    assert.strictEqual(safeLinkTarget('https://Example.com/a b?x=1#f'), 'https://example.com/a%20b?x=1#f');
    assert.strictEqual(safeLinkTarget('  http://example.org  '), 'http://example.org/');
  });

  it('refuses every other scheme, relative URLs and garbage', () => {
    for (const href of [
      'javascript:alert(1)', 'JaVaScRiPt:alert(1)', ' javascript:alert(1)', 'java\tscript:alert(1)', 'data:text/html,x',
      'vbscript:msgbox(1)', 'file:///etc/passwd', 'mailto:a@b.c', 'command:workbench.action.quit', 'vscode://x', '/relative',
      '#top', '//example.com/x', 'http//broken', '', null,
    ]) {
      assert.strictEqual(safeLinkTarget(href), undefined, String(href));
    }
  });
});

describe('escapeHtml', () => {
  it('escapes every character that could open markup or leave an attribute', () => {
    assert.strictEqual(escapeHtml(`<a href="x" onclick='y'>&`), '&#60;a href=&#34;x&#34; onclick=&#39;y&#39;&#62;&#38;');
  });
});
