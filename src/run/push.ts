// push: read → validate → plan → execute → report. Returns data; the CLI renders it. The input is
// read in passes (validate; shared entities and reads; plan and run in batches), so a catalog
// larger than memory can be pushed.
import path from 'node:path';
import { type CatalogScan, type CatalogSource, scanCatalog, validEntries, type ValidEntry } from '../catalog/index.js';
import { type CatalogKind, formatIssue, type InventoryRowInput, type ReadOptions } from '../catalog/types.js';
import { InputError } from '../errors.js';
import { JasperClient } from '../jasper/client.js';
import type { Send } from '../jasper/http.js';
import { DesiredBuilder, type DesiredProduct, type DesiredState, type VariantMode } from '../plan/desired.js';
import { DISABLED_HASH, ReadNeedsCollector, type SkuSet } from '../plan/keys.js';
import { PlanBuilder } from '../plan/plan-builder.js';
import { type DeferredLink, ProductPlanner } from '../plan/product-writes.js';
import { EMPTY_CACHE, type RemoteSnapshot } from '../plan/remote.js';
import { SharedEntityPlanner } from '../plan/shared-entities.js';
import { type EntityKind, type Outcome, taskId } from '../plan/types.js';
import type { Sleep } from './backoff.js';
import { BatchRunner, type OutcomeCounts } from './batch-runner.js';
import { CallQueue } from './call-queue.js';
import { ChangeCache } from './change-cache.js';
import { assertWithinMaxDisable, DEFAULT_MAX_DISABLE, defaultFeedName, type FeedDisables, planDisables, productsToDisable } from './feed-lifecycle.js';
import type { StopReason } from './executor.js';
import { Journal, readJournal } from './journal.js';
import { loadRemote } from './remote-loader.js';
import { createRunFolder, findRunToResume, newRunId, type RunFolder } from './run-dir.js';
import { writeFailures, writeResults, writeSummary } from './run-files.js';
import { categoryRow, type InputRow, inventoryRow, locationKey, productRow } from './row-outcomes.js';
import type { Budget } from './progress-estimate.js';
import { ScratchStore } from './scratch-store.js';
import { acquireTenantLock, type LockHolder } from './tenant-lock.js';
import { type FailureExample, firstFailures, type RunAbout, runFigures, runReport } from '../report/report-data.js';
import { REPORT_FILE, writeReport } from '../report/write-report.js';

export type { OutcomeCounts } from './batch-runner.js';

/** Input problems listed when a push refuses an invalid file. */
export const MAX_ISSUES_SHOWN = 50;

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
  /** What ran (version, command line, profile), for the report's header. */
  about?: RunAbout;
}

export interface StageProgress {
  stage: string;
  total: number;
}

/** What the core tells the outside while it works; every member optional. */
export interface PushEvents {
  phase?(phase: 'reading' | 'locking' | 'reading-jasper' | 'planning' | 'writing' | 'finishing'): void;
  warning?(text: string): void;
  waitingForLock?(holder: LockHolder): void;
  /** The input is valid: how many rows it has (the overall total is estimated from them) and the throttle. */
  scanned?(rows: number, throttle: Budget): void;
  /** Writes planned for a batch of `rows` input rows (for the overall estimate); `more` when later batches add to them (a large catalog). */
  planned?(stages: StageProgress[], more: boolean, rows?: number): void;
  taskDone?(stage: string, outcome: Outcome): void;
}

export interface PushResult {
  runId: string | undefined;
  runPath: string | undefined;
  kind: CatalogKind;
  mode: 'delta' | 'full' | 'reconcile';
  dryRun: boolean;
  resumed: boolean;
  /** ISO 8601: when this push started. */
  startedAt: string;
  entities: Partial<Record<EntityKind, OutcomeCounts>>;
  rows: OutcomeCounts & { total: number };
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
}

export interface PushDeps {
  send: Send;
  events?: PushEvents;
  sleep?: Sleep;
  /** Aborted on Ctrl-C. */
  signal?: AbortSignal;
}

/** Products planned and run per batch: bounds the memory of a large push (SPEC §3: larger than memory). */
export const BATCH_PRODUCTS = 2_500;
/** Inventory rows and late related links per batch, per product of a batch: each is one write. */
const WRITES_PER_PRODUCT = 4;

export async function push(options: PushOptions, deps: PushDeps): Promise<PushResult> {
  const started = performance.now();
  const events = deps.events ?? {};
  events.phase?.('reading');
  // Pass 1: validate everything before any write, keeping only a compact index of the rows.
  const readOptions: ReadOptions = {
    kind: options.kind,
    priceBase: options.priceBase,
    ...(options.columnMap ? { columnMap: options.columnMap } : {}),
    ...(options.source ? { source: options.source } : {}),
  };
  const scan = await scanCatalog(options.files, readOptions);
  try {
    return await pushScanned(options, deps, scan, readOptions, started);
  } finally {
    scan.index.close();
  }
}

async function pushScanned(options: PushOptions, deps: PushDeps, scan: CatalogScan, readOptions: ReadOptions, started: number): Promise<PushResult> {
  const events = deps.events ?? {};
  const warnings = scan.issues.filter((issue) => issue.severity === 'warning').map(formatIssue);
  for (const warning of warnings) events.warning?.(warning);
  assertValid(scan, Boolean(options.skipInvalid));
  const counts = scan.index.counts();
  const rowCount = scan.categories.length + counts.products + counts.variants + counts.inventoryRows;
  events.scanned?.(rowCount, { limit: options.throttleLimit, windowMs: options.throttleSeconds * 1000 });

  const queue = new CallQueue(deps.send, {
    limit: options.throttleLimit,
    windowMs: options.throttleSeconds * 1000,
    concurrency: options.concurrency,
    maxRetries: options.maxRetries,
    ...(deps.sleep ? { sleep: deps.sleep } : {}),
  });
  const client = new JasperClient(queue.send);
  const stopOnSignal = () => queue.stop();
  deps.signal?.addEventListener('abort', stopOnSignal, { once: true });

  let lock: { release(): void } | undefined;
  let run: RunFolder | undefined;
  let journal: Journal | undefined;
  let interrupt: (() => void) | undefined;
  let cache: ChangeCache | undefined;
  let runner: BatchRunner | undefined;
  const scratch = new ScratchStore();
  const feed = options.feed ?? defaultFeedName(options.files, options.source?.name);
  // Products a --skip-invalid run rejected are still listed by the feed: never disabled for a bad row.
  const listedSkus = new Set(options.kind === 'products' ? scan.rejected.flatMap((row) => (row.key === undefined ? [] : [row.key])) : []);
  const inputSkus = scan.index;
  const listed = (sku: string) => inputSkus.has(sku) || listedSkus.has(sku);
  try {
    cache = ChangeCache.load(options.stateDir, options.apiUrl);
    // A truncated export is refused before anything is locked, created or written.
    if (options.disableMissing) assertWithinMaxDisable(productsToDisable(cache.feeds, feed, listed), options.maxDisable ?? DEFAULT_MAX_DISABLE);

    if (!options.dryRun) {
      events.phase?.('locking');
      const resumed = options.resume ? findRunToResume(options.runDir, options.resume, options.apiUrl, options.kind, options.files) : undefined;
      const runId = resumed?.id ?? newRunId();
      lock = await acquireTenantLock(options.stateDir, options.apiUrl, runId, {
        ...(options.wait ? { wait: true } : {}),
        onWait: (holder) => events.waitingForLock?.(holder),
        ...(deps.signal ? { signal: deps.signal } : {}),
        ...(deps.sleep ? { sleep: deps.sleep } : {}),
      });
      run = resumed ?? createRunFolder(options.runDir, options.apiUrl, options.kind, options.files, runId);
      journal = new Journal(path.join(run.path, 'journal.jsonl'));
    } else {
      // A dry run writes nothing to Jasper, but its plan gets the run files and report all the same.
      run = createRunFolder(options.runDir, options.apiUrl, options.kind, options.files, newRunId(), true);
    }

    // What an interrupted run confirmed is as good as the cache: fold its journal in first.
    if (run?.resumed) cache.apply(readJournal(journal!.path), feed);
    // Under the lock, and after a resumed run's disables are known: what is left to disable.
    const disables: FeedDisables | undefined = options.disableMissing ? productsToDisable(cache.feeds, feed, listed) : undefined;
    const useCache = !options.full && !options.reconcile;
    const cacheView = useCache ? cache : undefined;
    const builder = new DesiredBuilder(scan, scan.index.variantOptions, options.variantMode);

    // Pass 2: the shared entities every row needs, and what must be read from Jasper.
    events.phase?.('reading-jasper');
    const { desired, remote } = await readShared(options, readOptions, scan, { builder, inputSkus, cache: cacheView, client, scratch });
    const readCalls = queue.calls;

    // Pass 3: plan and run batch by batch.
    events.phase?.('planning');
    if (!options.dryRun) journal!.open();
    const batches = new BatchRunner({
      ...(options.dryRun
        ? {}
        : { writer: { queue, client, journal: journal!, cache, maxRetries: options.maxRetries, ...(deps.sleep ? { sleep: deps.sleep } : {}) } }),
      events,
      warnings,
      feed,
      ...(run ? { ledgerFolder: run.path } : {}),
      ...(disables ? { watch: new Set(disables.products.map((product) => taskId('product', product.sku))) } : {}),
    });
    runner = batches;
    interrupt = () => batches.interrupt();
    deps.signal?.addEventListener('abort', interrupt, { once: true });
    if (deps.signal?.aborted) batches.interrupt();
    const diff = { kind: options.kind, variantMode: options.variantMode, rewrite: Boolean(options.full), prune: Boolean(options.prune) };
    const plan = new PlanBuilder(useCache ? cache : EMPTY_CACHE, cache, scratch.statuses());
    new SharedEntityPlanner(plan, desired, remote, diff).run();
    // Disables go in the first batch: they depend on nothing, and a stop leaves them to --resume.
    if (disables) planDisables(plan, disables.products);
    const planner = new ProductPlanner(plan, remote, diff, inputSkus, (sku) => cache!.get(taskId('product', sku))?.hash === DISABLED_HASH);
    await runBatches(options, readOptions, scan, { builder, planner, plan, runner, inputSkus, scratch });

    events.phase?.('finishing');
    runner.ledger.rejected(options.kind, scan.rejected);
    const result = summarise(options, runner, runner.ledger.counts(), {
      run,
      calls: queue.calls,
      readCalls,
      rateLimited: queue.rateLimited,
      durationMs: performance.now() - started,
      callSpanMs: queue.timeline.callSpanMs(),
      warnings,
      feed: feedResult(feed, disables, runner),
    });
    if (run) {
      const problems = runner.ledger.problems();
      result.resultsFile = writeResults(run.path, runner.ledger.all());
      result.firstFailures = firstFailures(problems);
      result.failuresFile = await writeFailures(run.path, problems, options.columnMap, options.source?.failureRows);
      result.reportFile = path.join(run.path, REPORT_FILE);
      writeSummary(run.path, summaryDocument(result, options));
      writeReport(run.path, runReport(result, options, problems, queue.timeline.all()));
    }
    return result;
  } finally {
    journal?.close();
    cache?.close();
    scratch.close();
    runner?.ledger.close();
    lock?.release();
    deps.signal?.removeEventListener('abort', stopOnSignal);
    if (interrupt) deps.signal?.removeEventListener('abort', interrupt);
    queue.stop();
  }
}

/**
 * Re-reads the input and plans it in batches: products (a variant waits for a second read when
 * its parent comes later and in another batch), then related links to products planned after
 * their row, and inventory rows. The first batch also holds the shared entities, so a catalog
 * that fits in one batch is one dependency graph.
 */
async function runBatches(
  options: PushOptions,
  readOptions: ReadOptions,
  scan: CatalogScan,
  {
    builder,
    planner,
    plan,
    runner,
    inputSkus,
    scratch,
  }: { builder: DesiredBuilder; planner: ProductPlanner; plan: PlanBuilder; runner: BatchRunner; inputSkus: SkuSet; scratch: ScratchStore },
): Promise<void> {
  let rows: InputRow[] = scan.categories.map(categoryRow);
  let products: DesiredProduct[] = [];
  let inventory: InventoryRowInput[] = [];
  // Inventory rows of a products push (a JSON catalog's section) wait until every product is planned.
  const heldInventory: InventoryRowInput[] = [];
  // Links to a product further on, and variants whose parent is further on: on disk, as there may be many.
  const lateLinks = scratch.queue<DeferredLink>();
  const waitingVariants = scratch.skuSet();
  const batchProducts = options.batchSize ?? BATCH_PRODUCTS;
  const batchWrites = batchProducts * WRITES_PER_PRODUCT;

  /** Plans the pending rows as one batch and runs it; the final batches also take the late links and held inventory. */
  const flush = async (final: boolean) => {
    const inBatch = new Set(products.map((product) => product.sku));
    const ready: DesiredProduct[] = [];
    for (const product of products) {
      const parent = product.parentSku;
      const waits = parent !== undefined && inputSkus.has(parent) && !inBatch.has(parent) && !plan.has('product', parent);
      if (waits) waitingVariants.add(locationKey(product.loc));
      else ready.push(product);
    }
    for (const link of planner.products(ready)) lateLinks.push(link);
    if (final) {
      planner.relatedLinks(lateLinks.take(batchWrites));
      if (lateLinks.size === 0) inventory = inventory.concat(heldInventory.splice(0));
    }
    planner.inventoryRows(inventory);
    rows = rows.concat(ready.map(productRow), inventory.map(inventoryRow));
    await runner.run(plan, rows, !final || lateLinks.size > 0);
    rows = [];
    products = [];
    inventory = [];
  };
  const take = async (entries: ValidEntry[], only?: SkuSet) => {
    for (const entry of entries) {
      if (only && !only.has(locationKey(entry.value.loc))) continue;
      if (entry.section === 'products') products.push(builder.product(entry.value));
      else if (options.kind === 'inventory') inventory.push(entry.value);
      else if (!only) heldInventory.push(entry.value);
      if (products.length >= batchProducts || inventory.length >= batchWrites) await flush(false);
    }
  };

  for await (const entries of validEntries(options.files, readOptions, scan, batchProducts)) await take(entries);
  if (waitingVariants.size > 0) {
    await flush(false);
    // Every parent is planned now (no variant waits again): a second read gives the variants that waited.
    for await (const entries of validEntries(options.files, readOptions, scan, batchProducts)) await take(entries, waitingVariants);
  }
  do await flush(true);
  while (lateLinks.size > 0);
}

/** Reads the input once more for the shared entities and the products to read, then reads Jasper. */
async function readShared(
  options: PushOptions,
  readOptions: ReadOptions,
  scan: CatalogScan,
  {
    builder,
    inputSkus,
    cache,
    client,
    scratch,
  }: { builder: DesiredBuilder; inputSkus: SkuSet; cache: ChangeCache | undefined; client: JasperClient; scratch: ScratchStore },
): Promise<{ desired: DesiredState; remote: RemoteSnapshot }> {
  const needs = new ReadNeedsCollector(cache, options.variantMode, inputSkus, () => scratch.skuSet());
  for await (const entries of validEntries(options.files, readOptions, scan, options.batchSize ?? BATCH_PRODUCTS)) {
    for (const entry of entries) {
      if (entry.section === 'products') needs.product(builder.product(entry.value));
      else needs.inventoryRow(entry.value);
    }
  }
  const desired = builder.finish();
  return { desired, remote: await loadRemote(client, needs.finish(desired, scan.index.products(), options.kind), desired, scratch.remoteProducts()) };
}

export function assertValid(read: Pick<CatalogScan, 'issues' | 'rejected'>, skipInvalid: boolean, doneWithValidRows = 'pushes'): void {
  const errors = read.issues.filter((issue) => issue.severity === 'error');
  if (errors.length === 0) return;
  const ofRows = new Set(read.rejected.flatMap((row) => row.issues));
  const rowless = errors.filter((issue) => !ofRows.has(issue));
  if (!skipInvalid || rowless.length > 0) {
    const all = skipInvalid ? rowless : errors;
    // A broken export can have an error on every row: show enough to act on, not a wall.
    const shown = all.slice(0, MAX_ISSUES_SHOWN).map(formatIssue);
    if (all.length > MAX_ISSUES_SHOWN) shown.push(`… and ${all.length - MAX_ISSUES_SHOWN} more (jasper-push validate lists them all)`);
    // --skip-invalid helps only when every problem is a row's: a missing or unreadable file is not.
    const hint = skipInvalid || rowless.length > 0 ? '' : ` (--skip-invalid ${doneWithValidRows} the valid rows)`;
    throw new InputError(`${errors.length} problem${errors.length === 1 ? '' : 's'} in the input; nothing was written.${hint}`, shown);
  }
}

function summarise(
  options: PushOptions,
  runner: BatchRunner,
  rowCounts: OutcomeCounts & { total: number },
  extra: {
    run: RunFolder | undefined;
    calls: number;
    readCalls: number;
    rateLimited: number;
    durationMs: number;
    callSpanMs: number;
    warnings: string[];
    feed: FeedResult;
  },
): PushResult {
  // A rate is calls over the time they took: not over the run, which reads the input first.
  const seconds = extra.callSpanMs / 1000;
  return {
    runId: extra.run?.id,
    runPath: extra.run?.path,
    kind: options.kind,
    mode: options.reconcile ? 'reconcile' : options.full ? 'full' : 'delta',
    dryRun: Boolean(options.dryRun),
    resumed: Boolean(extra.run?.resumed),
    startedAt: new Date(Date.now() - extra.durationMs).toISOString(),
    entities: runner.entities,
    rows: rowCounts,
    plannedWrites: runner.plannedWrites,
    readCalls: extra.readCalls,
    calls: extra.calls,
    rateLimited: extra.rateLimited,
    durationMs: Math.round(extra.durationMs),
    callSpanMs: Math.round(extra.callSpanMs),
    callsPerSecond: seconds > 0 ? Math.round((extra.calls / seconds) * 10) / 10 : 0,
    stop: runner.stop,
    failuresFile: undefined,
    resultsFile: undefined,
    warnings: extra.warnings,
    pruned: runner.pruned,
    feed: extra.feed,
  };
}

function feedResult(name: string, disables: FeedDisables | undefined, runner: BatchRunner): FeedResult {
  if (!disables) return { name, disabled: [], notDisabled: [] };
  const disabled: string[] = [];
  const notDisabled: string[] = [];
  for (const { sku } of disables.products) {
    const outcome = runner.watched.get(taskId('product', sku));
    (outcome === 'updated' ? disabled : notDisabled).push(sku);
  }
  return { name, products: disables.total, disabled, notDisabled };
}

/** summary.json: plain data. */
export function summaryDocument(result: PushResult, options: PushOptions): unknown {
  return {
    ...runFigures(result, options),
    files: options.files,
    delta: result.mode === 'delta',
    ...(options.prune ? { pruned: result.pruned ?? [] } : {}),
    stopped: result.stop ? { reason: result.stop.kind, ...('error' in result.stop ? { error: result.stop.error.message } : {}) } : null,
    failuresFile: result.failuresFile ?? null,
    resultsFile: result.resultsFile ?? null,
    reportFile: result.reportFile ?? null,
    feed: result.feed,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}
