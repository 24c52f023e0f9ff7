// Where a JSON syntax error is. Node 20's JSON.parse gives `at position N` for some errors
// but not for others (`Unexpected token '}', "..." is not valid JSON`), and a user with
// a 20,000-line catalog needs a line. So when the message has no position, a small
// validating scanner finds the first offset that cannot continue a JSON text.

export interface JsonSyntaxProblem {
  line: number;
  column: number;
  message: string;
}

export function describeJsonSyntaxError(text: string, error: unknown): JsonSyntaxProblem {
  const raw = error instanceof Error ? error.message : String(error);
  const reported = /at position (\d+)/.exec(raw);
  const offset = reported ? Number(reported[1]) : firstInvalidOffset(text);
  const message = raw
    .replace(/,\s*(\.\.\.)?".*" is not valid JSON$/s, '')
    .replace(/\s*in JSON at position \d+.*$/s, '')
    .trim();
  return { ...lineAndColumn(text, offset < 0 ? text.length : offset), message };
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 10 || (code === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);

/** Offset of the first character that makes `text` invalid JSON, or -1 when it is valid. */
export function firstInvalidOffset(text: string): number {
  let pos = 0;
  const space = (): void => {
    while (pos < text.length && ' \t\n\r'.includes(text[pos]!)) pos++;
  };
  const literal = (word: string): boolean => {
    if (!text.startsWith(word, pos)) return false;
    pos += word.length;
    return true;
  };
  const number = (): boolean => {
    NUMBER.lastIndex = pos;
    const match = NUMBER.exec(text);
    if (!match) return false;
    pos += match[0].length;
    return true;
  };
  const string = (): boolean => {
    pos++;
    while (pos < text.length) {
      const char = text[pos]!;
      if (char === '"') {
        pos++;
        return true;
      }
      if (char.charCodeAt(0) < 0x20) return false;
      if (char !== '\\') pos++;
      else if (ESCAPES.has(text[pos + 1] ?? '')) pos += 2;
      else if (text[pos + 1] === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(pos + 2, pos + 6))) pos += 6;
      else return false;
    }
    return false;
  };
  const container = (close: string, isObject: boolean): boolean => {
    pos++;
    space();
    if (text[pos] === close) {
      pos++;
      return true;
    }
    for (;;) {
      if (isObject) {
        if (text[pos] !== '"' || !string()) return false;
        space();
        if (text[pos] !== ':') return false;
        pos++;
        space();
      }
      if (!value()) return false;
      space();
      if (text[pos] === close) {
        pos++;
        return true;
      }
      if (text[pos] !== ',') return false;
      pos++;
      space();
    }
  };
  const value = (): boolean => {
    const char = text[pos];
    if (char === '{') return container('}', true);
    if (char === '[') return container(']', false);
    if (char === '"') return string();
    if (char === 't') return literal('true');
    if (char === 'f') return literal('false');
    if (char === 'n') return literal('null');
    return number();
  };
  space();
  if (!value()) return pos;
  space();
  return pos < text.length ? pos : -1;
}
