/**
 * Minified size of the network layer: src/api bundled by webpack in production mode for
 * Node (as the extension bundle does).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';

/** Bytes of the minified bundle and its gzip. */
export interface BundleSize {
  bytes: number;
  gzipBytes: number;
  /** The largest modules by source size before minification, to see what a regression comes from. */
  top: { name: string; bytes: number }[];
}

interface WebpackStatsModule {
  name?: string;
  size?: number;
}
interface WebpackStats {
  hasErrors(): boolean;
  toJson(o: unknown): { errors?: { message: string }[]; modules?: WebpackStatsModule[] };
}
type WebpackFn = (config: unknown, cb: (err: Error | null, stats?: WebpackStats) => void) => void;

/** Bundles `entry` (default: the whole client, `src/api/index.ts`) into `outDir` and measures it. */
export function measureBundle(root: string, outDir: string, entry = 'src/api/index.ts'): Promise<BundleSize> {
  // Loaded lazily: webpack is a dev dependency that only this benchmark needs.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const webpack = require('webpack') as WebpackFn;
  const config = {
    mode: 'production',
    target: 'node',
    context: root,
    entry: { api: path.join(root, entry) },
    output: { path: outDir, filename: '[name].js', libraryTarget: 'commonjs2' },
    resolve: { extensions: ['.ts', '.js'] },
    module: { rules: [{ test: /\.ts$/, exclude: /node_modules/, use: [{ loader: 'ts-loader', options: { transpileOnly: true, configFile: path.join(root, 'tsconfig.json') } }] }] },
    devtool: false,
    performance: { hints: false },
    infrastructureLogging: { level: 'error' },
  };
  return new Promise((resolve, reject) => {
    webpack(config, (err, stats) => {
      if (err) return reject(err);
      const json = stats?.toJson({ all: false, errors: true, modules: true });
      if (!stats || stats.hasErrors()) return reject(new Error(json?.errors?.map((e) => e.message).join('\n') ?? 'webpack failed'));
      const file = path.join(outDir, 'api.js');
      const buf = fs.readFileSync(file);
      const top = (json?.modules ?? [])
        .map((m) => ({ name: m.name ?? '?', bytes: m.size ?? 0 }))
        .sort((a, b) => b.bytes - a.bytes)
        .slice(0, 5);
      resolve({ bytes: buf.length, gzipBytes: zlib.gzipSync(buf).length, top });
    });
  });
}
