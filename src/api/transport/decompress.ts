/**
 * `content-encoding` for the `node:http` transport, which asks for gzip, deflate and br (global
 * `fetch` decodes on its own). Decoders are lenient at the end (sync flush), as browsers and
 * undici are, so a body whose compressed trailer is cut still yields what arrived.
 */
import type { IncomingMessage } from 'http';
import type { Readable } from 'stream';
import { pipeline } from 'stream';
import * as zlib from 'zlib';

/** What the node transport sends as `accept-encoding`. */
export const ACCEPT_ENCODING = 'gzip, deflate, br';

/** The readable to take body bytes from: `res` itself, or a decoder of `encoding` piped from it. */
export function decodedBody(res: IncomingMessage, encoding: string | undefined, onError: (error: Error) => void): Readable {
  if (encoding === undefined) return res;
  const decoder = decoderFor(encoding.trim().toLowerCase());
  if (!decoder) return res;
  // pipeline destroys both sides when either fails, so a dead socket ends the decoder and a
  // corrupt body tears the socket down.
  pipeline(res, decoder, (error) => {
    if (error) onError(error);
  });
  return decoder;
}

function decoderFor(encoding: string): zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress | undefined {
  const flush = { flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH };
  switch (encoding) {
    case 'gzip':
    case 'x-gzip':
      return zlib.createGunzip(flush);
    case 'deflate':
      // zlib-wrapped deflate, as RFC 9110 defines it (raw deflate streams fail as a connection error).
      return zlib.createInflate(flush);
    case 'br':
      return zlib.createBrotliDecompress({
        flush: zlib.constants.BROTLI_OPERATION_FLUSH,
        finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH,
      });
    default:
      return undefined;
  }
}
