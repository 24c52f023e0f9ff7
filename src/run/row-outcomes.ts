// Per input row: one outcome out of the outcomes of the writes that serve it.
import type { CatalogKind, RejectedRow, SourceLocation } from '../catalog/types.js';
import { formatIssue } from '../catalog/types.js';
import { type InputRow, locationKey } from '../plan/input-rows.js';
import { ENTITY_LABELS, type EntityKind, type Outcome, type Plan, stageOf } from '../plan/types.js';
import { LINK_FAILED, NOT_ATTEMPTED, type RowCounts, type RowOutcome } from '../report/push-result.js';
import type { TaskResult } from './executor.js';
import { RowTable } from './row-table.js';

interface Contribution {
  entity: EntityKind;
  outcome: Outcome;
  remoteId?: number;
  error?: string;
}

const MAIN_ENTITY: Record<RowOutcome['kind'], EntityKind> = { product: 'product', category: 'category', inventory: 'inventory' };

/**
 * One outcome per input row, built batch by batch: a streamed push plans and runs its rows in
 * batches and lets each go, keeping only this. A write planned in a later batch for a row
 * already recorded (a related link to a product further down) is folded into its outcome.
 */
export class RowLedger {
  /** The rows recorded so far, on disk: a push keeps one per input row until its end. */
  private readonly table: RowTable;

  /** `folder`: where the ledger's file goes (the run folder); a temporary folder when undefined. */
  constructor(folder?: string) {
    this.table = RowTable.create(folder);
  }

  private get(loc: SourceLocation): RowOutcome | undefined {
    return this.table.get(loc);
  }

  private set(row: RowOutcome): void {
    this.table.set(row);
  }

  /** The batch's rows, from its plan and what its execution did; rows whose writes never ran are `skipped`. */
  record(batchRows: InputRow[], plan: Plan, results: ReadonlyMap<string, TaskResult>): void {
    this.table.transaction(() => this.recordBatch(batchRows, plan, results));
  }

  private recordBatch(batchRows: InputRow[], plan: Plan, results: ReadonlyMap<string, TaskResult>): void {
    const byRow = new Map<string, { loc: SourceLocation; list: Contribution[]; notRun: number }>();
    const entry = (loc: SourceLocation) => {
      const key = locationKey(loc);
      let found = byRow.get(key);
      if (!found) byRow.set(key, (found = { loc, list: [], notRun: 0 }));
      return found;
    };
    for (const outcome of plan.outcomes) {
      for (const loc of outcome.rows) {
        entry(loc).list.push({
          entity: outcome.entity,
          outcome: outcome.outcome,
          ...(outcome.remoteId === undefined ? {} : { remoteId: outcome.remoteId }),
          ...(outcome.reason ? { error: outcome.reason } : {}),
        });
      }
    }
    for (const task of plan.tasks) {
      const result = results.get(task.id);
      for (const loc of task.rows) {
        if (!result) entry(loc).notRun++;
        else
          entry(loc).list.push({
            entity: task.entity,
            outcome: result.outcome,
            ...(result.remoteId === undefined ? {} : { remoteId: result.remoteId }),
            ...(result.error ? { error: result.error } : {}),
          });
      }
    }
    for (const row of batchRows) {
      const key = locationKey(row.loc);
      const found = byRow.get(key);
      this.set(combine(row.loc, row.kind, row.key, found?.list ?? [], found?.notRun ?? 0));
      byRow.delete(key);
    }
    // What is left serves rows of earlier batches (related links planned once their target was).
    for (const { loc, list, notRun } of byRow.values()) {
      let row = this.get(loc);
      if (!row) continue;
      for (const contribution of list) row = fold(row, contribution);
      if (notRun > 0 && !isProblem(row)) row = notAttempted(row);
      this.set(row);
    }
  }

  rejected(kind: CatalogKind, rejected: RejectedRow[]): void {
    this.table.transaction(() => {
      for (const row of rejected) {
        const error = row.issues
          .filter((issue) => issue.severity === 'error')
          .map(formatIssue)
          .join('; ');
        this.set(rowOutcome(row.loc, rejectedKind(row.loc, kind), row.key ?? '', undefined, 'failed', error, 'validation', 'invalid'));
      }
    });
  }

  /** Every row, in input order, read from disk as it is iterated. */
  all(): Iterable<RowOutcome> {
    return this.table.all();
  }

  /** The failed and skipped rows, in input order. */
  problems(): RowOutcome[] {
    return this.table.problems();
  }

  counts(): RowCounts {
    return this.table.counts();
  }

  /** Removes the ledger's file. */
  close(): void {
    this.table.close();
  }
}

const isProblem = (row: RowOutcome) => row.outcome === 'failed' || (row.outcome === 'skipped' && row.status !== NOT_ATTEMPTED);

/** A related link that failed or was skipped fails that link alone: its row keeps its product's outcome (SPEC §4). */
const isLinkProblem = (contribution: Contribution) =>
  contribution.entity === 'relatedLink' && (contribution.outcome === 'failed' || contribution.outcome === 'skipped');

/** The row, its product written, with a failed link added to the ones it already has. */
function withFailedLink(row: RowOutcome, contribution: Contribution): RowOutcome {
  const error = row.status === LINK_FAILED && row.error ? `${row.error}; ${describe(contribution)}` : describe(contribution);
  return rowOutcome(row.loc, row.kind, row.key, row.remoteId, row.outcome, error, stageOf(contribution.entity), LINK_FAILED);
}

function notAttempted(row: Pick<RowOutcome, 'loc' | 'kind' | 'key' | 'remoteId'>): RowOutcome {
  return rowOutcome(
    row.loc,
    row.kind,
    row.key,
    row.remoteId,
    'skipped',
    'not attempted: the run stopped first (continue with --resume)',
    'not started',
    NOT_ATTEMPTED,
  );
}

/** A later write's outcome added to a row's: the worst one wins, as in `combine`. */
function fold(row: RowOutcome, contribution: Contribution): RowOutcome {
  if (isLinkProblem(contribution)) return isProblem(row) || row.status === NOT_ATTEMPTED ? row : withFailedLink(row, contribution);
  switch (contribution.outcome) {
    case 'failed':
      return row.outcome === 'failed' ? row : withProblem(row, 'failed', contribution);
    case 'skipped':
      return isProblem(row) ? row : withProblem(row, 'skipped', contribution);
    case 'created':
    case 'updated':
    case 'deleted':
      // A row with a failed link keeps it: the later write does not undo that.
      return row.outcome === 'unchanged' ? rowOutcome(row.loc, row.kind, row.key, row.remoteId, 'updated', row.error, row.stage, row.status) : row;
    default:
      return row;
  }
}

/**
 * Every row outcome is built here, with one fixed set of fields: a large push keeps one per
 * input row, and objects spread from a varying base would each get their own hidden class.
 */
function rowOutcome(
  loc: SourceLocation,
  kind: RowOutcome['kind'],
  key: string,
  remoteId: number | undefined,
  outcome: Outcome,
  error?: string,
  stage?: string,
  status?: string,
): RowOutcome {
  return { loc, kind, key, outcome, remoteId: remoteId || undefined, error, stage, status };
}

function withProblem(row: RowOutcome, outcome: 'failed' | 'skipped', contribution: Contribution): RowOutcome {
  return rowOutcome(row.loc, row.kind, row.key, row.remoteId, outcome, describe(contribution), stageOf(contribution.entity), outcome);
}

/** What an invalid row was: JSON says by its section, CSV by the kind pushed. */
function rejectedKind(loc: SourceLocation, kind: CatalogKind): RowOutcome['kind'] {
  const section = loc.path?.split('[')[0] ?? kind;
  return section === 'categories' ? 'category' : section === 'inventory' ? 'inventory' : 'product';
}

function combine(loc: SourceLocation, kind: RowOutcome['kind'], key: string, contributions: Contribution[], notRun: number): RowOutcome {
  const list = contributions.filter((c) => !isLinkProblem(c));
  const row = combineWritten(loc, kind, key, list, notRun);
  if (isProblem(row) || row.status === NOT_ATTEMPTED) return row;
  return contributions.filter(isLinkProblem).reduce(withFailedLink, row);
}

function combineWritten(loc: SourceLocation, kind: RowOutcome['kind'], key: string, list: Contribution[], notRun: number): RowOutcome {
  const main = list.find((c) => c.entity === MAIN_ENTITY[kind]);
  const row = rowOutcome(loc, kind, key, main?.remoteId, 'unchanged');
  const failed = list.find((c) => c.outcome === 'failed');
  if (failed) return withProblem(row, 'failed', failed);
  const skipped = list.find((c) => c.outcome === 'skipped');
  if (skipped) return withProblem(row, 'skipped', skipped);
  if (notRun > 0) return notAttempted(row);
  if (main?.outcome === 'created') return rowOutcome(loc, kind, key, main.remoteId, 'created');
  if (list.some((c) => c.outcome === 'created' || c.outcome === 'updated' || c.outcome === 'deleted'))
    return rowOutcome(loc, kind, key, main?.remoteId, 'updated');
  return row;
}

function describe(contribution: Contribution): string {
  return `${ENTITY_LABELS[contribution.entity]}: ${contribution.error ?? contribution.outcome}`;
}
