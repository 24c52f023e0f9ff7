// UTF-8 validation that knows the line of the first bad byte.
//
// TextDecoder({ fatal: true }) can tell that a chunk is bad but not where, and the user
// needs `products.csv:812: invalid UTF-8` to find a mis-saved row in a large export.
// So this is a small streaming validator (the WHATWG decoder's rules: no overlong forms,
// no surrogates, nothing above U+10FFFF) that also counts line breaks the way the CSV
// reader does: CR, LF and CRLF each end one line.

import { Transform, type TransformCallback } from 'node:stream';

const LF = 0x0a;
const CR = 0x0d;

export class Utf8LineCounter {
  /** 1-based line of the next byte. */
  line = 1;
  private afterCr = false;
  private pending = 0;
  private lower = 0x80;
  private upper = 0xbf;

  /** Scans the next chunk; returns the index of the first invalid byte, or -1. */
  scan(bytes: Uint8Array): number {
    for (let i = 0; i < bytes.length; i++) {
      const byte = bytes[i]!;
      if (this.pending > 0) {
        if (byte < this.lower || byte > this.upper) return i;
        this.lower = 0x80;
        this.upper = 0xbf;
        this.pending--;
        continue;
      }
      if (byte < 0x80) {
        if (byte === LF) {
          if (!this.afterCr) this.line++;
        } else if (byte === CR) {
          this.line++;
        }
        this.afterCr = byte === CR;
        continue;
      }
      this.afterCr = false;
      if (byte >= 0xc2 && byte <= 0xdf) {
        this.pending = 1;
      } else if (byte >= 0xe0 && byte <= 0xef) {
        this.pending = 2;
        if (byte === 0xe0) this.lower = 0xa0;
        if (byte === 0xed) this.upper = 0x9f;
      } else if (byte >= 0xf0 && byte <= 0xf4) {
        this.pending = 3;
        if (byte === 0xf0) this.lower = 0x90;
        if (byte === 0xf4) this.upper = 0x8f;
      } else {
        return i;
      }
    }
    return -1;
  }

  /** True when the input stopped in the middle of a character. */
  get incomplete(): boolean {
    return this.pending > 0;
  }
}

export class InvalidUtf8Error extends Error {
  override name = 'InvalidUtf8Error';
  constructor(readonly line: number) {
    super(`invalid UTF-8 at line ${line}`);
  }
}

/** Passes bytes through unchanged, failing with InvalidUtf8Error at the first bad one. */
export class Utf8Guard extends Transform {
  private readonly counter = new Utf8LineCounter();

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    if (this.counter.scan(chunk) >= 0) {
      done(new InvalidUtf8Error(this.counter.line));
      return;
    }
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    done(this.counter.incomplete ? new InvalidUtf8Error(this.counter.line) : null);
  }
}

/** Decodes a whole buffer (JSON input), or gives the line of the first invalid byte. */
export function decodeUtf8(bytes: Uint8Array): { text: string } | { invalidLine: number } {
  const counter = new Utf8LineCounter();
  if (counter.scan(bytes) >= 0 || counter.incomplete) return { invalidLine: counter.line };
  return { text: new TextDecoder('utf-8').decode(bytes) };
}
