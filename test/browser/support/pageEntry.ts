// Browser entry of the test/bench bundle: exposes the real renderer (and, for the benchmark's
// baselines, the same marked + DOMPurify builds) on `window.__md`.
import { marked } from 'marked';
import { BLOCKS_PER_CHUNK, createManualScheduler, createMarkdownView, sanitizeHtml, sanitizeToFragment } from '../../../src/webview-ui/markdown/index';

const api = { createMarkdownView, createManualScheduler, sanitizeHtml, sanitizeToFragment, BLOCKS_PER_CHUNK, marked };

/** What the test page sees on `window.__md`. */
export type PageApi = typeof api;

/** The test page's window, as the tests' `page.evaluate` callbacks see it. */
export type MdWindow = Window & { __md: PageApi };

(window as unknown as { __md: PageApi }).__md = api;
document.documentElement.dataset.mdReady = 'true';
