import type { Browser, BrowserContext, Page } from 'playwright-core';
import { buildRendererBundle } from './bundle';
import { launchChromium } from './browser';
import { startPageServer } from './server';
import { installCspRecorder } from '../../support/cspReports';
import type { PageServer } from './server';

/** One browser + page server for a whole suite, with fresh pages per test. */
export interface BrowserFixture {
  readonly browser: Browser;
  readonly server: PageServer;
  /** Opens the test page (with or without CSP; `panel`: with the panel's stylesheet) and waits for the renderer bundle. */
  openPage(csp: boolean, panel?: boolean): Promise<TestPage>;
  close(): Promise<void>;
}

/** A loaded test page and what it reported. */
export interface TestPage {
  readonly page: Page;
  readonly context: BrowserContext;
  readonly dialogs: string[];
  readonly pageErrors: string[];
  readonly consoleErrors: string[];
}

/** Builds the bundle, starts the server and Chromium. */
export async function startBrowserFixture(): Promise<BrowserFixture> {
  const bundle = await buildRendererBundle();
  const server = await startPageServer(bundle);
  const browser = await launchChromium();
  const contexts: BrowserContext[] = [];
  return {
    browser,
    server,
    async openPage(csp, panel = false) {
      const context = await browser.newContext({ viewport: { width: 800, height: 600 } });
      contexts.push(context);
      const page = await context.newPage();
      const dialogs: string[] = [];
      const pageErrors: string[] = [];
      const consoleErrors: string[] = [];
      page.on('dialog', (dialog) => {
        dialogs.push(`${dialog.type()}: ${dialog.message()}`);
        void dialog.dismiss();
      });
      page.on('pageerror', (error) => pageErrors.push(error.message));
      page.on('console', (message) => {
        if (message.type() === 'error') consoleErrors.push(message.text());
      });
      await page.goto(server.pageUrl(csp, panel));
      await page.waitForFunction(() => document.documentElement.dataset.mdReady === 'true');
      // The canary: payloads that run set __pwned; CSP violations are recorded with their target.
      await page.evaluate(() => {
        (window as unknown as { __pwned: number }).__pwned = 0;
      });
      await page.evaluate(installCspRecorder);
      return { page, context, dialogs, pageErrors, consoleErrors };
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser.close();
      await server.close();
    },
  };
}

/**
 * One page for a whole mocha suite: Chromium, the page server and a page with the CSP open in
 * `before` and close in `after`. Call it in the `describe` body; the getter gives the page in tests.
 */
export function suitePage(): () => TestPage {
  let fixture: BrowserFixture | undefined;
  let page: TestPage | undefined;
  before(async () => {
    fixture = await startBrowserFixture();
    page = await fixture.openPage(true);
  });
  after(async () => {
    await fixture?.close();
  });
  return () => {
    if (!page) throw new Error('the suite page is not open (use it inside a test)');
    return page;
  };
}
