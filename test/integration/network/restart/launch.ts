// Company network across a real restart, with the proxy from the environment (run with
// `node out/test/integration/network/restart/launch.js` after `npm run build` and
// `npx tsc -p tsconfig.test.json`). The proxy runs here; code-server (and so every extension
// host) starts with HTTPS_PROXY/HTTP_PROXY pointing at it and NO_PROXY naming 127.0.0.3. Phase 1
// sends requests; this launcher checks what the proxy saw; phase 2, in a new host, finds the
// per-key figures phase 1 saved.
import * as path from 'path';
import type * as TestCa from '../../../../scripts/lib/testCa';
import { startConnectProxy } from '../../../support/connectProxy';
import type { ConnectProxy } from '../../../support/connectProxy';
import { exitWith, runHostPhases } from '../../runner/hostPhases';
import { NETWORK_STATE_ENV, readNetworkState } from './state';

/** What the proxy must have seen after phase 1, or the problem. */
function checkProxy(proxy: ConnectProxy, stateFile: string): string | undefined {
  const s = readNetworkState(stateFile);
  console.log(`[network-restart] proxy saw CONNECT ${JSON.stringify(proxy.connects)}, forwarded ${JSON.stringify(proxy.forwarded)}`);
  if (!proxy.connects.includes(s.httpsTarget)) return `HTTPS_PROXY was not used for ${s.httpsTarget}`;
  // VS Code's proxy agent tunnels plain http too (CONNECT), where a curl-like client would forward it.
  const viaProxy = [...proxy.connects, ...proxy.forwarded.map((f) => new URL(f.slice(f.indexOf(' ') + 1)).host)];
  if (!viaProxy.includes(s.proxiedHttpTarget)) return `HTTP_PROXY was not used for ${s.proxiedHttpTarget}`;
  if ([...proxy.connects, ...proxy.forwarded].some((f) => f.includes(s.bypassedTarget))) return `NO_PROXY did not bypass ${s.bypassedTarget}`;
  const tunnels = proxy.log.filter((l) => l.startsWith('CONNECT ')).join('\n');
  if (/emulator-placeholder|authorization:|x-api-key:/i.test(tunnels)) return 'a key or an auth header reached the proxy through a tunnel';
  return undefined;
}

const ROOT = path.resolve(__dirname, '../../../../..');

exitWith('[network-restart]', async () => {
  const { testTlsEnv } = (await import(path.join(ROOT, 'scripts', 'lib', 'testCa.js'))) as typeof TestCa;
  const proxy = await startConnectProxy();
  let stateFile = '';
  try {
    return await runHostPhases({
      tag: '[network-restart]',
      dir: __dirname,
      phases: ['phase1', 'phase2'],
      env: (runDir) => ({
        ...testTlsEnv(runDir),
        HTTPS_PROXY: proxy.url,
        HTTP_PROXY: proxy.url,
        NO_PROXY: '127.0.0.3',
        [NETWORK_STATE_ENV]: (stateFile = path.join(runDir, 'network-state.json')),
      }),
      afterPhase: (name) => (name === 'phase1' ? checkProxy(proxy, stateFile) : undefined),
    });
  } finally {
    await proxy.close();
  }
}, 'the proxy environment was honoured and the key figures survived a real extension-host restart');
