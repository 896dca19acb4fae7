import type { ProxyOption } from '../api';

/** VS Code's proxy settings (`http.*`) as the host resolves them. */
export interface HostProxySettings {
  /** `http.proxy` ('' when unset). */
  readonly proxy: string;
  /** `http.noProxy`. */
  readonly noProxy: readonly string[];
  /** `http.proxySupport`: `override` (default), `on`, `fallback` or `off`. */
  readonly proxySupport: string;
}

/** Reads the `http` section (pure apart from the getter). */
export function readHostProxySettings(get: (name: string) => unknown): HostProxySettings {
  const noProxy = get('noProxy');
  const support = get('proxySupport');
  return {
    proxy: typeof get('proxy') === 'string' ? (get('proxy') as string).trim() : '',
    noProxy: Array.isArray(noProxy) ? noProxy.filter((e): e is string => typeof e === 'string') : [],
    proxySupport: typeof support === 'string' ? support : 'override',
  };
}

/**
 * The proxy the host's fetch uses, so the client can name it when it refuses (routing itself is
 * VS Code's: the extension host's fetch goes through `http.proxy`, or the `HTTPS_PROXY`-style
 * variables when it is empty, and skips the hosts in `http.noProxy`, or `NO_PROXY` when that is empty). `http.proxySupport: off`
 * means no proxy at all.
 */
export function proxyForHost(s: HostProxySettings, env: Readonly<Record<string, string | undefined>> = process.env): ProxyOption {
  if (s.proxySupport === 'off') return 'none';
  if (!s.proxy) return 'env';
  // As VS Code does: a non-empty `http.noProxy` replaces the variable, it does not add to it.
  const noProxy = s.noProxy.length ? s.noProxy : (env.no_proxy ?? env.NO_PROXY ?? '');
  return { url: s.proxy, noProxy };
}
