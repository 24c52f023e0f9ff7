// Reading request bodies field by field with Laravel's validation semantics: every problem
// is collected (not just the first) and reported together as one 422. Like Laravel's
// ConvertEmptyStringsToNull middleware, an empty or blank string counts as null.

import { invalid, type FieldErrors } from './http-errors.js';

export type Body = Record<string, unknown>;

/** A JSON body that is not an object (an array, a number) carries no named fields. */
export function asObject(body: unknown): Body {
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Body) : {};
}

function label(field: string): string {
  return field.replace(/_/g, ' ');
}

function blank(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

export class Input {
  readonly errors: FieldErrors = {};

  constructor(readonly body: Body) {}

  /** The field was sent (even as null). */
  has(field: string): boolean {
    return this.body[field] !== undefined;
  }

  fail(field: string, message: string): void {
    (this.errors[field] ??= []).push(message);
  }

  /** Throws the collected errors as one 422. */
  check(): void {
    if (Object.keys(this.errors).length > 0) throw invalid(this.errors);
  }

  /** undefined when absent, null when sent empty; numbers are accepted as text. */
  string(field: string, required = false): string | null | undefined {
    const v = this.body[field];
    if (blank(v)) {
      if (required) this.fail(field, `The ${label(field)} field is required.`);
      return v === undefined ? undefined : null;
    }
    if (typeof v === 'string') return v;
    if (typeof v === 'number' && Number.isFinite(v)) return String(v);
    this.fail(field, `The ${label(field)} must be a string.`);
    return undefined;
  }

  /** Required text: the value, or '' after recording the error (check() will throw). */
  requiredString(field: string): string {
    return this.string(field, true) ?? '';
  }

  /** Accepts true/false, 1/0 and their string forms. */
  bool(field: string): boolean | undefined {
    const v = this.body[field];
    if (v === undefined || v === null) return undefined;
    if (v === true || v === 1 || v === '1' || v === 'true') return true;
    if (v === false || v === 0 || v === '0' || v === 'false') return false;
    this.fail(field, `The ${label(field)} field must be true or false.`);
    return undefined;
  }

  /** A number or numeric string; null when sent empty. */
  number(field: string): number | null | undefined {
    const v = this.body[field];
    if (blank(v)) return v === undefined ? undefined : null;
    const n = toNumber(v);
    if (n === undefined) this.fail(field, `The ${label(field)} must be a number.`);
    return n;
  }

  /** An integer or integer string, at least `min`. */
  integer(field: string, opts: { required?: boolean; min?: number } = {}): number | null | undefined {
    const v = this.body[field];
    if (blank(v)) {
      if (opts.required) this.fail(field, `The ${label(field)} field is required.`);
      return v === undefined ? undefined : null;
    }
    const n = toInteger(v);
    if (n === undefined) {
      this.fail(field, `The ${label(field)} must be an integer.`);
      return undefined;
    }
    if (opts.min !== undefined && n < opts.min) {
      this.fail(field, `The ${label(field)} must be at least ${opts.min}.`);
      return undefined;
    }
    return n;
  }

  /**
   * A reference to another entity by id. Absent → undefined; empty (and 0 when `zeroIsNull`,
   * the API's way of saying "no parent") → null; an id that does not exist → error.
   */
  ref(field: string, exists: (id: number) => boolean, opts: { zeroIsNull?: boolean; required?: boolean } = {}): number | null | undefined {
    const v = this.body[field];
    if (blank(v)) {
      if (opts.required) this.fail(field, `The ${label(field)} field is required.`);
      return v === undefined ? undefined : null;
    }
    const n = toInteger(v);
    if (n === 0 && opts.zeroIsNull) return null;
    if (n === undefined || !exists(n)) {
      this.fail(field, `The selected ${label(field)} is invalid.`);
      return undefined;
    }
    return n;
  }

  /** A string that must be one of `allowed`. */
  oneOf<T extends string>(field: string, allowed: readonly T[], required = false): T | undefined {
    const v = this.string(field, required);
    if (v === undefined || v === null) return undefined;
    if (!(allowed as readonly string[]).includes(v)) {
      this.fail(field, `The selected ${label(field)} is invalid.`);
      return undefined;
    }
    return v as T;
  }

  /** A list; undefined when absent or not a list (recorded as an error). */
  array(field: string): unknown[] | undefined {
    const v: unknown = this.body[field];
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v)) {
      this.fail(field, `The ${label(field)} must be an array.`);
      return undefined;
    }
    return v as unknown[];
  }
}

export function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && /^\s*-?(\d+\.?\d*|\.\d+)\s*$/.test(v)) return Number(v);
  return undefined;
}

export function toInteger(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isSafeInteger(v) ? v : undefined;
  if (typeof v === 'string' && /^\s*-?\d+\s*$/.test(v)) {
    const n = Number(v);
    return Number.isSafeInteger(n) ? n : undefined;
  }
  return undefined;
}

/** Path ids are positive integers; anything else cannot name an entity. */
export function parseId(raw: string | undefined): number | undefined {
  if (raw === undefined || !/^\d+$/.test(raw)) return undefined;
  const n = Number(raw);
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Timestamps as the API shows them: `2019-06-10 20:40:07` (UTC). */
export function timestamp(date = new Date()): string {
  return date.toISOString().slice(0, 19).replace('T', ' ');
}
