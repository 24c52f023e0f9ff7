// The API key must never reach output, logs, run files or errors.

/** `****abcd`: at most the last 4 characters, and none of a short key. */
export function maskKey(key: string | undefined): string {
  if (!key) return '(none)';
  return key.length >= 12 ? `****${key.slice(-4)}` : '****';
}

/** Replaces every occurrence of each secret in `text` with its mask. */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  let result = text;
  for (const secret of secrets) {
    if (!secret || secret.length < 4) continue;
    result = result.split(secret).join(maskKey(secret));
  }
  return result;
}
