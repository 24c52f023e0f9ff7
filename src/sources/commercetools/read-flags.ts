// The flags of a read (SPEC §11), checked when the command starts, before any settings are read
// or any request is sent: a mistyped flag is exit 2 at once, not after a long read.
import { UsageError } from '../../errors.js';
import type { SourceFlags, SourceUse } from '../source-options.js';
import { parsePriceBaseMap } from './prices.js';
import { parseSince } from './sync-state.js';

export const DEFAULT_SOURCE_CONCURRENCY = 4;
export const MAX_SOURCE_CONCURRENCY = 16;

export interface ReadFlags {
  concurrency: number;
  maxRetries: number | undefined;
  locale: string | undefined;
  priceBaseMap: Map<string, string>;
  staged: boolean;
  /** `last`: since the last successful push from this project to the tenant. */
  since: Date | 'last' | undefined;
}

export function readFlags(flags: SourceFlags, use: SourceUse): ReadFlags {
  const since = parseSince(flags.since, use);
  // A --since read lists only the changed products: every other one would look gone from the feed.
  if (since !== undefined && flags.disableMissing) throw new UsageError('--disable-missing needs the whole project: run it without --since.');
  const concurrency = Number(flags.sourceConcurrency ?? DEFAULT_SOURCE_CONCURRENCY);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > MAX_SOURCE_CONCURRENCY) {
    throw new UsageError(`--source-concurrency must be a whole number between 1 and ${MAX_SOURCE_CONCURRENCY}; got "${flags.sourceConcurrency}".`);
  }
  if (flags.locale !== undefined && !/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(flags.locale))
    throw new UsageError(`--locale takes a language tag like en or de-DE; got "${flags.locale}".`);
  if (flags.maxRetries !== undefined && !/^\d+$/.test(flags.maxRetries))
    throw new UsageError(`--max-retries must be a whole number ≥ 0; got "${flags.maxRetries}".`);
  return {
    concurrency,
    maxRetries: flags.maxRetries === undefined ? undefined : Number(flags.maxRetries),
    locale: flags.locale,
    priceBaseMap: parsePriceBaseMap(flags.priceBaseMap),
    staged: Boolean(flags.staged),
    since,
  };
}
