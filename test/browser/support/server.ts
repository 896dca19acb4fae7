import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as path from 'path';
import { repoRoot } from './bundle';

/** A local page server: the test page (with or without a webview-like CSP) and a canary counter. */
export interface PageServer {
  readonly origin: string;
  /** URL of the test page (`panel`: with the chat panel's stylesheet); `csp: true` sends a strict CSP like the webview's (plus `'report-sample'`, which only fills reports). */
  pageUrl(csp: boolean, panel?: boolean): string;
  /** Paths requested that are not part of the page (a payload reaching the network). */
  readonly canaryHits: string[];
  close(): Promise<void>;
}

const NONCE = 'dGVzdC1ub25jZS0x';

/** Starts the server on a free loopback port. */
export async function startPageServer(bundle: string): Promise<PageServer> {
  const canaryHits: string[] = [];
  const cssPath = path.join(repoRoot, 'media', 'markdown.css');
  const panelCssPath = path.join(repoRoot, 'media', 'panel.css');
  let origin = '';
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/page') {
      const csp = url.searchParams.get('csp') === '1';
      const headers: Record<string, string> = { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' };
      if (csp) {
        headers['content-security-policy'] =
          `default-src 'none'; script-src 'nonce-${NONCE}' 'report-sample'; style-src ${origin} 'nonce-${NONCE}'; font-src ${origin}; img-src ${origin}`;
      }
      res.writeHead(200, headers);
      res.end(pageHtml(csp, url.searchParams.get('panel') === '1'));
      return;
    }
    if (url.pathname === '/markdown.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end(bundle);
      return;
    }
    if (url.pathname === '/markdown.css' || url.pathname === '/panel.css') {
      res.writeHead(200, { 'content-type': 'text/css' });
      fs.createReadStream(url.pathname === '/panel.css' ? panelCssPath : cssPath).pipe(res);
      return;
    }
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    canaryHits.push(`${req.method ?? 'GET'} ${req.url ?? ''}`);
    res.writeHead(204).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    canaryHits,
    pageUrl: (csp, panel = false) => `${origin}/page?csp=${csp ? 1 : 0}${panel ? '&panel=1' : ''}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function pageHtml(csp: boolean, panel: boolean): string {
  const nonce = csp ? ` nonce="${NONCE}"` : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>markdown test page</title>
<link rel="stylesheet" href="/markdown.css">${panel ? '\n<link rel="stylesheet" href="/panel.css">' : ''}
<style${nonce}>html,body{margin:0;height:100%}#scroller{height:100%;overflow:auto}.plain-block{white-space:pre-wrap;margin:0 0 1em}</style>
</head><body><div id="scroller"><div id="root"></div></div>
<script${nonce} src="/markdown.js"></script>
</body></html>`;
}
