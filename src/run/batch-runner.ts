// Runs a push's plan batch by batch: each batch is executed (or, in a dry run, counted), its rows'
// outcomes go to the ledger, its confirmed writes to the change cache, and then it is let go.
// A small catalog is one batch; a large one never has more than one batch's tasks in memory.
import type { JasperClient } from '../jasper/client.js';
import type { PlanBuilder } from '../plan/plan-builder.js';
import { type EntityKind, type Outcome, type Plan, STAGES, type TaskId, stageOf } from '../plan/types.js';
import type { Sleep } from './backoff.js';
import type { CallQueue } from './call-queue.js';
import type { ChangeCache } from './change-cache.js';
import type { ChangeRecorder } from './change-recorder.js';
import { Executor, type StopReason, type TaskResult } from './executor.js';
import type { Journal } from './journal.js';
import type { PushEvents, StageProgress } from './push.js';
import { type InputRow, RowLedger } from './row-outcomes.js';

export type OutcomeCounts = Record<Outcome, number>;

export const zeroCounts = (): OutcomeCounts => ({ created: 0, updated: 0, deleted: 0, unchanged: 0, failed: 0, skipped: 0 });

export interface BatchRunnerOptions {
  /** Undefined for a dry run: tasks are counted as the writes they would be. */
  writer?: { queue: CallQueue; client: JasperClient; journal: Journal; cache: ChangeCache; maxRetries: number; sleep?: Sleep };
  events: PushEvents;
  warnings: string[];
  /** Tasks whose outcome the push reports on its own (a feed's disables): kept in `watched`. */
  watch?: ReadonlySet<TaskId>;
  /** The feed whose products the confirmed writes are (SPEC §12). */
  feed?: string;
  /** Records each write's changes (a dry run: each planned write's). */
  changes?: ChangeRecorder;
  /** Where the row ledger's file goes (the run folder); a temporary folder when undefined. */
  ledgerFolder?: string;
}

const DRY_RUN_OUTCOME = { create: 'created', update: 'updated', delete: 'deleted' } as const;

export class BatchRunner {
  readonly ledger: RowLedger;
  readonly entities: Partial<Record<EntityKind, OutcomeCounts>> = {};
  plannedWrites = 0;
  /** --prune: what was (or, in a dry run, would be) deleted, as users read it. */
  readonly pruned: string[] = [];
  stop: StopReason | undefined;
  readonly watched = new Map<TaskId, Outcome>();
  private executor: Executor | undefined;

  constructor(private readonly options: BatchRunnerOptions) {
    this.ledger = new RowLedger(options.ledgerFolder);
  }

  /** Ctrl-C: calls in flight finish; no later batch runs. */
  interrupt(): void {
    this.stop ??= { kind: 'interrupted' };
    this.executor?.interrupt();
  }

  /**
   * Runs the builder's current batch, whose writes serve `rows` (and earlier rows, for links
   * planned late), then starts the builder's next batch. `more` says whether batches follow.
   */
  async run(plan: PlanBuilder, rows: InputRow[], more: boolean): Promise<void> {
    const batch = plan.result;
    const { events } = this.options;
    for (const note of batch.notes) {
      this.options.warnings.push(note);
      events.warning?.(note);
    }
    this.plannedWrites += batch.tasks.length;
    for (const task of batch.tasks) if (task.payload.entity === 'removal') this.pruned.push(task.payload.what);
    events.planned?.(stageTotals(batch), more, rows.length);
    for (const outcome of batch.outcomes) this.count(outcome.entity, outcome.outcome);

    const results = await this.execute(batch);
    for (const result of results.values()) {
      this.count(result.task.entity, result.outcome);
      if (this.options.watch?.has(result.task.id)) this.watched.set(result.task.id, result.outcome);
    }
    this.ledger.record(rows, batch, results);
    const writer = this.options.writer;
    if (writer) {
      // The cache learns only what Jasper confirmed: unchanged entities and journaled writes.
      const { feed } = this.options;
      writer.cache.apply(
        batch.outcomes.map((outcome) => ({
          task: outcome.id,
          outcome: outcome.outcome,
          ...(outcome.remoteId === undefined ? {} : { remoteId: outcome.remoteId }),
          ...(outcome.hash ? { hash: outcome.hash } : {}),
        })),
        feed,
      );
      writer.cache.apply(writer.journal.takeAppended(), feed);
    }
    // After a stop, later batches are planned but not run: their tasks stay pending, so their rows read "not attempted".
    plan.nextBatch(writer && !this.stop ? results : undefined);
  }

  private async execute(batch: Plan): Promise<Map<TaskId, TaskResult>> {
    const writer = this.options.writer;
    if (!writer) {
      // A dry run reports what each write would do.
      await this.options.changes?.planned(batch);
      return new Map(batch.tasks.map((task) => [task.id, { task, outcome: DRY_RUN_OUTCOME[task.action] }]));
    }
    if (this.stop || batch.tasks.length === 0) return new Map();
    if (!this.executor) this.options.events.phase?.('writing');
    this.executor = new Executor(batch, {
      queue: writer.queue,
      client: writer.client,
      journal: writer.journal,
      maxRetries: writer.maxRetries,
      ...(writer.sleep ? { sleep: writer.sleep } : {}),
      ...(this.options.changes ? { recorder: this.options.changes } : {}),
      onResult: (result) => this.options.events.taskDone?.(stageOf(result.task.entity), result.outcome),
    });
    const execution = await this.executor.run();
    this.stop ??= execution.stop;
    return execution.results;
  }

  private count(entity: EntityKind, outcome: Outcome): void {
    const counts = (this.entities[entity] ??= zeroCounts());
    counts[outcome]++;
  }
}

function stageTotals(plan: Plan): StageProgress[] {
  const totals = new Map<string, number>();
  for (const task of plan.tasks) {
    const stage = stageOf(task.entity);
    totals.set(stage, (totals.get(stage) ?? 0) + 1);
  }
  return STAGES.filter((stage) => totals.has(stage.name)).map((stage) => ({ stage: stage.name, total: totals.get(stage.name)! }));
}
