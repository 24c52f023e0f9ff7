// push: read → validate → plan → execute → report. Returns data; the CLI renders it. The input is
// read in passes (validate; shared entities and reads; plan and run in batches), so a catalog
// larger than memory can be pushed. Each step of the run is one call below, in order; what a
// step opens is closed, last opened first, whatever happens.
import { type CatalogScan, type ReadOptions, scanCatalog, validEntries } from '../catalog/index.js';
import { assertValid } from '../catalog/assert-valid.js';
import { formatIssue } from '../catalog/types.js';
import { JasperClient } from '../jasper/client.js';
import type { Send } from '../jasper/http.js';
import { BATCH_PRODUCTS, BatchPlanner, type ReadEntries } from '../plan/batch-planner.js';
import { DesiredBuilder } from '../plan/desired.js';
import { ReadNeedsCollector } from '../plan/keys.js';
import type { PlanBuilder } from '../plan/plan-builder.js';
import { sharedPass } from '../plan/shared-pass.js';
import { taskId } from '../plan/types.js';
import type { PushOptions, PushResult } from '../report/push-result.js';
import type { Sleep } from './backoff.js';
import { BatchRunner } from './batch-runner.js';
import { runQueue } from './call-queue.js';
import { ChangeCache } from './change-cache.js';
import { ChangeLog } from './change-log.js';
import { ChangeRecorder } from './change-recorder.js';
import type { PushEvents } from './events.js';
import { assertWithinMaxDisable, DEFAULT_MAX_DISABLE, defaultFeedName, firstRunNote, planDisables, productsToDisable } from './feed-lifecycle.js';
import { type Journal, readJournal } from './journal.js';
import { openRun } from './open-run.js';
import type { RunFolder } from './run-dir.js';
import { loadRemote } from './remote-loader.js';
import { pushResult, writeRunFiles } from './run-result.js';
import { ScratchStore } from './scratch-store.js';
import { Cleanup } from './cleanup.js';
import { batchPlanner } from './planner-setup.js';
import { BatchReview } from './batch-review.js';
import { nothingLeft, RunAttempts } from './run-attempts.js';
import { readIntoSpool } from './source-spool.js';
import { checkKey, proveCache } from './tenant-check.js';

export interface PushDeps {
  send: Send;
  events?: PushEvents;
  sleep?: Sleep;
  /** Aborted on Ctrl-C. */
  signal?: AbortSignal;
}

export async function push(options: PushOptions, deps: PushDeps): Promise<PushResult> {
  const source = options.source;
  if (!source?.reader) return pushFiles(options, deps);
  // An API source is read into the run directory's spool first, under a lock held until its push ends.
  const read = await readIntoSpool(source, source.reader, options, deps);
  try {
    const result = await pushFiles({ ...options, files: read.files, feed: options.feed ?? read.feed, sourceRead: read.report }, deps);
    // The next --since last starts from this read only when all of it was written.
    if (!result.dryRun && nothingLeft(result)) read.settle?.(result.runId);
    return result;
  } finally {
    read.release();
  }
}

async function pushFiles(options: PushOptions, deps: PushDeps): Promise<PushResult> {
  const startedAt = performance.now();
  deps.events?.phase?.('reading');
  // Pass 1: validate everything before any write, keeping only a compact index of the rows.
  const readOptions: ReadOptions = {
    kind: options.kind,
    priceBase: options.priceBase,
    ...(options.columnMap ? { columnMap: options.columnMap } : {}),
    ...(options.source ? { source: options.source } : {}),
  };
  const scan = await scanCatalog(options.files, readOptions);
  const cleanup = new Cleanup();
  cleanup.add(() => scan.index.close());
  try {
    const read: ReadEntries = () => validEntries(options.files, readOptions, scan, options.batchSize ?? BATCH_PRODUCTS);
    return await pushScanned(options, deps, { scan, read, readOptions, startedAt, cleanup });
  } finally {
    cleanup.run();
  }
}

interface Scanned {
  scan: CatalogScan;
  read: ReadEntries;
  readOptions: ReadOptions;
  startedAt: number;
  cleanup: Cleanup;
}

async function pushScanned(options: PushOptions, deps: PushDeps, { scan, read, readOptions, startedAt, cleanup }: Scanned): Promise<PushResult> {
  const events = deps.events ?? {};
  const warnings = checkScan(options, scan, events);
  const warn = (text: string | undefined) => {
    if (text === undefined) return;
    warnings.push(text);
    events.warning?.(text);
  };

  const queue = runQueue(deps.send, options, deps.sleep);
  cleanup.add(() => queue.stop());
  cleanup.onAbort(deps.signal, () => queue.stop());
  const client = new JasperClient(queue.send);
  const scratch = cleanup.add(new ScratchStore(), (store) => store.close());
  const cache = cleanup.add(ChangeCache.load(options.stateDir, options.apiUrl), (opened) => opened.close());

  const feed = feedOf(options, scan);
  // A truncated export is refused before anything is locked, created or written.
  if (options.disableMissing) assertWithinMaxDisable(productsToDisable(cache.feeds, feed.name, feed.listed), options.maxDisable ?? DEFAULT_MAX_DISABLE);
  // SPEC §6: a revoked key fails even a night with nothing to write.
  await checkKey(client);

  const { run, journal } = cleanup.add(await openRun(options, { events, signal: deps.signal, sleep: deps.sleep }), (opened) => opened.close());
  const attempts = earlierAttempts(run, journal, cache, scratch, feed.name);
  // Under the lock, and after a resumed run's disables are known: what is left to disable.
  const disables = options.disableMissing ? productsToDisable(cache.feeds, feed.name, feed.listed) : undefined;
  warn(firstRunNote(disables));
  // A sample of what the cache vouches for, read back: a wiped tenant is read as --reconcile does.
  const stale = options.full || options.reconcile ? undefined : await proveCache(client, cache, scan, readOptions);
  if (stale) {
    warn(stale);
    options = { ...options, reconcile: true };
  }
  const useCache = !options.full && !options.reconcile;
  const builder = new DesiredBuilder(scan, scan.index.variantOptions, options.variantMode);

  // Pass 2: the shared entities every row needs, and what must be read from Jasper.
  events.phase?.('reading-jasper');
  const needs = new ReadNeedsCollector(useCache ? cache : undefined, options.variantMode, scan.index, () => scratch.skuSet());
  const shared = await sharedPass(read, builder, needs, scan.index.products(), options.kind);
  const remote = await loadRemote(client, shared.needs, shared.desired, scratch.remoteProducts());
  const readCalls = queue.calls;

  // Pass 3: plan and run batch by batch.
  events.phase?.('planning');
  journal?.open();
  const review = new BatchReview(attempts, Boolean(options.allowMissingLinks));
  // SPEC §13: what each write changes, before and after (a dry run: each planned write).
  const changes = cleanup.add(new ChangeRecorder(ChangeLog.open(run.path), client, cache, remote), (recorder) => recorder.close());
  const runner = new BatchRunner({
    changes,
    review: (batch) => review.review(batch),
    ...(journal ? { writer: { queue, client, journal, cache, maxRetries: options.maxRetries, ...(deps.sleep ? { sleep: deps.sleep } : {}) } } : {}),
    events,
    warnings,
    feed: feed.name,
    ledgerFolder: run.path,
    ...(disables ? { watch: new Set(disables.products.map((product) => taskId('product', product.sku))) } : {}),
  });
  cleanup.add(() => runner.ledger.close());
  cleanup.onAbort(deps.signal, () => runner.interrupt(), true);
  const planner = batchPlanner(options, {
    scan,
    builder,
    desired: shared.desired,
    remote,
    cache,
    useCache,
    scratch,
    // Disables go in the first batch: they depend on nothing, and a stop leaves them to --resume.
    ...(disables ? { firstBatch: (plan: PlanBuilder) => planDisables(plan, disables.products) } : {}),
  });
  await planAndRun(planner, read, runner);

  events.phase?.('finishing');
  warn(review.warning());
  runner.ledger.rejected(options.kind, scan.rejected);
  const result = pushResult(options, runner, { run, queue, readCalls, startedAt, warnings, feed: feed.name, disables });
  result.linksLeftOut = review.leftOut;
  // A resumed run is one run: its files cover every attempt (SPEC §6).
  const timeline = attempts.end(result, queue.timeline.all(), nothingLeft(result));
  if (!options.dryRun && options.kind === 'products') cache.feeds.ran(feed.name, run.id);
  changes.finish();
  await writeRunFiles(run, result, options, runner, timeline);
  return result;
}

/**
 * A resumed run's journal, read once: what an interrupted run confirmed is as good as the cache
 * (folded in first), and what the run wrote is what its earlier attempts did.
 */
function earlierAttempts(run: RunFolder, journal: Journal | undefined, cache: ChangeCache, scratch: ScratchStore, feed: string): RunAttempts {
  const journaled = run.resumed && journal ? readJournal(journal.path) : [];
  if (run.resumed && !run.endedBefore) cache.apply(journaled, feed);
  return RunAttempts.load(run, scratch, journaled);
}

/** Warnings said, errors refused (or, with --skip-invalid, their rows left out), the rows counted for the progress estimate. */
function checkScan(options: PushOptions, scan: CatalogScan, events: PushEvents): string[] {
  const warnings = scan.issues.filter((issue) => issue.severity === 'warning').map(formatIssue);
  for (const warning of warnings) events.warning?.(warning);
  assertValid(scan, Boolean(options.skipInvalid));
  const counts = scan.index.counts();
  events.scanned?.(scan.categories.length + counts.products + counts.variants + counts.inventoryRows, {
    limit: options.throttleLimit,
    windowMs: options.throttleSeconds * 1000,
  });
  return warnings;
}

/** Plans every batch and runs it; after an error, waits for the calls in flight before anything is closed. */
async function planAndRun(planner: BatchPlanner, read: ReadEntries, runner: BatchRunner): Promise<void> {
  try {
    await planner.run(read, runner);
  } catch (error) {
    await runner.abandon();
    throw error;
  }
  await runner.drain();
}

/** The feed this push is (SPEC §12), and whether the input lists a SKU. */
function feedOf(options: PushOptions, scan: CatalogScan): { name: string; listed: (sku: string) => boolean } {
  // Products a --skip-invalid run rejected are still listed by the feed: never disabled for a bad row.
  const rejected = new Set(options.kind === 'products' ? scan.rejected.flatMap((row) => (row.key === undefined ? [] : [row.key])) : []);
  return {
    name: options.feed ?? defaultFeedName(options.files, options.source?.name),
    listed: (sku) => scan.index.has(sku) || rejected.has(sku),
  };
}
