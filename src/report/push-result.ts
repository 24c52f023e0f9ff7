// What a push is asked to do and what it returns: the data the run produces and the reports
// (summary.json, results.csv, report.html) and the CLI read. Types only, beside the readers, so
// nothing that reads a run's result needs the run layer.
import type { CatalogKind, CatalogSource, SourceLocation, SourceReport } from '../catalog/index.js';
import type { JasperApiError } from '../jasper/errors.js';
import type { VariantMode } from '../plan/desired.js';
import type { RowKind } from '../plan/input-rows.js';
import type { EntityKind, Outcome } from '../plan/types.js';

export interface PushOptions {
  kind: CatalogKind;
  files: string[];
  apiUrl: string;
  /** Where the change cache and tenant locks live (beside the profiles). */
  stateDir: string;
  runDir: string;
  throttleLimit: number;
  throttleSeconds: number;
  concurrency: number;
  maxRetries: number;
  /** Products planned and run per batch (default BATCH_PRODUCTS). */
  batchSize?: number;
  variantMode: VariantMode;
  priceBase: string;
  columnMap?: Record<string, string>;
  /** The shape of the files (`--from`); section 3 when not given. */
  source?: CatalogSource;
  /** What an API source read for this push (`files` are its spool's): summary.json's `source`. */
  sourceRead?: SourceReport;
  dryRun?: boolean;
  full?: boolean;
  reconcile?: boolean;
  /** --prune (SPEC §12). */
  prune?: boolean;
  resume?: string | true;
  skipInvalid?: boolean;
  wait?: boolean;
  /** The feed this push is (SPEC §12); by default the source and the files' base names. */
  feed?: string;
  /** Disable the feed's products that the input no longer lists. */
  disableMissing?: boolean;
  /** The share of the feed's products (0–1) above which disabling refuses the run (default 10 %). */
  maxDisable?: number;
  /** Leave out related links to SKUs in neither the input nor Jasper, with a warning (SPEC §4). */
  allowMissingLinks?: boolean;
  /** What ran (version, command line, profile), for the report's header. */
  about?: RunAbout;
}

/** What ran, as the CLI knows it: the report's header and the cron log's first line name it. */
export interface RunAbout {
  version: string;
  /** The command line, its secrets left out. */
  commandLine: string;
  profile: string;
}

export interface FailureExample {
  where: string;
  key: string;
  error: string;
}

export type OutcomeCounts = Record<Outcome, number>;

/** A row's status when the run stopped before its writes ran. */
export const NOT_ATTEMPTED = 'not-attempted';
/** A row's status when its product was written but one of its related links failed (SPEC §4). */
export const LINK_FAILED = 'link-failed';

/** Rows per outcome; `left` (a stopped run's rows not attempted) and `linkFailed` counted apart. */
export type RowCounts = Record<Outcome, number> & {
  total: number;
  /** Rows whose product was written (created, updated or unchanged) but a related link failed; counted in their outcome too. */
  linkFailed: number;
  /** Rows a stopped run did not get to: `--resume` does them. */
  left: number;
};

export const zeroCounts = (): OutcomeCounts => ({ created: 0, updated: 0, deleted: 0, unchanged: 0, failed: 0, skipped: 0 });

/** Why a run stopped before its end. */
export type StopReason = { kind: 'auth'; error: JasperApiError } | { kind: 'tenant-down'; error: JasperApiError } | { kind: 'interrupted' };

export interface PushResult {
  runId: string | undefined;
  runPath: string | undefined;
  kind: CatalogKind;
  /** The files read: the command line's, or an API source's read in the spool. */
  files: string[];
  mode: 'delta' | 'full' | 'reconcile';
  dryRun: boolean;
  resumed: boolean;
  /** ISO 8601: when this push started. */
  startedAt: string;
  entities: Partial<Record<EntityKind, OutcomeCounts>>;
  rows: RowCounts;
  /** Related links to SKUs in neither the input nor Jasper left out by --allow-missing-links. */
  linksLeftOut: number;
  /** Calls the plan would make (dry run) or made to write (a real run). */
  plannedWrites: number;
  /** Calls spent reading Jasper before planning. */
  readCalls: number;
  calls: number;
  rateLimited: number;
  durationMs: number;
  /** From the first call's start to the end: the time the calls took. */
  callSpanMs: number;
  callsPerSecond: number;
  stop: StopReason | undefined;
  failuresFile: string | undefined;
  resultsFile: string | undefined;
  /** report.html: the run for people (chart, outcomes, failures by error). */
  reportFile?: string | undefined;
  warnings: string[];
  /** The first failed or skipped rows (for a --notify message). */
  firstFailures?: FailureExample[];
  /** --prune: the related links, images and barcodes deleted (or, in a dry run, that would be). */
  pruned?: string[];
  feed: FeedResult;
  /** What an API source read (SPEC §11). */
  source?: SourceReport;
}

/** SPEC §12: the feed, and what --disable-missing disabled (or, in a dry run, would disable). */
export interface FeedResult {
  name: string;
  /** The feed's products enabled before this run; undefined without --disable-missing. */
  products?: number;
  /** SKUs disabled (dry run: to disable), in SKU order. */
  disabled: string[];
  /** SKUs whose disable failed or was not attempted (the run stopped first). */
  notDisabled: string[];
  /** The feed's first run: nothing was disabled (SPEC §12). */
  firstRun?: boolean;
}

/** One input row's outcome (results.csv, failures.csv, the report's failure groups). */
export interface RowOutcome {
  loc: SourceLocation;
  kind: RowKind;
  key: string;
  outcome: Outcome;
  remoteId: number | undefined;
  error: string | undefined;
  /** Where it went wrong: a stage name, or "validation". */
  stage: string | undefined;
  /** HTTP status or reason class for the failures file. */
  status: string | undefined;
}

/** Every row and link written and every missing product disabled: a push that did so exits 0. */
export function everythingWritten(result: { rows: Pick<RowCounts, 'failed' | 'skipped' | 'linkFailed'>; feed: Pick<FeedResult, 'notDisabled'> }): boolean {
  const { rows, feed } = result;
  return rows.failed + rows.skipped + rows.linkFailed + feed.notDisabled.length === 0;
}
