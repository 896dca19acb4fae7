import * as fs from 'fs';
import * as path from 'path';
import webpack from 'webpack';

/** Repository root (this file compiles to out/test/browser/support/). */
export const repoRoot = path.resolve(__dirname, '../../../..');

const built = new Map<string, Promise<string>>();

/** Bundle source, read into memory so concurrent runs (tests next to a benchmark) never share a file. */
export type RendererBundle = string;

/**
 * Bundles the real renderer for the browser with webpack (production mode, like dist/webview.js)
 * once per process, and returns its code. The entry is the TypeScript source, so tests exercise
 * exactly what the panel bundles. Output goes to a per-process folder that is removed again.
 */
export function buildRendererBundle(): Promise<RendererBundle> {
  return buildBundle('./test/browser/support/pageEntry.ts');
}

/** Bundles one entry (repo-relative TypeScript) as {@link buildRendererBundle} does, once per process. */
export function buildBundle(entry: string): Promise<string> {
  let bundle = built.get(entry);
  if (bundle) return bundle;
  bundle = new Promise<string>((resolve, reject) => {
    const outDir = path.join(repoRoot, '.cache', 'browser', `${process.pid}-${built.size}`);
    const compiler = webpack({
      mode: 'production',
      target: 'web',
      devtool: false,
      context: repoRoot,
      entry: { bundle: entry },
      output: { path: outDir, filename: '[name].js' },
      resolve: { extensions: ['.ts', '.js'] },
      module: {
        rules: [{
          test: /\.ts$/,
          exclude: /node_modules/,
          use: [{ loader: 'ts-loader', options: { transpileOnly: true, configFile: path.join(repoRoot, 'tsconfig.json') } }],
        }],
      },
      performance: { hints: false },
      infrastructureLogging: { level: 'error' },
    });
    compiler.run((error, stats) => {
      compiler.close(() => undefined);
      if (error) return reject(error);
      if (!stats || stats.hasErrors()) return reject(new Error(stats?.toString({ all: false, errors: true }) ?? 'webpack failed'));
      const code = fs.readFileSync(path.join(outDir, 'bundle.js'), 'utf8');
      fs.rmSync(outDir, { recursive: true, force: true });
      resolve(code);
    });
  });
  built.set(entry, bundle);
  return bundle;
}
