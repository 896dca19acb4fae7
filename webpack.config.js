// @ts-check
'use strict';
const fs = require('fs');
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

/**
 * Copies static files the webview loads from dist/ (the codicon font and its CSS) into the output,
 * so one `webpack` run yields everything the .vsix needs (no copy plugin dependency).
 */
class CopyStaticPlugin {
  /** @param {{ from: string, to: string }[]} files paths: from = repo-relative, to = dist-relative */
  constructor(files) { this.files = files; }
  /** @param {import('webpack').Compiler} compiler */
  apply(compiler) {
    compiler.hooks.thisCompilation.tap('CopyStaticPlugin', (compilation) => {
      compilation.hooks.processAssets.tap({ name: 'CopyStaticPlugin', stage: webpack.Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL }, () => {
        for (const { from, to } of this.files) {
          const abs = path.resolve(__dirname, from);
          compilation.fileDependencies.add(abs);
          // Shipped as published: no minifying (keeps the licence header), no source map.
          compilation.emitAsset(to, new webpack.sources.RawSource(fs.readFileSync(abs)), { minimized: true, development: true });
        }
      });
    });
  }
}

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
  };
  /** @type {import('webpack').Configuration} */
  const webview = {
    ...common,
    name: 'webview',
    target: 'web',
    entry: { webview: './src/webview-ui/main.ts' },
    output: { path: path.resolve(__dirname, 'dist'), filename: '[name].js', clean: false },
    plugins: [new CopyStaticPlugin([
      { from: 'node_modules/@vscode/codicons/dist/codicon.css', to: 'codicons/codicon.css' },
      { from: 'node_modules/@vscode/codicons/dist/codicon.ttf', to: 'codicons/codicon.ttf' },
    ])],
  };
  return [extension, webview];
};
