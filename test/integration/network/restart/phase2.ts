// Network restart check, phase 2: a NEW extension host over the same user data restored the
// per-key figures phase 1 saved (ids, labels and counts; never a key).
import * as assert from 'assert';
import { EMULATOR_KEY } from '../../../../src/auth/policyKeyProvider';
import { KEY_USAGE_STATE } from '../../../../src/network/keyStats';
import { getApi } from '../../support/hostHarness';
import { readNetworkState } from './state';

/** Called by VS Code; rejecting fails the run (exit code 1). */
export async function run(): Promise<void> {
  const state = readNetworkState();
  assert.notStrictEqual(process.pid, state.hostPid, 'phase 2 must run in a new extension host process');
  const api = await getApi();
  assert.deepStrictEqual(api.network.keyStats?.of(EMULATOR_KEY.id), state.usage);
  const saved = JSON.stringify(api.storage.globalState.get(KEY_USAGE_STATE));
  assert.ok(!saved.includes(EMULATOR_KEY.value), 'no key value in the saved figures');
}
