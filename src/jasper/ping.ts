// GET /ping: the server time, the round trip, and how far our clock is from the server's.
import type { JasperClient } from './client.js';

export interface PingResult {
  serverTime: string;
  /** ISO form of the server time, when it could be read. */
  serverTimeIso: string | undefined;
  latencyMs: number;
  /** Server clock minus ours at the middle of the round trip; undefined when the time is unreadable. */
  clockSkewMs: number | undefined;
}

export async function ping(client: JasperClient, now: () => number = Date.now): Promise<PingResult> {
  await client.ready();
  const sent = now();
  const started = performance.now();
  const { time } = await client.ping();
  const latencyMs = performance.now() - started;
  const parsed = parseServerTime(time);
  return {
    serverTime: time,
    serverTimeIso: parsed === undefined ? undefined : new Date(parsed).toISOString(),
    latencyMs,
    clockSkewMs: parsed === undefined ? undefined : parsed - (sent + latencyMs / 2),
  };
}

/**
 * The reference answers `Tue Feb 7 19:05:03 UTC 2017` (date(1) style); ISO also accepted.
 * A time without a zone is the server's, which runs on UTC: never read it in our local zone.
 */
export function parseServerTime(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const dateStyle = /^\w{3}\s+(\w{3})\s+(\d{1,2})\s+(\d{2}:\d{2}:\d{2})\s+(?:UTC|GMT)\s+(\d{4})$/.exec(trimmed);
  const unzonedIso = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(trimmed);
  const candidate = dateStyle ? `${dateStyle[1]} ${dateStyle[2]} ${dateStyle[4]} ${dateStyle[3]} UTC` : unzonedIso ? `${trimmed.replace(' ', 'T')}Z` : trimmed;
  const value = Date.parse(candidate);
  return Number.isNaN(value) ? undefined : value;
}
