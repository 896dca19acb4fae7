/** The models the emulator lists by default (newest first, as the API orders them). */
import type { EmulatorModel } from './types';

const m = (id: string, display_name: string, created_at: string, max_input_tokens: number | null = 200_000, max_tokens: number | null = 64_000): EmulatorModel => ({
  type: 'model',
  id,
  display_name,
  created_at,
  max_input_tokens,
  max_tokens,
});

/** Default `/v1/models` content. */
export const defaultModels: readonly EmulatorModel[] = [
  m('claude-opus-5-5', 'Claude Opus 5.5', '2026-11-10T00:00:00Z', 1_000_000, 128_000),
  m('claude-sonnet-5-5', 'Claude Sonnet 5.5', '2026-11-10T00:00:00Z', 1_000_000, 128_000),
  m('claude-haiku-5-5', 'Claude Haiku 5.5', '2026-10-28T00:00:00Z'),
  m('claude-opus-4-8', 'Claude Opus 4.8', '2026-06-02T00:00:00Z'),
  m('claude-sonnet-4-8', 'Claude Sonnet 4.8', '2026-06-02T00:00:00Z'),
  m('claude-haiku-4-5', 'Claude Haiku 4.5', '2025-10-15T00:00:00Z'),
  m('claude-opus-4-1', 'Claude Opus 4.1', '2025-08-05T00:00:00Z'),
  // An older entry without limits, as a gateway's model list may have: the extension's table applies.
  m('claude-sonnet-4-5', 'Claude Sonnet 4.5', '2025-09-29T00:00:00Z', null, null),
];
