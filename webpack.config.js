// @ts-check
'use strict';
const fs = require('fs');
const path = require('path');
const webpack = require('webpack');

/**
 * Two bundles: the extension host (Node, `vscode` external) and the webview UIs (browser: the chat
 * panel and the metrics dashboard).
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

/**
 * Ships the full licence text of bundled packages whose notice terser cannot keep (uPlot's header is
 * a plain comment, not a `/*!` one): appended to `<bundle>.LICENSE.txt` (created when terser wrote
 * none, with the same pointer comment terser puts on top of the bundle).
 */
class LicenseNoticePlugin {
  /** @param {Record<string, { name: string, file: string }[]>} notices bundle file name -> packages */
  constructor(notices) { this.notices = notices; }
  /** @param {import('webpack').Compiler} compiler */
  apply(compiler) {
    compiler.hooks.thisCompilation.tap('LicenseNoticePlugin', (compilation) => {
      // After terser (OPTIMIZE_SIZE), before the source maps are written (DEV_TOOLING).
      const stage = webpack.Compilation.PROCESS_ASSETS_STAGE_OPTIMIZE_SIZE + 1;
      compilation.hooks.processAssets.tap({ name: 'LicenseNoticePlugin', stage }, () => {
        for (const [bundle, packages] of Object.entries(this.notices)) {
          if (!compilation.getAsset(bundle)) continue;
          const target = `${bundle}.LICENSE.txt`;
          const texts = packages.map(({ name, file }) => {
            const abs = path.resolve(__dirname, file);
            compilation.fileDependencies.add(abs);
            return `${name}\n\n${fs.readFileSync(abs, 'utf8').trim()}\n`;
          });
          const existing = compilation.getAsset(target);
          if (existing) {
            compilation.updateAsset(target, new webpack.sources.RawSource(`${existing.source.source().toString().trimEnd()}\n\n${texts.join('\n')}`));
          } else {
            compilation.emitAsset(target, new webpack.sources.RawSource(texts.join('\n')), { minimized: true });
            compilation.updateAsset(bundle, (source) => new webpack.sources.ConcatSource(`/*! For license information please see ${path.basename(target)} */\n`, source));
          }
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
    entry: { webview: './src/webview-ui/main.ts', dashboard: './src/dashboard-ui/dashboardMain.ts' },
    output: { path: path.resolve(__dirname, 'dist'), filename: '[name].js', clean: false },
    plugins: [new CopyStaticPlugin([
      { from: 'node_modules/@vscode/codicons/dist/codicon.css', to: 'codicons/codicon.css' },
      { from: 'node_modules/@vscode/codicons/dist/codicon.ttf', to: 'codicons/codicon.ttf' },
      { from: 'node_modules/uplot/dist/uPlot.min.css', to: 'uPlot.min.css' },
    ]), new LicenseNoticePlugin({
      'dashboard.js': [{ name: 'uPlot (https://github.com/leeoniya/uPlot), bundled in dashboard.js and uPlot.min.css', file: 'node_modules/uplot/LICENSE' }],
    })],
  };
  return [extension, webview];
};
