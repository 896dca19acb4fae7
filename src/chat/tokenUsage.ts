import type { TokenUsage } from '../shared/chatTypes';
import type { ApiUsage } from './types';

/**
 * Usage with every count present, keeping the API's field names: from a stream event, a final
 * message or a history file alike (a count left out or sent as null is 0; unknown fields are dropped,
 * since the panel's parser refuses them).
 */
export function tokenUsage(u: ApiUsage | undefined): TokenUsage | undefined {
  if (!u) return undefined;
  return {
    input_tokens: u.input_tokens ?? 0,
    output_tokens: u.output_tokens ?? 0,
    cache_creation_input_tokens: u.cache_creation_input_tokens ?? 0,
    cache_read_input_tokens: u.cache_read_input_tokens ?? 0,
  };
}

/** Two cumulative reports of one answer: message_delta may omit input counts, so each count keeps the larger. */
export function mergeUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  return {
    input_tokens: Math.max(a.input_tokens, b.input_tokens),
    output_tokens: Math.max(a.output_tokens, b.output_tokens),
    cache_creation_input_tokens: Math.max(a.cache_creation_input_tokens, b.cache_creation_input_tokens),
    cache_read_input_tokens: Math.max(a.cache_read_input_tokens, b.cache_read_input_tokens),
  };
}
