/**
 * Key and version checks. Any key is accepted except: missing (401), `bad-...` (401,
 * so key validation and rotation can be tested) and `noperm-...` (403).
 */
import type { IncomingMessage } from 'node:http';
import type { AuthHeaderUsed } from './types';
import { knownVersions } from './validation';

/** Which header carried the key, and the key. */
export function readKey(req: IncomingMessage): { header: AuthHeaderUsed; key?: string } {
  const xKey = req.headers['x-api-key'];
  const authorization = req.headers.authorization;
  const bearer = typeof authorization === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1] : undefined;
  const x = typeof xKey === 'string' && xKey !== '' ? xKey : undefined;
  if (x !== undefined && bearer !== undefined) return { header: 'both', key: x };
  if (x !== undefined) return { header: 'x-api-key', key: x };
  if (bearer !== undefined) return { header: 'authorization', key: bearer };
  return { header: 'none' };
}

/** A refusal to send, or undefined when the request may go on. */
export interface Refusal {
  status: number;
  type: string;
  message: string;
}

/** Checks the key. */
export function checkKey(key: string | undefined): Refusal | undefined {
  if (key === undefined) return { status: 401, type: 'authentication_error', message: 'x-api-key header is required' };
  if (key.startsWith('bad-')) return { status: 401, type: 'authentication_error', message: 'invalid x-api-key' };
  if (key.startsWith('noperm-')) {
    return { status: 403, type: 'permission_error', message: 'Your API key does not have permission to use the specified resource.' };
  }
  return undefined;
}

/** Checks `anthropic-version`. */
export function checkVersion(version: string | undefined): Refusal | undefined {
  if (version === undefined || version === '') {
    return { status: 400, type: 'invalid_request_error', message: 'anthropic-version: header is required' };
  }
  if (!(knownVersions as readonly string[]).includes(version)) {
    return { status: 400, type: 'invalid_request_error', message: `anthropic-version: "${version}" is not a valid version` };
  }
  return undefined;
}
