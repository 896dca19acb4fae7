import type { PanelHtmlOptions } from '../webview/html';
import { contentSecurityPolicy } from '../webview/html';

function attr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * The dashboard's HTML, under the chat panel's CSP (nonce scripts, styles only from the
 * extension). uPlot sizes and places its canvases through the CSSOM (`element.style.x = ...`),
 * which `style-src` does not govern, so no `'unsafe-inline'` is needed.
 */
export function dashboardHtml(o: PanelHtmlOptions): string {
  const styles = o.styleUris.map((u) => `<link rel="stylesheet" href="${attr(u)}">`).join('\n    ');
  return `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="UTF-8">
    <meta http-equiv="Content-Security-Policy" content="${attr(contentSecurityPolicy(o.cspSource, o.nonce))}">
    <meta name="viewport" content="width=device-width, initial-scale=1.0">
    ${styles}
    <title>Claude API Metrics</title>
  </head>
  <body>
    <main id="dashboard" class="dashboard" aria-busy="true"></main>
    <script nonce="${attr(o.nonce)}" src="${attr(o.scriptUri)}"></script>
  </body>
</html>`;
}
