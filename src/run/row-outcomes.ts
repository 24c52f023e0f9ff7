// Per input row: one outcome out of the outcomes of the writes that serve it.
import type { Catalog, CatalogKind, RejectedRow, SourceLocation } from '../catalog/types.js';
import { formatIssue } from '../catalog/types.js';
import { ENTITY_LABELS, type EntityKind, type Outcome, type Plan, stageOf } from '../plan/types.js';
import type { TaskResult } from './executor.js';

export interface RowOutcome {
  loc: SourceLocation;
  /** What the row is: product, category or inventory. */
  kind: 'product' | 'category' | 'inventory';
  key: string;
  outcome: Outcome;
  remoteId?: number;
  error?: string;
  /** Where it went wrong: a stage name, or "validation". */
  stage?: string;
  /** HTTP status or reason class for the failures file. */
  status?: string;
}

export function locationKey(loc: SourceLocation): string {
  return `${loc.file}\u0000${loc.line ?? loc.path ?? ''}`;
}

interface Contribution {
  entity: EntityKind;
  outcome: Outcome;
  remoteId?: number;
  error?: string;
}

const MAIN_ENTITY: Record<RowOutcome['kind'], EntityKind> = { product: 'product', category: 'category', inventory: 'inventory' };

/** Rows in input order; rows whose writes never ran (the run stopped) are `skipped`. */
export function rowOutcomes(
  kind: CatalogKind,
  catalog: Catalog,
  rejected: RejectedRow[],
  plan: Plan,
  results: Map<string, TaskResult>,
): RowOutcome[] {
  const contributions = new Map<string, Contribution[]>();
  const notRun = new Map<string, number>();
  const add = (loc: SourceLocation, contribution: Contribution) => {
    const key = locationKey(loc);
    const list = contributions.get(key) ?? [];
    list.push(contribution);
    contributions.set(key, list);
  };
  for (const outcome of plan.outcomes) {
    for (const loc of outcome.rows) {
      add(loc, { entity: outcome.entity, outcome: outcome.outcome, ...(outcome.remoteId === undefined ? {} : { remoteId: outcome.remoteId }), ...(outcome.reason ? { error: outcome.reason } : {}) });
    }
  }
  for (const task of plan.tasks) {
    const result = results.get(task.id);
    for (const loc of task.rows) {
      if (!result) {
        notRun.set(locationKey(loc), (notRun.get(locationKey(loc)) ?? 0) + 1);
        continue;
      }
      add(loc, { entity: task.entity, outcome: result.outcome, ...(result.remoteId === undefined ? {} : { remoteId: result.remoteId }), ...(result.error ? { error: result.error } : {}) });
    }
  }

  const rows: RowOutcome[] = [];
  const summarise = (loc: SourceLocation, kind: RowOutcome['kind'], key: string) => {
    rows.push(combine(loc, kind, key, contributions.get(locationKey(loc)) ?? [], notRun.get(locationKey(loc)) ?? 0));
  };
  const ordered: { loc: SourceLocation; kind: RowOutcome['kind']; key: string }[] = [
    ...catalog.categories.map((category) => ({ loc: category.loc, kind: 'category' as const, key: category.path.join(' > ') })),
    ...catalog.products.map((product) => ({ loc: product.loc, kind: 'product' as const, key: product.sku })),
    ...catalog.inventory.map((row) => ({ loc: row.loc, kind: 'inventory' as const, key: `${row.sku}@${row.location}` })),
  ];
  for (const row of ordered) summarise(row.loc, row.kind, row.key);
  for (const row of rejected) {
    rows.push({
      loc: row.loc,
      kind: rejectedKind(row.loc, kind),
      key: row.key ?? '',
      outcome: 'failed',
      error: row.issues.filter((issue) => issue.severity === 'error').map(formatIssue).join('; '),
      stage: 'validation',
      status: 'invalid',
    });
  }
  return rows.sort((a, b) => compareLocations(a.loc, b.loc));
}

/** What an invalid row was: JSON says by its section, CSV by the kind pushed. */
function rejectedKind(loc: SourceLocation, kind: CatalogKind): RowOutcome['kind'] {
  const section = loc.path?.split('[')[0] ?? kind;
  return section === 'categories' ? 'category' : section === 'inventory' ? 'inventory' : 'product';
}

function combine(loc: SourceLocation, kind: RowOutcome['kind'], key: string, list: Contribution[], notRun: number): RowOutcome {
  const main = list.find((c) => c.entity === MAIN_ENTITY[kind]);
  const remoteId = main?.remoteId;
  const base = { loc, kind, key, ...(remoteId ? { remoteId } : {}) };
  const failed = list.find((c) => c.outcome === 'failed');
  if (failed) return { ...base, outcome: 'failed', error: describe(failed), stage: stageOf(failed.entity), status: 'failed' };
  const skipped = list.find((c) => c.outcome === 'skipped');
  if (skipped) return { ...base, outcome: 'skipped', error: describe(skipped), stage: stageOf(skipped.entity), status: 'skipped' };
  if (notRun > 0) {
    return { ...base, outcome: 'skipped', error: 'not attempted: the run stopped first (continue with --resume)', stage: 'not started', status: 'not-attempted' };
  }
  if (main?.outcome === 'created') return { ...base, outcome: 'created' };
  if (list.some((c) => c.outcome === 'created' || c.outcome === 'updated')) return { ...base, outcome: 'updated' };
  return { ...base, outcome: 'unchanged' };
}

function describe(contribution: Contribution): string {
  return `${ENTITY_LABELS[contribution.entity]}: ${contribution.error ?? contribution.outcome}`;
}

function compareLocations(a: SourceLocation, b: SourceLocation): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  if (a.line !== undefined && b.line !== undefined) return a.line - b.line;
  return 0;
}
