/** Shared setup: a real emulator per suite and clients pointed at it. */
import { startEmulator } from '../../emulator/server';
import type { Emulator, EmulatorOptions } from '../../emulator/types';
import { AnthropicClient } from '../../../src/api/client';
import type { ClientOptions } from '../../../src/api/types';

/** A user turn body the API accepts under both versions. */
export const BODY = { model: 'claude-sonnet-5-5', max_tokens: 256, messages: [{ role: 'user' as const, content: 'Explain closures' }] };

/** Both transports, for suites that run once per transport. */
export const TRANSPORTS = ['node', 'fetch'] as const;

/** Starts one emulator for a `describe` block and hands out clients (with `defaults`) that get disposed. */
export function useEmulator(options: EmulatorOptions = {}, defaults: ClientOptions = {}): {
  emu: () => Emulator;
  client: (opts?: ClientOptions) => AnthropicClient;
} {
  let emu: Emulator | undefined;
  const clients: AnthropicClient[] = [];
  before(async () => {
    emu = await startEmulator(options);
  });
  after(async () => {
    await emu?.close();
  });
  beforeEach(() => emu?.reset());
  afterEach(() => {
    for (const c of clients.splice(0)) c.dispose();
  });
  return {
    emu: () => emu as Emulator,
    client: (opts: ClientOptions = {}) => {
      const c = new AnthropicClient({ apiKey: 'test-key-1', baseURL: (emu as Emulator).url, ...defaults, ...opts });
      clients.push(c);
      return c;
    },
  };
}

/** Awaits a promise that must reject, returning the error. */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection, got a result');
}
