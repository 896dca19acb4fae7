/**
 * Which proxy a request goes through. In plain Node the `node` transport honours the proxy
 * environment variables the way curl does: `https_proxy`/`HTTPS_PROXY` for https targets,
 * lower-case `http_proxy` only for http targets (the upper-case one is ignored, as curl does,
 * because CGI servers set `HTTP_PROXY` from a request header), `all_proxy`/`ALL_PROXY` for
 * both, and `no_proxy`/`NO_PROXY` to bypass; the lower-case spelling wins. `localhost`,
 * `127.0.0.1` and `::1` always go direct, as in VS Code.
 *
 * NO_PROXY entries (commas or spaces between them): `*` bypasses everything; a name matches
 * itself and every subdomain (`example.com` and `.example.com` both match `api.example.com`);
 * `name:port` only that port; an IPv4 or IPv6 address itself; `10.0.0.0/8` a CIDR block.
 */
import { isIP } from 'net';

/** A proxy given explicitly. */
export interface ProxySpec {
  /** `http://[user:password@]host:port` (or `https://...`). */
  url: string;
  /** Hosts that bypass it (NO_PROXY syntax, as a list or one comma-separated string). */
  noProxy?: string | readonly string[];
}

/** `env` (read the environment variables), `none`, a proxy URL, or a {@link ProxySpec}. */
export type ProxyOption = 'env' | 'none' | string | ProxySpec;

/** One parsed proxy. */
export interface ProxyServer {
  /** The proxy's URL without credentials (what messages show). */
  readonly display: string;
  readonly protocol: 'http:' | 'https:';
  readonly hostname: string;
  readonly port: number;
  /** `Basic ...` from the URL's credentials, sent as `proxy-authorization`. */
  readonly authorization: string | undefined;
  /** Set when the proxy cannot be used (a SOCKS URL, a bad URL): requests then fail saying so. */
  readonly unusable: string | undefined;
  /** Where the proxy came from (`HTTPS_PROXY`, `the proxy option`), for messages. */
  readonly source: string;
}

/** The proxies of one configuration. */
export interface ProxySettings {
  readonly https: ProxyServer | undefined;
  readonly http: ProxyServer | undefined;
  readonly bypass: (hostname: string, port: number) => boolean;
}

/** No proxy at all. */
export const NO_PROXY_SETTINGS: ProxySettings = Object.freeze({ https: undefined, http: undefined, bypass: () => true });

const ALWAYS_DIRECT = new Set(['localhost', '127.0.0.1', '::1']);

function pick(env: Readonly<Record<string, string | undefined>>, lower: string, upper?: string): [string, string] | undefined {
  const l = env[lower]?.trim();
  if (l) return [l, lower];
  const u = upper ? env[upper]?.trim() : undefined;
  return u ? [u, upper as string] : undefined;
}

/** Parses a proxy URL (`host:port` alone means http, as curl reads it). */
export function parseProxyUrl(raw: string, source: string): ProxyServer {
  const text = raw.includes('://') ? raw : `http://${raw}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { display: raw.replace(/\/\/[^@/]*@/, '//'), protocol: 'http:', hostname: '', port: 0, authorization: undefined, unusable: `${source} is not a valid proxy URL`, source };
  }
  const display = `${url.protocol}//${url.host}`;
  const base = { display, hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'), authorization: undefined, source };
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ...base, protocol: 'http:', port: 0, unusable: `${source} names a ${url.protocol.replace(':', '').toUpperCase()} proxy (${display}), which this client does not support: use an HTTP proxy, or list the host in NO_PROXY` };
  }
  const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
  const user = decodeURIComponent(url.username);
  const authorization = url.username || url.password ? `Basic ${Buffer.from(`${user}:${decodeURIComponent(url.password)}`).toString('base64')}` : undefined;
  return { ...base, protocol: url.protocol, port, authorization, unusable: undefined };
}

interface Rule {
  host?: string;
  port?: number;
  cidr?: { base: number; mask: number };
}

function ipv4ToInt(ip: string): number {
  return ip.split('.').reduce((n, part) => (n << 8) + Number(part), 0) >>> 0;
}

function parseRule(entry: string): Rule | undefined {
  let e = entry.trim().toLowerCase();
  if (!e) return undefined;
  const cidr = /^(\d{1,3}(?:\.\d{1,3}){3})\/(\d{1,2})$/.exec(e);
  if (cidr && isIP(cidr[1]) === 4) {
    const bits = Math.min(32, Number(cidr[2]));
    const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
    return { cidr: { base: (ipv4ToInt(cidr[1]) & mask) >>> 0, mask } };
  }
  let port: number | undefined;
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(e);
  if (bracketed) return { host: bracketed[1], port: bracketed[2] ? Number(bracketed[2]) : undefined };
  if (isIP(e) !== 6) {
    const m = /^(.*):(\d+)$/.exec(e);
    if (m) [e, port] = [m[1], Number(m[2])];
  }
  e = e.replace(/^\*?\./, '');
  return e ? { host: e, port } : undefined;
}

/** A NO_PROXY matcher for `entries` (see the file comment). */
export function noProxyMatcher(entries: string | readonly string[] | undefined): (hostname: string, port: number) => boolean {
  const list = typeof entries === 'string' ? entries.split(/[\s,]+/) : [...(entries ?? [])];
  if (list.some((e) => e.trim() === '*')) return () => true;
  const rules = list.map(parseRule).filter((r): r is Rule => !!r);
  return (hostname, port) => {
    const host = hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
    const v4 = isIP(host) === 4 ? ipv4ToInt(host) : undefined;
    return rules.some((r) => {
      if (r.port !== undefined && r.port !== port) return false;
      if (r.cidr) return v4 !== undefined && ((v4 & r.cidr.mask) >>> 0) === r.cidr.base;
      const h = r.host as string;
      if (isIP(host)) return host === h;
      return host === h || host.endsWith(`.${h}`);
    });
  };
}

/** Resolves a proxy option against `env` (read once: a later change of the variables needs `configure`). */
export function resolveProxy(option: ProxyOption | undefined, env: Readonly<Record<string, string | undefined>> = process.env): ProxySettings {
  if (option === undefined || option === 'none') return NO_PROXY_SETTINGS;
  if (option === 'env') {
    const all = pick(env, 'all_proxy', 'ALL_PROXY');
    const https = pick(env, 'https_proxy', 'HTTPS_PROXY') ?? all;
    const http = pick(env, 'http_proxy') ?? all;
    const noProxy = pick(env, 'no_proxy', 'NO_PROXY');
    const bypass = noProxyMatcher(noProxy?.[0]);
    return {
      https: https ? parseProxyUrl(https[0], https[1]) : undefined,
      http: http ? parseProxyUrl(http[0], http[1]) : undefined,
      bypass: (host, port) => ALWAYS_DIRECT.has(host.replace(/^\[(.*)\]$/, '$1')) || bypass(host, port),
    };
  }
  const spec: ProxySpec = typeof option === 'string' ? { url: option } : option;
  if (!spec.url) return NO_PROXY_SETTINGS;
  const server = parseProxyUrl(spec.url, 'the proxy setting');
  const bypass = noProxyMatcher(spec.noProxy);
  return { https: server, http: server, bypass: (host, port) => ALWAYS_DIRECT.has(host.replace(/^\[(.*)\]$/, '$1')) || bypass(host, port) };
}

/** The proxy for a request to `url`, or undefined to go direct. */
export function proxyFor(settings: ProxySettings, url: URL): ProxyServer | undefined {
  const secure = url.protocol === 'https:';
  const server = secure ? settings.https : settings.http;
  if (!server) return undefined;
  const port = url.port ? Number(url.port) : secure ? 443 : 80;
  return settings.bypass(url.hostname, port) ? undefined : server;
}
