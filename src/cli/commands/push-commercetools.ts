// push products --from commercetools: read the project into §3 files in a spool folder beside the
// runs, then push those files the ordinary way, so validation, the plan, batches, the change cache,
// --dry-run, --resume and the run files all work as for any catalog. --resume pushes the spool of
// the interrupted run again instead of reading the project anew.
import fs from 'node:fs';
import path from 'node:path';
import type { Connection } from '../../config/settings.js';
import { LockedError, UsageError } from '../../errors.js';
import { writeFileAtomic } from '../../run/atomic-write.js';
import { tenantId } from '../../run/change-cache.js';
import { DEFAULT_RUN_DIR } from '../../run/run-dir.js';
import { acquireTenantLock } from '../../run/tenant-lock.js';
import { type ClientOptions, CommercetoolsClient, DEFAULT_SOURCE_CONCURRENCY, MAX_SOURCE_CONCURRENCY } from '../../sources/commercetools/client.js';
import { CATEGORIES_FILE, EXPORT_INFO_FILE, type ExportCounts, exportCommercetoolsProject, PRODUCTS_FILE } from '../../sources/commercetools/exporter.js';
import { parsePriceBaseMap } from '../../sources/commercetools/prices.js';
import { type CommercetoolsSettings, resolveCommercetoolsSettings } from '../../sources/commercetools/settings.js';
import { recordSuccessfulRead, resolveSince, type SyncKey } from '../../sources/commercetools/sync-state.js';
import type { CommandContext } from '../context.js';
import { EXIT_OK } from '../exit-codes.js';
import { type PushCommandOptions, runPushCommand } from './push.js';

/** Where sources read into, inside the run directory. */
export const SPOOL_DIR = '.spool';

/** The options a commercetools read takes, on push and validate. */
export interface CommercetoolsFlags {
  staged?: boolean;
  locale?: string;
  priceBaseMap?: string;
  sourceConcurrency?: string;
  since?: string;
  /** Push's --max-retries holds for commercetools calls too. */
  maxRetries?: string;
}

export function commercetoolsSettings(context: CommandContext): CommercetoolsSettings {
  const settings = resolveCommercetoolsSettings(context.env, context.store.get(context.settings().profile.value), {
    allowHttp: Boolean(context.flags.allowHttp),
  });
  context.term.addSecret(settings.clientSecret);
  return settings;
}

/** --verbose: one line per commercetools call (the token travels in headers, never in the URL). */
export function verboseCalls(context: CommandContext): ClientOptions['onCall'] {
  return (call) => context.term.verbose(`commercetools ${call.method} ${call.url} → ${call.status ?? 'no answer'} (${Math.round(call.ms)} ms)`);
}

/** Reads the project into `outDir`, printing progress on stderr. */
export async function readProject(
  context: CommandContext,
  settings: CommercetoolsSettings,
  flags: CommercetoolsFlags,
  outDir: string,
  since: Date | undefined,
): Promise<{ files: string[]; counts: ExportCounts }> {
  const concurrency = Number(flags.sourceConcurrency ?? DEFAULT_SOURCE_CONCURRENCY);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > MAX_SOURCE_CONCURRENCY) {
    throw new UsageError(`--source-concurrency must be a whole number between 1 and ${MAX_SOURCE_CONCURRENCY}; got "${flags.sourceConcurrency}".`);
  }
  if (flags.locale !== undefined && !/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(flags.locale))
    throw new UsageError(`--locale takes a language tag like en or de-DE; got "${flags.locale}".`);
  const priceBaseMap = parsePriceBaseMap(flags.priceBaseMap);
  if (flags.maxRetries !== undefined && !/^\d+$/.test(flags.maxRetries))
    throw new UsageError(`--max-retries must be a whole number ≥ 0; got "${flags.maxRetries}".`);
  const spinner = context.term.spinner(`Reading commercetools project ${settings.projectKey}`);
  try {
    const result = await exportCommercetoolsProject(
      settings,
      {
        client: new CommercetoolsClient(settings, {
          concurrency,
          onCall: verboseCalls(context),
          ...(flags.maxRetries === undefined ? {} : { maxRetries: Number(flags.maxRetries) }),
        }),
        priceBaseMap,
        ...(flags.staged ? { staged: true } : {}),
        ...(flags.locale ? { locale: flags.locale } : {}),
        ...(since ? { since } : {}),
        onProgress: (counts) => (spinner.text = `Reading commercetools project ${settings.projectKey}: ${counts.products} products, ${counts.rows} rows`),
      },
      outDir,
    );
    spinner.stop();
    return result;
  } finally {
    spinner.stop();
  }
}

/** One line saying what was read, for the summary. */
export function describeRead(counts: ExportCounts): string {
  const { prices } = counts;
  const what = counts.since ? `${counts.products} products modified since ${counts.since}` : `${counts.products} products`;
  const parts = [`${counts.variants} variants`, `${counts.categories} categories`, `${counts.inventoryEntries} inventory entries`];
  const leftOut = [
    prices.scoped ? `${prices.scoped} channel or customer-group prices` : '',
    prices.notValidNow ? `${prices.notValidNow} prices not valid today` : '',
    prices.tiers ? `${prices.tiers} price tiers` : '',
    prices.superseded ? `${prices.superseded} prices superseded by a country price` : '',
    counts.variantsWithoutSku ? `${counts.variantsWithoutSku} variants without SKU` : '',
    counts.duplicateCategories ? `${counts.duplicateCategories} categories with a duplicate path` : '',
  ].filter((part) => part !== '');
  return `commercetools ${counts.project} (${counts.staged ? 'staged' : 'published'}, ${counts.locale}): read ${what} (${parts.join(', ')})${leftOut.length > 0 ? `; left out ${leftOut.join(', ')}` : ''}.`;
}

export async function runCommercetoolsPush(context: CommandContext, files: string[], flags: PushCommandOptions & CommercetoolsFlags): Promise<number> {
  if (files.length > 0) throw new UsageError('push products --from commercetools reads the project over its API; it takes no files.');
  // A --since read lists only the changed products: every other one would look gone from the feed.
  if (flags.since !== undefined && flags.disableMissing) throw new UsageError('--disable-missing needs the whole project: run it without --since.');
  const settings = commercetoolsSettings(context);
  const connection = context.connection();
  const stateDir = context.store.directory;
  const runDir = flags.runDir ?? DEFAULT_RUN_DIR;
  // One spool per project and tenant: the same paths each run, so --resume finds the interrupted run.
  // A hidden folder: it sorts before the run folders and holds no run.json, so nothing takes it for a run.
  const spool = path.join(runDir, SPOOL_DIR, `commercetools-${settings.projectKey}@${tenantId(connection.apiUrl)}`);
  const syncKey: SyncKey = { settings, jasperApiUrl: connection.apiUrl, staged: Boolean(flags.staged) };
  // The Jasper push locks the tenant only after the read: this lock keeps a second run (an
  // overlapping cron job) from replacing the spool while the first still reads it.
  const lock = await lockSpool(stateDir, spool, Boolean(flags.wait));
  try {
    return await readAndPush(context, { settings, connection, stateDir, spool, syncKey }, flags);
  } finally {
    lock.release();
  }
}

interface ReadTarget {
  settings: CommercetoolsSettings;
  connection: Connection;
  stateDir: string;
  spool: string;
  syncKey: SyncKey;
}

async function readAndPush(
  context: CommandContext,
  { settings, connection, stateDir, spool, syncKey }: ReadTarget,
  flags: PushCommandOptions & CommercetoolsFlags,
): Promise<number> {
  let counts: ExportCounts;
  if (flags.resume) {
    counts = readSpoolInfo(spool);
  } else {
    const { since, first } = resolveSince(flags.since, stateDir, syncKey);
    if (first) context.term.warn('No successful push from this project to this tenant yet: --since last reads the whole project this time.');
    const fresh = `${spool}.reading`;
    fs.rmSync(fresh, { recursive: true, force: true });
    try {
      ({ counts } = await readProject(context, settings, flags, fresh, since));
    } catch (error) {
      fs.rmSync(fresh, { recursive: true, force: true });
      throw error;
    }
    // The spool is replaced only by a complete read: an interrupted read leaves the last one intact.
    fs.rmSync(spool, { recursive: true, force: true });
    fs.renameSync(fresh, spool);
  }
  if (!context.term.json) context.term.result(describeRead(counts));

  let runId: string | undefined;
  const source = { name: 'commercetools', ...counts };
  const exitCode = await runPushCommand(
    context,
    'products',
    // A --since read that found no change spools a products file without rows: not worth a nightly warning.
    [path.join(spool, CATEGORIES_FILE), ...(counts.rows > 0 ? [path.join(spool, PRODUCTS_FILE)] : [])],
    // The spool's file names are the same for every project: the feed is the project (SPEC §12).
    { ...flags, feed: flags.feed ?? `commercetools:${settings.projectKey}` },
    connection,
    stateDir,
    (document) => context.term.resultJson({ ...document, source }),
    (result) => {
      runId = result.runId;
      if (result.runPath) addToSummary(path.join(result.runPath, 'summary.json'), source);
    },
  );
  if (exitCode === EXIT_OK && !flags.dryRun) recordSuccessfulRead(stateDir, syncKey, counts.startedAt, runId);
  return exitCode;
}

async function lockSpool(stateDir: string, spool: string, wait: boolean): Promise<{ release(): void }> {
  try {
    return await acquireTenantLock(stateDir, `spool:${path.resolve(spool)}`, `read-${process.pid}`, { wait });
  } catch (error) {
    if (!(error instanceof LockedError)) throw error;
    throw new LockedError(`Another push is reading or pushing this commercetools project into ${spool} (${error.message.replace(/^.*is running: /, '')}`);
  }
}

/** summary.json says what the run read from the source, beside what it wrote. */
function addToSummary(file: string, source: object): void {
  try {
    const summary = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    writeFileAtomic(file, `${JSON.stringify({ ...summary, source }, null, 2)}\n`, 0o644);
  } catch {
    // No summary (the run stopped before writing one): nothing to add to.
  }
}

function readSpoolInfo(spool: string): ExportCounts {
  try {
    return JSON.parse(fs.readFileSync(path.join(spool, EXPORT_INFO_FILE), 'utf8')) as ExportCounts;
  } catch {
    throw new UsageError(`Nothing to resume: no complete read of the project in ${spool}. Run the push without --resume.`);
  }
}
