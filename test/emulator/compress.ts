/**
 * `content-encoding` for scripted answers (`compress: 'gzip' | 'deflate' | 'br'`): a JSON body is
 * compressed whole; an event stream piece by piece with a sync flush after each write, so a client
 * can decode every event as it arrives (as a compressing proxy in front of the API would).
 */
import type { ServerResponse } from 'node:http';
import * as zlib from 'node:zlib';

/** Encodings the emulator can answer with. */
export type Compression = 'gzip' | 'deflate' | 'br';

/** The whole body compressed (for JSON answers). */
export function compressWhole(body: string, encoding: Compression): Buffer {
  if (encoding === 'gzip') return zlib.gzipSync(body);
  if (encoding === 'deflate') return zlib.deflateSync(body);
  return zlib.brotliCompressSync(body);
}

/** Where an event stream's bytes go: straight to the response, or through a flushing compressor. */
export interface SseOut {
  write(data: string | Buffer): Promise<void>;
  end(): void;
}

function writeAsync(res: ServerResponse, data: string | Buffer): Promise<void> {
  return new Promise((resolve) => {
    if (res.destroyed || res.writableEnded) return resolve();
    res.write(data, () => resolve());
  });
}

/** A writer for `res` that applies `encoding` (none: plain). */
export function sseOut(res: ServerResponse, encoding: Compression | undefined): SseOut {
  if (!encoding) return { write: (data) => writeAsync(res, data), end: () => res.end() };
  const compressor = encoding === 'gzip' ? zlib.createGzip() : encoding === 'deflate' ? zlib.createDeflate() : zlib.createBrotliCompress();
  compressor.on('data', (chunk: Buffer) => {
    if (!res.destroyed) res.write(chunk);
  });
  compressor.on('end', () => {
    if (!res.destroyed) res.end();
  });
  return {
    write: (data) =>
      new Promise<void>((resolve) => {
        if (res.destroyed) return resolve();
        compressor.write(data);
        compressor.flush(() => resolve());
      }),
    end: () => compressor.end(),
  };
}
