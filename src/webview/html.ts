/** Inputs of {@link panelHtml}: every URI already converted with `webview.asWebviewUri`. */
export interface PanelHtmlOptions {
  /** `webview.cspSource`. */
  readonly cspSource: string;
  /** A fresh random nonce per render. */
  readonly nonce: string;
  readonly scriptUri: string;
  readonly styleUris: readonly string[];
}

function attr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * The panel's HTML. CSP: nothing by default; scripts only with the nonce; styles and fonts only
 * from the extension (`cspSource`); images from the extension and data: (codicons, diagrams in
 * answers are not loaded from the network). No inline styles or handlers anywhere.
 */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `img-src ${cspSource} data:`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/**
 * One webview document under {@link contentSecurityPolicy}: the stylesheets, one root element and
 * the nonce'd script (the chat view and the metrics dashboard differ only in title and root).
 */
export function webviewDocument(o: PanelHtmlOptions, title: string, root: string): string {
  const styles = o.styleUris.map((u) => `<link rel="stylesheet" href="${attr(u)}">`).join('\n    ');
  return `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="UTF-8">
    <meta http-equiv="Content-Security-Policy" content="${attr(contentSecurityPolicy(o.cspSource, o.nonce))}">
    <meta name="viewport" content="width=device-width, initial-scale=1.0">
    ${styles}
    <title>${attr(title)}</title>
  </head>
  <body>
    ${root}
    <script nonce="${attr(o.nonce)}" src="${attr(o.scriptUri)}"></script>
  </body>
</html>`;
}

/** Builds the HTML document of the chat view. */
export function panelHtml(o: PanelHtmlOptions): string {
  return webviewDocument(o, 'Claude', '<div id="app" class="app"></div>');
}

/** 32 random alphanumerics from `randomBytes` (injected so tests are exact). */
export function makeNonce(randomBytes: (n: number) => Uint8Array): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from(randomBytes(32), (b) => chars[b % chars.length]).join('');
}
