/** Result of checking a base URL before any key is sent to it. */
export interface BaseUrlCheck {
  /** The URL as configured (without a trailing slash). */
  readonly url: string;
  /** True for localhost, 127.0.0.0/8 and ::1: the emulator and local gateways live there. */
  readonly loopback: boolean;
  /** Why a key must not be sent there; undefined when it is fine. */
  readonly problem?: string;
}

/**
 * True when `hostname` (as URL.hostname gives it) names this machine. `*.localhost` is left out on
 * purpose: whether it resolves to loopback depends on the system resolver, and a key must not bet on it.
 */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

/**
 * Plain http is only acceptable on loopback: anywhere else the key would cross the network in clear text,
 * so it is refused (the user gets this reason, not a silent downgrade).
 */
export function checkBaseUrl(raw: string): BaseUrlCheck {
  const url = raw.trim().replace(/\/+$/, '');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { url, loopback: false, problem: `claudeChat.baseUrl "${url}" is not a valid URL.` };
  }
  const loopback = isLoopbackHost(parsed.hostname);
  if (parsed.protocol === 'https:') return { url, loopback };
  if (parsed.protocol === 'http:') {
    if (loopback) return { url, loopback };
    return {
      url,
      loopback,
      problem: `claudeChat.baseUrl "${url}" uses plain http: the API key is only sent over https (or http to a loopback address such as 127.0.0.1).`,
    };
  }
  return { url, loopback, problem: `claudeChat.baseUrl "${url}" must start with https:// (${parsed.protocol} is not supported).` };
}
