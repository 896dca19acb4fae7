/**
 * Reads a gateway's 401 for a signature problem and names the likely cause. Gateways word these
 * refusals in their own way ("signature expired", "request signature mismatch", "missing
 * X-Signature"), so the message text is matched loosely; the client's own state (was the request
 * signed at all?) and the gateway's `Date` header (how far apart the clocks are) settle the rest.
 */
import type { AnthropicError } from './errors';
import { AuthenticationError, describeBody } from './errors';
import type { SignatureCause } from './gatewayErrors';
import { GatewaySignatureError } from './gatewayErrors';
import type { SigningHeaderNames } from './signing';

/** What the attempt knows about how it signed. */
export interface SigningState {
  /** Whether the request carried a signature (a secret is set). */
  signed: boolean;
  names: SigningHeaderNames;
  /** Client clock (epoch ms) when the request was signed. */
  signedAt: number;
  /** Base URL, for "the gateway at ...". */
  baseURL: string;
}

/** Clock differences above this are worth naming (gateways allow minutes; a few seconds is network). */
const NOTABLE_SKEW_MS = 30_000;

function mentionsSignature(text: string, names: SigningHeaderNames): boolean {
  const lower = text.toLowerCase();
  return /signature|signed|\bhmac\b/.test(lower) || [names.timestamp, names.nonce, names.signature].some((n) => lower.includes(n));
}

function causeOf(text: string, signed: boolean): SignatureCause | 'headerNames' {
  const lower = text.toLowerCase();
  if (!signed) return 'missingSecret';
  if (/replay|already (been )?used|reused|duplicate/.test(lower)) return 'replayed';
  if (/missing|required|absent|unsigned|not signed|no signature/.test(lower)) return 'headerNames';
  if (/expired|stale|too old|clock|skew|in the future|not yet valid|timestamp/.test(lower)) return 'clockSkew';
  if (/mismatch|does not match|doesn't match|invalid|incorrect|wrong|bad signature|verification failed|could not be verified/.test(lower)) return 'wrongSecret';
  return 'unknown';
}

function minutes(ms: number): string {
  const s = Math.round(Math.abs(ms) / 1000);
  return s < 120 ? `${s} s` : `${Math.round(s / 60)} min`;
}

function skewSentence(state: SigningState, dateHeader: string | undefined): string {
  const serverMs = dateHeader ? Date.parse(dateHeader) : Number.NaN;
  const sent = new Date(Math.floor(state.signedAt / 1000) * 1000).toISOString();
  if (Number.isFinite(serverMs) && Math.abs(serverMs - state.signedAt) >= NOTABLE_SKEW_MS) {
    const ahead = serverMs > state.signedAt;
    return `The gateway's clock (Date: ${dateHeader}) is ${minutes(serverMs - state.signedAt)} ${ahead ? 'ahead of' : 'behind'} this computer's (timestamp sent: ${sent}): correct this computer's clock or time zone.`;
  }
  return `The timestamp sent was ${sent}; gateways accept only a few minutes of difference (5 by default): check this computer's clock.`;
}

/**
 * A {@link GatewaySignatureError} for a 401 that is about the signature, else undefined (a
 * plain key problem stays an `AuthenticationError`).
 */
export function signatureError(error: AnthropicError, state: SigningState): GatewaySignatureError | undefined {
  if (!(error instanceof AuthenticationError) || error.status !== 401) return undefined;
  const said = describeBody(error.error).message ?? '';
  if (!mentionsSignature(said, state.names)) return undefined;
  const where = `The gateway at ${state.baseURL}`;
  const quote = ` (gateway said: "${said.slice(0, 200)}")`;
  const headerList = `${state.names.timestamp}, ${state.names.nonce}, ${state.names.signature}`;
  const cause = causeOf(said, state.signed);
  let message: string;
  let category: SignatureCause;
  switch (cause) {
    case 'missingSecret':
      category = 'missingSecret';
      message = `${where} requires signed requests and no signing secret is set: set the gateway's signing secret.${quote}`;
      break;
    case 'headerNames':
      category = 'unknown';
      message = `${where} found no signature although the request was signed (headers ${headerList}): it probably expects other signing header names.${quote}`;
      break;
    case 'clockSkew':
      category = 'clockSkew';
      message = `${where} refused the request signature as expired or not yet valid: this computer's clock is probably off. ${skewSentence(state, error.headers['date'])}${quote}`;
      break;
    case 'wrongSecret':
      category = 'wrongSecret';
      message = `${where} refused the request signature: the signing secret is probably wrong (it differs from the gateway's), or the gateway signs a different string (see "Company networks" in the README).${quote}`;
      break;
    case 'replayed':
      category = 'replayed';
      message = `${where} refused the request as a replay (its nonce was already used): something between this computer and the gateway sent it twice.${quote}`;
      break;
    default:
      category = 'unknown';
      message = `${where} refused the request signature: check the signing secret, this computer's clock and the signing header names (${headerList}).${quote}`;
  }
  return new GatewaySignatureError(message, category, {
    status: 401, type: error.type, requestId: error.requestId, error: error.error, headers: error.headers,
  });
}
