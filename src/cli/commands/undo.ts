// jasper-push undo <run-id>: flags → options → undo() → rendering (SPEC §13).
import { DEFAULT_RUN_DIR } from '../../run/run-dir.js';
import { cellOf } from '../../run/change-log.js';
import { undo, type UndoOptions } from '../../undo/undo.js';
import { type UndoResult, undoSummary } from '../../undo/undo-files.js';
import type { UndoItem } from '../../undo/undo-types.js';
import { ENTITY_LABELS, type Outcome } from '../../plan/types.js';
import type { RunFacts } from '../../report/notify.js';
import { zeroCounts } from '../../report/push-result.js';
import { FIRST_FAILURES } from '../../report/report-data.js';
import type { CommandContext } from '../context.js';
import { EXIT_CONFIG, EXIT_INTERRUPTED, EXIT_OK, EXIT_ROWS_FAILED, EXIT_TEMPORARY } from '../exit-codes.js';
import { listenForInterrupt } from '../interrupt.js';
import { maxRetriesFrom } from './push.js';
import { counted } from '../../counted.js';

/** Items of each kind (conflicts, cannot, failed) printed; the rest are in undo.csv. */
const SHOWN = 20;

export interface UndoCommandOptions {
  force?: boolean;
  dryRun?: boolean;
  runDir?: string;
  maxRetries?: string;
  wait?: boolean;
  notify?: string;
}

export async function runUndoCommand(context: CommandContext, runId: string, flags: UndoCommandOptions): Promise<number> {
  const maxRetries = maxRetriesFrom(flags.maxRetries);
  const connection = context.connection();
  const settings = context.settings();
  const options: UndoOptions = {
    runId,
    apiUrl: connection.apiUrl,
    stateDir: context.store.directory,
    runDir: flags.runDir ?? DEFAULT_RUN_DIR,
    throttleLimit: settings.throttleLimit.value,
    throttleSeconds: settings.throttleSeconds.value,
    concurrency: settings.concurrency.value,
    maxRetries,
    ...(flags.force ? { force: true } : {}),
    ...(flags.dryRun ? { dryRun: true } : {}),
    ...(flags.wait ? { wait: true } : {}),
    about: { version: context.version, commandLine: context.commandLine(), profile: settings.profile.value },
  };
  const { term } = context;
  const interrupt = listenForInterrupt(term, `Run jasper-push undo ${runId} again to finish.`);
  try {
    const result = await undo(options, {
      send: context.sender(connection),
      signal: interrupt.signal,
      events: {
        // The run log stamps every line (line-stamp.ts): the phase line carries no time of its own.
        phase: (name) => term.info(`undo: ${name}`),
        waitingForLock: (holder) => term.info(`Waiting for run ${holder.runId} to finish with this tenant…`),
      },
    });
    const exitCode = undoExitCode(result);
    context.finishedRun = undoFacts(result);
    if (term.json) term.resultJson({ ...undoSummary(result), exitCode });
    else render(context, result);
    return exitCode;
  } finally {
    interrupt.release();
  }
}

/** An undo's result as its --notify notice tells it: the items it could not take back are its failures. */
function undoFacts(result: UndoResult): RunFacts {
  const rows = zeroCounts();
  for (const counts of Object.values(result.entities)) for (const outcome of Object.keys(rows) as Outcome[]) rows[outcome] += counts[outcome];
  const total = Object.values(rows).reduce((sum, count) => sum + count, 0);
  const problems = [...result.conflicts, ...result.cannot, ...result.failed].slice(0, FIRST_FAILURES);
  return {
    runId: result.runId,
    rows: { ...rows, total },
    calls: result.calls,
    failures: problems.map((item) => ({ where: item.entity, key: item.key, error: describe(item) })),
    reportFile: result.reportFile,
    dryRun: result.dryRun,
    ...(result.stop ? { error: `stopped (${result.stop.kind}); run jasper-push undo ${result.undoOf} again to finish` } : {}),
  };
}

export function undoExitCode(result: UndoResult): number {
  if (result.stop?.kind === 'auth') return EXIT_CONFIG;
  if (result.stop?.kind === 'tenant-down') return EXIT_TEMPORARY;
  if (result.stop?.kind === 'interrupted') return EXIT_INTERRUPTED;
  return result.counts.conflict + result.counts.cannot + result.counts.failed > 0 ? EXIT_ROWS_FAILED : EXIT_OK;
}

function render(context: CommandContext, result: UndoResult): void {
  const { term } = context;
  if (result.alreadyDone) {
    term.result(`Run ${result.undoOf} is undone already (undo run ${result.runId}); nothing to do.`);
    return;
  }
  const { counts } = result;
  const verb = result.dryRun ? 'would take back' : 'took back';
  term.result(
    `Undo of ${result.undoOf}${result.dryRun ? ' (dry run: nothing written)' : ''}: ${verb} ${counts.undone}, ${counts.already} already as before, ` +
      `${counted(counts.conflict, 'conflict')}, ${counts.cannot} cannot be undone, ${counts.failed} failed; ${counted(result.calls, 'call')} in ${(result.durationMs / 1000).toFixed(1)} s.`,
  );
  for (const [title, items] of [
    ['Changed in Jasper since the run, left as they are (--force restores them):', result.conflicts],
    ['The API cannot take these back:', result.cannot],
    ['Failed:', result.failed],
  ] as const) {
    if (items.length === 0) continue;
    term.result(title);
    for (const entry of items.slice(0, SHOWN)) term.result(`  ${describe(entry)}`);
    if (items.length > SHOWN) term.result(`  … and ${items.length - SHOWN} more (undo.csv lists them all)`);
  }
  if (result.stop) term.result(`Stopped (${result.stop.kind}): run jasper-push undo ${result.undoOf} again to finish.`);
  if (result.itemsFile) term.result(`Every item: ${result.itemsFile}`);
}

function describe(entry: UndoItem): string {
  const what = `${ENTITY_LABELS[entry.entity]} ${entry.key}${entry.field ? ` ${entry.field}` : ''}`;
  if (entry.outcome === 'conflict') return `${what}: was ${show(entry.before)}, the run wrote ${show(entry.after)}, now ${show(entry.current)}`;
  return `${what}: ${entry.reason ?? entry.outcome}`;
}

function show(value: unknown): string {
  const text = cellOf(value);
  return text === '' ? '(empty)' : `"${text}"`;
}
