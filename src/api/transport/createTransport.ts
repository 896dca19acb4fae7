/** Picks a transport by name (`node` is the library default; the extension host asks for `fetch`). */
import type { Clock } from '../clock';
import type { Transport, TransportKind } from './types';
import { FetchTransport } from './fetchTransport';
import { NodeTransport } from './nodeTransport';

/** What both transports need. */
export interface TransportOptions {
  clock: Clock;
  maxSockets?: number;
  /** Body bytes received (after decompression), for the metrics. */
  onBytes: (n: number) => void;
}

/** A new transport of `kind`. */
export function createTransport(kind: TransportKind, options: TransportOptions): Transport {
  return kind === 'fetch' ? new FetchTransport(options) : new NodeTransport(options);
}
