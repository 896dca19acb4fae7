/** Lets one caller stop waiting for a shared promise without cancelling it for the others. */
import { APIUserAbortError } from '../errors';

/** Resolves like `promise`, or rejects with a user-abort error as soon as `signal` aborts. */
export function sleepUntilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new APIUserAbortError('Request was aborted.'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new APIUserAbortError('Request was aborted.'));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}
