// Content hashes for the change cache: the same content always hashes the same, whatever key order.
import { createHash } from 'node:crypto';

export function contentHash(value: unknown): string {
  // From the first 8 bytes, so the string is not a slice that keeps the whole digest alive.
  return createHash('sha256').update(stableJson(value)).digest().subarray(0, 8).toString('hex');
}

export function stableJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
}
