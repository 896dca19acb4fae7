// @ts-check
'use strict';
const path = require('path');
const webpack = require('webpack');

/**
 * Two bundles: the extension host (Node, `vscode` external) and the chat panel UI (browser).
 * Type checking runs separately (`npm run typecheck`), so ts-loader only transpiles here.
 */
const tsRule = {
  test: /\.ts$/,
  exclude: /node_modules/,
  use: [{ loader: 'ts-loader', options: { transpileOnly: true, configFile: 'tsconfig.json' } }],
};

/** @type {(env: unknown, argv: { mode?: string }) => import('webpack').Configuration[]} */
module.exports = (_env, argv) => {
  const production = argv.mode !== 'development';
  /** @type {import('webpack').Configuration} */
  const common = {
    mode: production ? 'production' : 'development',
    devtool: 'source-map',
    resolve: { extensions: ['.ts', '.js'] },
    module: { rules: [tsRule] },
    performance: { hints: false },
    infrastructureLogging: { level: 'warn' },
  };
  /** @type {import('webpack').Configuration} */
  const extension = {
    ...common,
    name: 'extension',
    target: 'node',
    entry: { extension: './src/extension.ts' },
    output: { path: path.resolve(__dirname, 'dist'), filename: '[name].js', libraryTarget: 'commonjs2', clean: false },
    externals: { vscode: 'commonjs vscode' },
    resolve: {
      extensions: ['.ts', '.js'],
      // node-fetch v2 only needs whatwg-url (and tr46, ~265 KB) on Node without a global URL;
      // every Node that runs VS Code has one, so the shim hands it the global instead.
      alias: { 'whatwg-url': path.resolve(__dirname, 'src/api/transport/whatwgUrlShim.ts') },
    },
    // node-fetch v2 probes for the optional `encoding` package (only for textConverted()).
    plugins: [new webpack.IgnorePlugin({ resourceRegExp: /^encoding$/, contextRegExp: /node-fetch/ })],
  };
  /** @type {import('webpack').Configuration} */
  const webview = {
    ...common,
    name: 'webview',
    target: 'web',
    entry: { webview: './src/webview-ui/main.ts' },
    output: { path: path.resolve(__dirname, 'dist'), filename: '[name].js', clean: false },
  };
  return [extension, webview];
};
