/**
 * Last line of defence so a key never reaches a message, a log line or a metric: known key values
 * are registered here by the client, and anything shaped like an Anthropic key is masked too.
 */
const known = new Set<string>();

/** Registers a secret to mask wherever the library turns text into messages. */
export function registerSecret(value: string | undefined): void {
  if (value && value.length >= 6) known.add(value);
}

/** Masks registered secrets and key-shaped tokens. */
export function redactSecrets(text: string): string {
  let out = text;
  for (const secret of known) {
    if (out.includes(secret)) out = out.split(secret).join('[redacted]');
  }
  return out.replace(/sk-ant-[A-Za-z0-9_-]{4,}/g, 'sk-ant-[redacted]').replace(/(Bearer\s+)[^\s"',]+/gi, '$1[redacted]');
}
