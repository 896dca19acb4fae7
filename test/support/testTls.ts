/**
 * A throw-away CA and a server certificate for 127.0.0.2 / localhost, made once per process with
 * scripts/lib/testCa.js (openssl), for tests that need a real https origin in plain Node.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type * as TestCaModule from '../../scripts/lib/testCa';

/** PEM contents: the CA to trust, and the server's key and certificate. */
export interface TestTls {
  ca: string;
  key: string;
  cert: string;
}

let made: TestTls | undefined;

/** Makes (once) and returns the test CA and server certificate. */
export function testTls(): TestTls {
  if (made) return made;
  // out/test/support -> the repository root, where scripts/ lives (tsc does not copy .js files).
  const root = path.resolve(__dirname, '..', '..', '..');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const lib = require(path.join(root, 'scripts', 'lib', 'testCa.js')) as typeof TestCaModule;
  const files = lib.makeTestCa(fs.mkdtempSync(path.join(os.tmpdir(), 'claude-chat-tls-')));
  made = { ca: fs.readFileSync(files.ca, 'utf8'), key: fs.readFileSync(files.key, 'utf8'), cert: fs.readFileSync(files.cert, 'utf8') };
  fs.rmSync(files.dir, { recursive: true, force: true });
  return made;
}
