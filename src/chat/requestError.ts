import type { ErrorKind } from '../shared/chatTypes';

/**
 * A request the controller will not carry out (an answer still streams, nothing to answer again):
 * the panel gets it as the request's `request/error` reply, a command as a thrown error.
 */
export class RequestError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'RequestError';
  }
}
