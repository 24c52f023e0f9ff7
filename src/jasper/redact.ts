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

/** Replaces each secret in `text` with its mask: a random key wherever it occurs, a key that is a word where it stands as a value. */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  // Trimmed (an env value often ends with a newline), longest first, so a secret that
  // contains another is masked whole rather than leaving its prefix behind.
  const candidates = [...new Set(secrets.map((secret) => secret?.trim() ?? ''))]
    .filter((secret) => secret.length >= MIN_SECRET_LENGTH)
    .sort((a, b) => b.length - a.length);
  let result = text;
  for (const secret of candidates) result = wordLike(secret) ? replaceValues(result, secret) : result.split(secret).join(maskKey(secret));
  return result;
}

/**
 * A key that is an ordinary word or number (`wrong`, `1234`) also occurs in the words and numbers
 * of messages (`wrongly`, `revoked or wrong`, `12345 ms`): there it is not the key. A random key
 * (long, or with punctuation) never is a word by chance, so it is masked wherever it occurs.
 */
function wordLike(secret: string): boolean {
  return /^\p{L}+$/u.test(secret) || (/^[\p{L}\p{N}]+$/u.test(secret) && secret.length < MIN_KEY_LENGTH_TO_HINT);
}

const WORD_CHAR = /[\p{L}\p{N}]/u;
/** What ends just before a value without being part of it: an escape (`\n` in JSON text) or a percent-encoded byte. */
const ESCAPE_BEFORE = /(?:\\[a-z]|\\u[0-9a-f]{4}|%[0-9a-f]{2})$/i;
/** A word then a space: the secret is a word of a sentence, unless that word names a credential. */
const IN_PROSE = /[\p{L}\p{N}][.,;]? $/u;
const NAMES_A_SECRET = /(?:bearer|key|token|secret|password)[.,;:]? $/i;

/**
 * Masks `secret` where it stands as a value: a whole token (not inside a longer word) that is not a
 * word of a sentence: after `=`, `:`, a quote, a bracket, a slash, `Bearer ` or `key `, at the
 * start of the text or of a line (an argument, a header, a JSON string, a query parameter).
 */
function replaceValues(text: string, secret: string): string {
  let result = '';
  let from = 0;
  for (let at = text.indexOf(secret); at >= 0; at = text.indexOf(secret, at + secret.length)) {
    const before = text.slice(Math.max(0, at - 12), at);
    const after = text.charAt(at + secret.length);
    const last = before.charAt(before.length - 1);
    const startsToken = before === '' || !WORD_CHAR.test(last) || ESCAPE_BEFORE.test(before);
    const endsToken = after === '' || !WORD_CHAR.test(after);
    const prose = IN_PROSE.test(before) && !NAMES_A_SECRET.test(before);
    if (!startsToken || !endsToken || prose) continue;
    result += text.slice(from, at) + maskKey(secret);
    from = at + secret.length;
  }
  return result + text.slice(from);
}
