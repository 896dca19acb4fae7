// Browser entry of the test/bench bundle: exposes the real renderer (and, for the benchmark's
// baselines, the same marked + DOMPurify builds) on `window.__md`.
import { marked } from 'marked';
import { BLOCKS_PER_CHUNK, createManualScheduler, createMarkdownView, sanitizeHtml, sanitizeToFragment } from '../../../src/webview-ui/markdown/index';
import { App } from '../../../src/webview-ui/app';
import { browserClock } from '../../../src/webview-ui/countdown';
import type { ViewState } from '../../../src/webview-ui/vscodeApi';

/** The whole chat panel in `root`, with the host's side played by the test: what the panel posts is in `posted`. */
function createPanel(root: HTMLElement): { app: App; posted: unknown[] } {
  const posted: unknown[] = [];
  let state: ViewState = { draft: '', scrollTop: 0, historyOpen: false };
  const app = new App(root, { post: (m) => posted.push(JSON.parse(JSON.stringify(m))), loadState: () => state, saveState: (s) => (state = s) }, browserClock);
  return { app, posted };
}

const api = { createMarkdownView, createManualScheduler, sanitizeHtml, sanitizeToFragment, BLOCKS_PER_CHUNK, marked, createPanel };

/** What the test page sees on `window.__md`. */
export type PageApi = typeof api;

/** The test page's window, as the tests' `page.evaluate` callbacks see it. */
export type MdWindow = Window & { __md: PageApi };

(window as unknown as { __md: PageApi }).__md = api;
document.documentElement.dataset.mdReady = 'true';
