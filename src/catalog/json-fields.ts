// Typed access to the fields of one JSON object, reporting a wrong type as an issue
// under the field's path (e.g. `prices[0].msrp`) instead of failing. `null` and "" mean
// "not set", like an empty CSV cell.

import type { RowIssues } from './row-issues.js';
import { checkCountNumber, checkPriceNumber, type Parsed } from './values.js';

export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function describeJsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

export class JsonFields {
  constructor(
    readonly source: JsonObject,
    readonly issues: RowIssues,
    /** Path of this object relative to the row, e.g. `prices[0].`; '' for the row itself. */
    readonly prefix = '',
  ) {}

  column(key: string): string {
    return `${this.prefix}${key}`;
  }

  fail(key: string, message: string): void {
    this.issues.error(this.column(key), message);
  }

  private get(key: string): unknown {
    const value = Object.hasOwn(this.source, key) ? this.source[key] : undefined;
    return value === null ? undefined : value;
  }

  private wrongType(key: string, expected: string): undefined {
    this.fail(key, `must be ${expected}, not ${describeJsonType(this.source[key])}`);
    return undefined;
  }

  string(key: string): string | undefined {
    const value = this.get(key);
    if (value === undefined) return undefined;
    if (typeof value !== 'string') return this.wrongType(key, 'a string');
    const trimmed = value.trim();
    return trimmed === '' ? undefined : trimmed;
  }

  boolean(key: string): boolean | undefined {
    const value = this.get(key);
    if (value === undefined || typeof value === 'boolean') return value;
    return this.wrongType(key, 'true or false');
  }

  price(key: string): number | undefined {
    return this.number(key, checkPriceNumber);
  }

  count(key: string): number | undefined {
    return this.number(key, checkCountNumber);
  }

  private number(key: string, check: (value: number) => Parsed<number>): number | undefined {
    const value = this.get(key);
    if (value === undefined) return undefined;
    if (typeof value !== 'number') return this.wrongType(key, 'a number');
    const checked = check(value);
    if (checked.ok) return checked.value;
    this.fail(key, checked.message);
    return undefined;
  }

  array(key: string): unknown[] | undefined {
    const value = this.get(key);
    if (value === undefined || Array.isArray(value)) return value;
    return this.wrongType(key, 'an array');
  }

  object(key: string): JsonObject | undefined {
    const value = this.get(key);
    if (value === undefined || isJsonObject(value)) return value;
    return this.wrongType(key, 'an object');
  }

  /** Strings of an array field, reporting other elements; undefined when the field is absent. */
  strings(key: string): string[] | undefined {
    const list = this.array(key);
    if (list === undefined) return undefined;
    const result: string[] = [];
    list.forEach((item, index) => {
      if (typeof item === 'string') {
        if (item.trim() !== '') result.push(item.trim());
      } else {
        this.fail(`${key}[${index}]`, `must be a string, not ${describeJsonType(item)}`);
      }
    });
    return result;
  }

  /** Warns about fields the reader does not know; `_`-prefixed ones are ignored silently. */
  warnUnknown(known: ReadonlySet<string>): void {
    for (const key of Object.keys(this.source)) {
      if (!known.has(key) && !key.startsWith('_')) this.issues.warning(this.column(key), `unknown field "${key}" is ignored`);
    }
  }
}
