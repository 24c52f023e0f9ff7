// The API key must never reach output, logs, run files or errors.

/** Below this length a key is shown as `****` only: its last 4 characters would be most of it. */
const MIN_KEY_LENGTH_TO_HINT = 12;
/** Shorter strings are not treated as secrets: masking them would mangle ordinary words. */
const MIN_SECRET_LENGTH = 4;

/** `****abcd`: at most the last 4 characters, and none of a short key. */
export function maskKey(key: string | undefined): string {
  if (!key) return '(none)';
  return key.length >= MIN_KEY_LENGTH_TO_HINT ? `****${key.slice(-4)}` : '****';
}

/** Replaces every occurrence of each secret in `text` with its mask. */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  // Trimmed (an env value often ends with a newline), longest first, so a secret that
  // contains another is masked whole rather than leaving its prefix behind.
  const candidates = [...new Set(secrets.map((secret) => secret?.trim() ?? ''))]
    .filter((secret) => secret.length >= MIN_SECRET_LENGTH)
    .sort((a, b) => b.length - a.length);
  let result = text;
  for (const secret of candidates) result = result.split(secret).join(maskKey(secret));
  return result;
}
