// Repository paths as seen from the compiled harness (out/test/e2e/harness/*.js).
import * as path from 'path';
import type * as CodeServerModule from '../../../scripts/lib/codeServer';

/** The repository root (four levels above out/test/e2e/harness). */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..', '..');

/** The packaged extension `npm run package` produces. */
export const VSIX_PATH = process.env.CLAUDE_CHAT_VSIX ?? path.join(REPO_ROOT, 'claude-chat.vsix');

/** Screenshots and other artefacts (git-ignored). */
export const ARTIFACTS_DIR = path.join(REPO_ROOT, '.artifacts');

/**
 * scripts/lib/codeServer.js, loaded from the repository (not from out/, where tsc would not copy it).
 * Its types come from the .d.ts beside it.
 */
export function codeServerLib(): typeof CodeServerModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path.join(REPO_ROOT, 'scripts', 'lib', 'codeServer.js')) as typeof CodeServerModule;
}
