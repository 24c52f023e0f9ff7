// The end of a push: a table per entity, the row tally said plainly, and where the failures are.
import path from 'node:path';
import { ENTITY_LABELS, type EntityKind, STAGES } from '../../plan/types.js';
import { everythingWritten, type PushResult } from '../../report/push-result.js';
import type { Budget } from '../../run/progress-estimate.js';
import { estimateText } from '../../report/estimate-text.js';
import { estimateDuration } from '../../report/report-data.js';
import { EXIT_CONFIG, EXIT_INTERRUPTED, EXIT_OK, EXIT_ROWS_FAILED, EXIT_TEMPORARY } from '../exit-codes.js';
import { formatDuration } from './progress.js';
import type { Terminal } from './terminal.js';
import { counted, everyOne } from '../../counted.js';

const COLUMNS = ['created', 'updated', 'unchanged', 'failed', 'skipped'] as const;
/** Shown only when something was deleted (--prune): most runs delete nothing. */
const WITH_DELETED = ['created', 'updated', 'deleted', 'unchanged', 'failed', 'skipped'] as const;
/** Pruned items listed by name; beyond this, a count (summary.json has them all). */
const PRUNED_SHOWN = 50;

export function pushExitCode(result: PushResult): number {
  switch (result.stop?.kind) {
    case 'auth':
      return EXIT_CONFIG;
    case 'tenant-down':
      return EXIT_TEMPORARY;
    case 'interrupted':
      return EXIT_INTERRUPTED;
    default:
      return everythingWritten(result) ? EXIT_OK : EXIT_ROWS_FAILED;
  }
}

/** `budget`: the throttle, for a dry run's estimate of how long the push would take. */
export function renderSummary(term: Terminal, result: PushResult, files: string[], budget?: Budget): void {
  const { chalk } = term;
  const order = STAGES.flatMap((stage) => stage.entities).filter((entity) => result.entities[entity]);
  const width = Math.max(20, ...order.map((entity) => ENTITY_LABELS[entity].length + 2));
  const heading = result.dryRun ? 'Dry run: nothing was written. The plan:' : `${verb(result)} ${files.map((file) => path.basename(file)).join(', ')}`;
  term.result(chalk.bold(heading) + (result.runId ? chalk.dim(`  (run ${result.runId}, ${result.mode}${result.resumed ? ', resumed' : ''})`) : ''));
  term.result('');
  const columns = order.some((entity) => result.entities[entity]!.deleted > 0) ? WITH_DELETED : COLUMNS;
  term.result(chalk.dim('entity'.padEnd(width) + columns.map((column) => column.padStart(11)).join('')));
  for (const entity of order) term.result(row(term, entity, width, result, columns));
  term.result('');
  const pruned = result.pruned ?? [];
  if (pruned.length > 0) {
    term.result(result.dryRun ? '--prune would delete:' : '--prune deleted:');
    for (const line of pruned.slice(0, PRUNED_SHOWN)) term.result(`  ${line}`);
    if (pruned.length > PRUNED_SHOWN) term.result(`  … and ${pruned.length - PRUNED_SHOWN} more`);
    term.result('');
  }

  const { rows } = result;
  const done = rows.created + rows.updated + rows.unchanged;
  const problems = rows.failed + rows.skipped;
  const linksFailed = (result.entities.relatedLink?.failed ?? 0) + (result.entities.relatedLink?.skipped ?? 0);
  // A failed link fails that link alone: its row's product is written and counted as such (SPEC §4).
  const links = rows.linkFailed > 0 ? `${counted(linksFailed, 'related link')} failed (in ${counted(rows.linkFailed, 'row')})` : '';
  const tally = result.dryRun
    ? `${counted(result.plannedWrites, 'write')} planned for ${counted(rows.total, 'row')} (${counted(result.readCalls, 'read')} made to plan them)`
    : result.stop
      ? `${chalk.yellow('!')} ${done} of ${rows.total} rows done, ${rows.left} left${problems > 0 ? `; ${rows.failed} failed, ${rows.skipped} skipped` : ''}`
      : problems === 0 && !links
        ? `${chalk.green('✔')} ${everyOne(rows.total, 'row')} written or already up to date (${rows.created} created, ${rows.updated} updated, ${rows.unchanged} unchanged)`
        : problems === 0
          ? `${chalk.yellow('!')} ${done} of ${rows.total} rows written; ${links}`
          : `${chalk.yellow('!')} pushed ${done} of ${rows.total} rows; ${rows.failed} failed, ${rows.skipped} skipped${links ? `; ${links}` : ''}`;
  term.result(tally);
  if (result.dryRun && budget) term.result(estimateText(estimateDuration(result.plannedWrites + result.readCalls, budget)));
  term.result(callsLine(result));
  renderDisables(term, result);
  if (result.stop) term.result(chalk.red(stopLine(result)));
  // A stopped run has one way on, --resume: its failures file is no second one.
  if (result.failuresFile && !result.stop) term.result(`failures: ${result.failuresFile}  (push it again to retry exactly those rows)`);
  if (result.resultsFile) term.result(chalk.dim(`results:  ${result.resultsFile}`));
  if (result.reportFile) term.result(chalk.dim(`report:   ${result.reportFile}  (jasper-push report --open)`));
}

/** A rate is calls over the time they took; the run also read the input before its first call. */
function callsLine(result: PushResult): string {
  const limited = result.rateLimited ? `, ${result.rateLimited} answered 429` : '';
  const run = formatDuration(result.durationMs / 1000);
  if (result.calls === 0) return `0 calls; the run took ${run}`;
  return `${counted(result.calls, 'call')} in ${formatDuration(result.callSpanMs / 1000)} (${result.callsPerSecond.toFixed(1)} calls/s)${limited}; the run took ${run}`;
}

/** SPEC §12: the dry run lists every product it would disable; a real run says how many it did. */
function renderDisables(term: Terminal, result: PushResult): void {
  const { feed } = result;
  if (feed.products === undefined) return;
  const of = `of feed "${feed.name}" (${counted(feed.products, 'product')}) missing from this input`;
  if (result.dryRun) {
    term.result(feed.disabled.length === 0 ? `Nothing to disable: no product ${of}.` : `Would disable ${counted(feed.disabled.length, 'product')} ${of}:`);
    for (const sku of feed.disabled) term.result(`  ${sku}`);
    return;
  }
  if (feed.disabled.length > 0) term.result(`Disabled ${counted(feed.disabled.length, 'product')} ${of} (enabled: false).`);
  if (feed.notDisabled.length > 0) term.result(term.chalk.red(`Not disabled (failed or not attempted; --resume retries): ${feed.notDisabled.join(', ')}`));
}

function verb(result: PushResult): string {
  if (result.stop) return 'Stopped pushing';
  return everythingWritten(result) ? 'Pushed' : 'Pushed (with failures)';
}

function row(term: Terminal, entity: EntityKind, width: number, result: PushResult, columns: readonly (typeof WITH_DELETED)[number][]): string {
  const counts = result.entities[entity]!;
  const cells = columns.map((column) => {
    const text = String(counts[column]).padStart(11);
    if (counts[column] === 0) return term.chalk.dim(text);
    return column === 'failed' || column === 'skipped' ? term.chalk.red(text) : text;
  });
  return ENTITY_LABELS[entity].padEnd(width) + cells.join('');
}

function stopLine(result: PushResult): string {
  const resume = 'continue with the same command and --resume';
  switch (result.stop?.kind) {
    case 'auth':
      return `Stopped: Jasper refused the key mid-run (${result.stop.error.status}). Fix the key (jasper-push rotate-key), then ${resume}.`;
    case 'tenant-down':
      return `Stopped: the tenant kept failing (${result.stop.error.message}). Try later: ${resume}.`;
    case 'interrupted':
      return `Interrupted with ${result.rows.left} of ${result.rows.total} rows left. Calls in flight were finished and journaled; ${resume}.`;
    default:
      return '';
  }
}
