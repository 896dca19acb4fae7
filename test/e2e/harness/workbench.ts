// One real workbench for an e2e test file: a fresh code-server (no smoke-test driver, so toasts show)
// with the built .vsix installed, the emulator as a separate process, and Chromium driving the page.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import type { CodeServer } from '../../../scripts/lib/codeServer';
import { startEmulatorProcess } from './emulatorProcess';
import type { EmulatorProcess } from './emulatorProcess';
import { ARTIFACTS_DIR, VSIX_PATH, codeServerLib } from './paths';
import { openPalette, waitForWorkbench } from './ui';

/** Options for {@link startWorkbench}. */
export interface WorkbenchOptions {
  /** Extra user settings (merged over the quiet defaults and `claudeChat.baseUrl`). */
  readonly settings?: Readonly<Record<string, unknown>>;
  /** `workbench.colorTheme`, e.g. "Default Light Modern" or "Default High Contrast". */
  readonly theme?: string;
  /** Extra environment for code-server (its extension host inherits it). */
  readonly env?: Readonly<Record<string, string>>;
  /** Browser viewport; default 1400x900. */
  readonly viewport?: { readonly width: number; readonly height: number };
  /** Start the emulator process and point `claudeChat.baseUrl` at it (default true). */
  readonly emulator?: boolean;
  /** Extra files of the workspace folder, by relative path. */
  readonly files?: Readonly<Record<string, string>>;
}

/** What an e2e test drives. */
export interface Workbench {
  readonly page: Page;
  /** Base URL of the emulator ('' when started with `emulator: false`). */
  readonly emulatorUrl: string;
  readonly emulator: EmulatorProcess | undefined;
  /** Console messages of the workbench page (errors show CSP violations and the like). */
  readonly consoleMessages: string[];
  /** POST /__emulator/script: the next requests get these steps, one per request. */
  scriptEmulator(steps: readonly unknown[]): Promise<void>;
  /** Saves a full-page screenshot as .artifacts/screenshots/<name>.png and returns the path. */
  shot(name: string): Promise<string>;
  /** Runs a command by its palette title (e.g. "Claude: New Chat") through F1. */
  runCommand(title: string): Promise<void>;
  /** Opens the "Claude" activity bar container and returns the chat webview's content frame. */
  openChatView(): Promise<FrameLocator>;
  /**
   * Merges `patch` into the user settings.json (a `undefined` value removes the key) and reloads the
   * workbench so it reads them: code-server's watch on that file proved unreliable (changes were
   * missed for minutes in some runs), a reload is deterministic. SecretStorage survives it.
   */
  updateSettings(patch: Readonly<Record<string, unknown>>): Promise<void>;
  /** Reloads the page and waits for the workbench (SecretStorage and settings survive). */
  reload(): Promise<void>;
  /**
   * Runs Developer: Reload Window, as a user reloads: the workbench saves its state first (open
   * editors, webview state). A page reload in the browser can lose the last minute of it, since
   * code-server's workbench saves its state once a minute and the page unloads before a final save.
   */
  reloadWindow(): Promise<void>;
  close(): Promise<void>;
}

const ACTIVITY_ITEM = '.activitybar .action-item a[aria-label^="Claude"], .activitybar .action-label[aria-label^="Claude"]';

const EXTENSION_ID = 'claude-chat-dev.claude-chat';

let sharedExtensionsDir: string | undefined;

/**
 * Installs the .vsix once per process (code-server's own --install-extension) into a folder every
 * workbench of this process reuses: installing takes seconds, copying would break its absolute paths.
 */
function extensionsDir(): string {
  if (sharedExtensionsDir) return sharedExtensionsDir;
  if (!fs.existsSync(VSIX_PATH)) throw new Error(`${VSIX_PATH} is missing: run npm run package first`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-e2e-ext-'));
  codeServerLib().installVsix(VSIX_PATH, dir);
  process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  sharedExtensionsDir = dir;
  return dir;
}

/** Starts emulator, code-server and Chromium; resolves when the workbench shows the Claude container. */
export async function startWorkbench(options: WorkbenchOptions = {}): Promise<Workbench> {
  const lib = codeServerLib();
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-e2e-'));
  let emulator: EmulatorProcess | undefined;
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  try {
    if (options.emulator !== false) emulator = await startEmulatorProcess();
    const folder = path.join(runDir, 'ws');
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, 'sample.ts'), 'export function add(a: number, b: number): number {\n  return a + b;\n}\n');
    for (const [name, text] of Object.entries(options.files ?? {})) {
      fs.mkdirSync(path.dirname(path.join(folder, name)), { recursive: true });
      fs.writeFileSync(path.join(folder, name), text);
    }
    server = await lib.startCodeServer({
      runDir: path.join(runDir, 'server'),
      folder,
      extensionsDir: extensionsDir(),
      settings: {
        ...(emulator ? { 'claudeChat.baseUrl': emulator.url } : {}),
        ...(options.theme ? { 'workbench.colorTheme': options.theme } : {}),
        ...(options.settings ?? {}),
      },
      env: { ...(options.env ?? {}) },
    });
    browser = await lib.launchChromium();
    const context = await browser.newContext({ viewport: options.viewport ?? { width: 1400, height: 900 } });
    const page = await context.newPage();
    const consoleMessages: string[] = [];
    page.on('console', (m) => { consoleMessages.push(`${m.type()}: ${m.text()}`); });
    await page.goto(server.workbenchUrl);
    await waitForWorkbench(page, ACTIVITY_ITEM);
    return makeWorkbench(page, emulator, server, browser, runDir, consoleMessages);
  } catch (err) {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    await emulator?.stop();
    fs.rmSync(runDir, { recursive: true, force: true });
    throw err;
  }
}

function makeWorkbench(page: Page, emulator: EmulatorProcess | undefined, server: CodeServer, browser: Browser, runDir: string,
  consoleMessages: string[]): Workbench {
  const shotsDir = path.join(ARTIFACTS_DIR, 'screenshots');
  return {
    page,
    emulator,
    emulatorUrl: emulator?.url ?? '',
    consoleMessages,
    scriptEmulator: async (steps) => {
      if (!emulator) throw new Error('this workbench was started with emulator: false');
      await emulator.script(steps);
    },
    shot: async (name) => {
      fs.mkdirSync(shotsDir, { recursive: true });
      const file = path.join(shotsDir, `${name.replace(/[^\w.-]+/g, '-')}.png`);
      await page.screenshot({ path: file });
      return file;
    },
    runCommand: async (title) => {
      const input = await openPalette(page);
      await input.fill(`>${title}`);
      await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 15000 });
      await page.keyboard.press('Enter');
    },
    openChatView: async () => {
      // Clicking the container's icon while it is showing would close the side bar again.
      const active = page.locator('.activitybar .action-item.checked').filter({ has: page.locator('[aria-label^="Claude"]') });
      // Each webview lives in an outer iframe (ready once loaded) holding the content in #active-frame;
      // the outer iframe's URL names the extension that owns it.
      const frame = page.frameLocator(`iframe.webview.ready[src*="extensionId=${EXTENSION_ID}"]`).first()
        .frameLocator('iframe#active-frame');
      // Bounds, not measures: after a settings reload on a busy machine the webview took over 30 s,
      // and a click while the reloaded workbench was still restoring its side bar was undone by
      // that restore; so look again (and click only if the container is not showing) before failing.
      for (let attempt = 1; ; attempt++) {
        if (await active.count() === 0) await page.locator(ACTIVITY_ITEM).first().click();
        try {
          await frame.locator('body').waitFor({ state: 'attached', timeout: attempt === 1 ? 30000 : 60000 });
          return frame;
        } catch (e) {
          if (attempt === 2) throw e;
        }
      }
    },
    updateSettings: async (patch) => {
      const current = JSON.parse(fs.readFileSync(server.settingsFile, 'utf8')) as Record<string, unknown>;
      const next: Record<string, unknown> = { ...current, ...patch };
      for (const [k, v] of Object.entries(patch)) if (v === undefined) delete next[k];
      fs.writeFileSync(server.settingsFile, JSON.stringify(next, null, 2));
      await page.reload();
      await waitForWorkbench(page, ACTIVITY_ITEM);
    },
    reload: async () => {
      await page.reload();
      await waitForWorkbench(page, ACTIVITY_ITEM);
    },
    reloadWindow: async () => {
      const loaded = page.waitForEvent('load', { timeout: 60000 });
      const input = await openPalette(page);
      await input.fill('>Developer: Reload Window');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Developer: Reload Window' }).first().waitFor({ timeout: 15000 });
      await page.keyboard.press('Enter');
      await loaded;
      await waitForWorkbench(page, ACTIVITY_ITEM);
    },
    close: async () => {
      await browser.close().catch(() => undefined);
      await server.stop();
      await emulator?.stop();
      fs.rmSync(runDir, { recursive: true, force: true });
    },
  };
}
