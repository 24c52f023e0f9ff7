// jasper-push push products|categories|inventory <file...>: flags → options → push() → rendering.
import path from 'node:path';
import type { CatalogKind } from '../../catalog/types.js';
import { loadColumnMap } from '../../catalog/index.js';
import type { Connection } from '../../config/settings.js';
import type { VariantMode } from '../../plan/desired.js';
import { UsageError } from '../../errors.js';
import type { PushOptions } from '../../report/push-result.js';
import { summaryDocument } from '../../report/summary.js';
import { push } from '../../run/push.js';
import { completedRun, DEFAULT_RUN_DIR, type RunFolder } from '../../run/run-dir.js';
import type { SourceFlags } from '../../sources/source-options.js';
import { sourceInput } from '../../sources/registry.js';
import { parsePercent } from '../../run/feed-lifecycle.js';
import type { CommandContext } from '../context.js';
import { pushFacts } from '../run-log.js';
import { sourceEnvironment } from '../source-environment.js';
import { createProgress, PLAIN_PROGRESS_INTERVAL_MS } from '../ui/progress.js';
import { pushExitCode, renderSummary } from '../ui/summary.js';
import { EXIT_OK } from '../exit-codes.js';
import { listenForInterrupt } from '../interrupt.js';

const DEFAULT_MAX_RETRIES = 5;
const KINDS: readonly CatalogKind[] = ['products', 'categories', 'inventory'];

/** With the flags of the source it reads (`--from`, SPEC §10, §11). */
export interface PushCommandOptions extends SourceFlags {
  dryRun?: boolean;
  full?: boolean;
  resume?: string | boolean;
  runDir?: string;
  /** commander's choices: relation or parent (push products, demo). */
  variantMode?: VariantMode;
  map?: string;
  maxRetries?: string;
  skipInvalid?: boolean;
  reconcile?: boolean;
  prune?: boolean;
  wait?: boolean;
  feed?: string;
  disableMissing?: boolean;
  maxDisable?: string;
  allowMissingLinks?: boolean;
}

/** --max-retries of a push or an undo: per call, for 429, 5xx, timeouts and network errors. */
export function maxRetriesFrom(text: string | undefined): number {
  const maxRetries = Number(text ?? DEFAULT_MAX_RETRIES);
  if (!Number.isInteger(maxRetries) || maxRetries < 0) throw new UsageError(`--max-retries must be a whole number ≥ 0; got "${text}".`);
  return maxRetries;
}

/** JASPER_PUSH_BATCH_SIZE: products planned and written per batch (smaller: less memory). */
function batchSizeFrom(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const size = Number(text);
  if (!Number.isInteger(size) || size < 1) throw new UsageError(`JASPER_PUSH_BATCH_SIZE must be a whole number ≥ 1; got "${text}".`);
  return size;
}

/** JASPER_PUSH_PROGRESS_SECONDS: the plain progress lines' interval (cron logs), default 10 s. */
function progressIntervalFrom(text: string | undefined): number {
  if (text === undefined || text.trim() === '') return PLAIN_PROGRESS_INTERVAL_MS;
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new UsageError(`JASPER_PUSH_PROGRESS_SECONDS must be a number of seconds > 0; got "${text}".`);
  return seconds * 1000;
}

export function parseKind(kind: string): CatalogKind {
  if ((KINDS as readonly string[]).includes(kind)) return kind as CatalogKind;
  throw new UsageError(`Unknown kind "${kind}": use products, categories or inventory.`);
}

export async function runPushCommand(
  context: CommandContext,
  kindName: string,
  files: string[],
  flags: PushCommandOptions,
  connection: Connection = context.connection(),
  stateDir: string = context.store.directory,
  /** With --json, hand the document over instead of printing it (the demo prints one for both pushes). */
  onJson: (document: object) => void = (document) => context.term.resultJson(document),
): Promise<number> {
  const kind = parseKind(kindName);
  const { source } = sourceInput(flags, 'push', kind, files, sourceEnvironment(context));
  const settings = context.settings();
  const maxRetries = maxRetriesFrom(flags.maxRetries);
  const batchSize = batchSizeFrom(context.env.JASPER_PUSH_BATCH_SIZE);
  const maxDisable = flags.maxDisable === undefined ? undefined : parsePercent(flags.maxDisable);
  if (maxDisable === undefined && flags.maxDisable !== undefined)
    throw new UsageError(`--max-disable must be a percentage from 0% to 100%; got "${flags.maxDisable}".`);
  if (flags.feed !== undefined && flags.feed.trim() === '') throw new UsageError('--feed needs a name.');
  if (flags.disableMissing && flags.feed === undefined)
    throw new UsageError(
      '--disable-missing needs --feed <name>: without one the feed is named after the files, and file names collide ' +
        '(convert always writes products.csv) or change every night (dated exports). Nothing was written. ' +
        'Name the feed once, e.g. --feed nightly-catalog, and keep that name ' +
        "(jasper-push feeds lists this tenant's feeds; one pushed without --feed is named after its source and files, e.g. jasper:products.csv).",
    );
  if (flags.full && flags.reconcile)
    throw new UsageError('--full and --reconcile exclude each other: --full rewrites everything, --reconcile only what differs.');

  const options: PushOptions = {
    kind,
    files,
    apiUrl: connection.apiUrl,
    stateDir,
    runDir: flags.runDir ?? DEFAULT_RUN_DIR,
    throttleLimit: settings.throttleLimit.value,
    throttleSeconds: settings.throttleSeconds.value,
    concurrency: settings.concurrency.value,
    maxRetries,
    ...(batchSize ? { batchSize } : {}),
    variantMode: flags.variantMode ?? 'relation',
    priceBase: settings.priceBase.value.toUpperCase(),
    ...(flags.map ? { columnMap: await loadColumnMap(flags.map) } : {}),
    source,
    ...(flags.dryRun ? { dryRun: true } : {}),
    ...(flags.full ? { full: true } : {}),
    ...(flags.reconcile ? { reconcile: true } : {}),
    ...(flags.prune ? { prune: true } : {}),
    ...(flags.resume ? { resume: flags.resume === true ? (true as const) : String(flags.resume) } : {}),
    ...(flags.skipInvalid ? { skipInvalid: true } : {}),
    ...(flags.wait ? { wait: true } : {}),
    ...(flags.feed ? { feed: flags.feed.trim() } : {}),
    ...(flags.disableMissing ? { disableMissing: true } : {}),
    ...(maxDisable === undefined ? {} : { maxDisable }),
    ...(flags.allowMissingLinks ? { allowMissingLinks: true } : {}),
    about: { version: context.version, commandLine: context.commandLine(), profile: settings.profile.value },
  };

  // SPEC §6: a run that finished has nothing to resume: no call, its files and the change cache left as they are.
  // An API source's run is found by the files of its spool, which only its read names (the core resumes it).
  const finished = options.resume && !options.dryRun && !source.reader ? completedRun(options.runDir, options.resume, options.apiUrl, kind, files) : undefined;
  if (finished) return sayComplete(context, finished, onJson);

  const { term } = context;
  const progress = createProgress(term, { plainIntervalMs: progressIntervalFrom(context.env.JASPER_PUSH_PROGRESS_SECONDS) });
  const interrupt = listenForInterrupt(term, 'The journal has every finished call; use --resume.', () => progress.stop());
  try {
    const result = await push(options, {
      send: context.sender(connection, { started: () => progress.callStarted(), ended: () => progress.callEnded() }),
      events: progress,
      signal: interrupt.signal,
    });
    progress.stop();
    context.finishedRun = pushFacts(result);
    const exitCode = pushExitCode(result);
    if (term.json) onJson({ ...(summaryDocument(result, options) as object), exitCode, warnings: result.warnings });
    else if (!term.flags.quiet || exitCode !== 0)
      renderSummary(term, result, result.files, { limit: options.throttleLimit, windowMs: options.throttleSeconds * 1000 });
    return exitCode;
  } finally {
    progress.stop();
    interrupt.release();
  }
}

function sayComplete(context: CommandContext, run: RunFolder, onJson: (document: object) => void): number {
  const ended = run.meta.ended?.at ?? run.meta.startedAt;
  if (context.term.json) onJson({ runId: run.id, runPath: run.path, complete: true, endedAt: ended, exitCode: EXIT_OK });
  else {
    context.term.result(`Run ${run.id} is complete: everything was written (finished ${ended}). Nothing to resume; nothing was called or changed.`);
    context.term.result(`report: ${path.join(run.path, 'report.html')}`);
  }
  return EXIT_OK;
}
