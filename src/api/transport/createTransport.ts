/** Picks a transport by name (`node` is the library default; the extension host asks for `fetch`). */
import type { Transport, TransportKind, TransportOptions } from './types';
import { FetchTransport } from './fetchTransport';
import { NodeTransport } from './nodeTransport';

/** A new transport of `kind`. */
export function createTransport(kind: TransportKind, options: TransportOptions): Transport {
  return kind === 'fetch' ? new FetchTransport(options) : new NodeTransport(options);
}
