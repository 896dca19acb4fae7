import type { PanelHtmlOptions } from '../webview/html';
import { webviewDocument } from '../webview/html';

/**
 * The dashboard's HTML, under the chat panel's CSP (nonce scripts, styles only from the
 * extension). uPlot sizes and places its canvases through the CSSOM (`element.style.x = ...`),
 * which `style-src` does not govern, so no `'unsafe-inline'` is needed.
 */
export function dashboardHtml(o: PanelHtmlOptions): string {
  return webviewDocument(o, 'Claude API Metrics', '<main id="dashboard" class="dashboard" aria-busy="true"></main>');
}
