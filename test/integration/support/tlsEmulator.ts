import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { startEmulator } from '../../emulator/server';
import type { Emulator } from '../../emulator/types';

/** Where the integration launcher put the throw-away CA and the server certificate for 127.0.0.2. */
export const TLS_DIR_ENV = 'CLAUDE_CHAT_TEST_TLS_DIR';

/**
 * The emulator over https on 127.0.0.2 with the launcher's certificate: a host other than
 * 127.0.0.1 so that proxy bypass rules for localhost do not apply, and TLS so that a proxy can
 * only tunnel (CONNECT), as with the real API.
 */
export async function startTlsEmulator(): Promise<Emulator> {
  const dir = process.env[TLS_DIR_ENV];
  assert.ok(dir && fs.existsSync(path.join(dir, 'server.pem')), `${TLS_DIR_ENV} is not set by the launcher (is openssl installed?)`);
  return startEmulator({
    host: '127.0.0.2',
    tls: { key: fs.readFileSync(path.join(dir, 'server.key')), cert: fs.readFileSync(path.join(dir, 'server.pem')) },
  });
}
