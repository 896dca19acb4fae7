import type * as vscode from 'vscode';
import { redactSecrets } from '../base/redact';

/** Outcome of checking a key against `GET /v1/models`. */
export type KeyValidation =
  | { readonly ok: true; readonly models: number }
  | { readonly ok: false; readonly rejected: boolean; readonly reason: string };

/** What validation needs from a client: only `models.list()`. */
export interface ModelLister {
  models: { list(): Promise<readonly unknown[]> };
  dispose(): void;
}

interface ErrorLike {
  status?: unknown;
  message?: unknown;
  error?: { error?: { message?: unknown } };
}

/** The API's own message when the error carries one; redacted in any case. */
function reasonOf(err: unknown, key: string): { status?: number; reason: string } {
  const e = (typeof err === 'object' && err !== null ? err : {}) as ErrorLike;
  const status = typeof e.status === 'number' ? e.status : undefined;
  const apiMessage = e.error?.error?.message;
  const raw = typeof apiMessage === 'string' ? apiMessage : typeof e.message === 'string' ? e.message : String(err);
  return { status, reason: redactSecrets(raw, [key]) };
}

/**
 * Lists models with `client` (which holds only the candidate key). 401/403 means the key is refused;
 * anything else (network, 5xx) means we could not tell. Cancellation resolves at once.
 */
export async function validateKey(client: ModelLister, key: string, token?: vscode.CancellationToken): Promise<KeyValidation> {
  const cancelled = new Promise<KeyValidation>((resolve) => {
    token?.onCancellationRequested(() => resolve({ ok: false, rejected: false, reason: 'Validation was cancelled.' }));
  });
  const listed = client.models.list().then(
    (models): KeyValidation => ({ ok: true, models: models.length }),
    (err: unknown): KeyValidation => {
      const { status, reason } = reasonOf(err, key);
      return { ok: false, rejected: status === 401 || status === 403, reason };
    },
  );
  try {
    return await Promise.race([listed, cancelled]);
  } finally {
    client.dispose();
  }
}
