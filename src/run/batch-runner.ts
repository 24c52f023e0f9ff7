// Runs a push's batches as the planner hands them over: each batch is executed (or, in a dry run,
// counted), its rows' outcomes go to the ledger, its confirmed writes to the change cache, what it
// did back to the planner, and then it is let go. A batch's writes start as soon as it is planned,
// while the batch before it finishes: the planner plans the next batch meanwhile, so the call
// queue never drains between batches. At most two batches are in memory at once.
import type { JasperClient } from '../jasper/client.js';
import type { BatchSink, PlannedBatch } from '../plan/batch-planner.js';
import { type EntityKind, type Outcome, type Plan, STAGES, type TaskId, stageOf } from '../plan/types.js';
import { type OutcomeCounts, type StopReason, zeroCounts } from '../report/push-result.js';
import type { Sleep } from './backoff.js';
import type { CallQueue } from './call-queue.js';
import type { ChangeCache } from './change-cache.js';
import type { PushEvents, StageProgress } from './events.js';
import { Executor, type TaskResult } from './executor.js';
import type { ChangeRecorder } from './change-recorder.js';
import type { Journal } from './journal.js';
import { RowLedger } from './row-outcomes.js';

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
  /** Settles a batch's planned outcomes before they are counted (run/batch-review.ts). */
  review?: (batch: Plan) => void;
}

const DRY_RUN_OUTCOME = { create: 'created', update: 'updated', delete: 'deleted' } as const;

/** A batch handed over, and its execution under way. */
interface Started {
  batch: PlannedBatch;
  results: Promise<Map<TaskId, TaskResult>>;
}

export class BatchRunner implements BatchSink {
  readonly ledger: RowLedger;
  readonly entities: Partial<Record<EntityKind, OutcomeCounts>> = {};
  plannedWrites = 0;
  /** --prune: what was (or, in a dry run, would be) deleted, as users read it. */
  readonly pruned: string[] = [];
  readonly watched = new Map<TaskId, Outcome>();
  private interrupted = false;
  private writing = false;
  private readonly executor: Executor | undefined;
  private running: Started | undefined;

  constructor(private readonly options: BatchRunnerOptions) {
    this.ledger = new RowLedger(options.ledgerFolder);
    const { writer, events } = options;
    if (writer) {
      this.executor = new Executor({
        queue: writer.queue,
        client: writer.client,
        journal: writer.journal,
        maxRetries: writer.maxRetries,
        ...(writer.sleep ? { sleep: writer.sleep } : {}),
        ...(options.changes ? { recorder: options.changes } : {}),
        onResult: (result) => events.taskDone?.(stageOf(result.task.entity), result.outcome),
      });
    }
  }

  get stop(): StopReason | undefined {
    return this.executor?.stop ?? (this.interrupted ? { kind: 'interrupted' } : undefined);
  }

  /** Ctrl-C: calls in flight finish; no later batch runs. */
  interrupt(): void {
    this.interrupted = true;
    this.executor?.interrupt();
  }

  /** Starts the batch's writes, then waits for the batch before it to finish. */
  async submit(batch: PlannedBatch): Promise<void> {
    this.announce(batch);
    const previous = this.running;
    this.running = { batch, results: this.execute(batch.plan) };
    if (previous) await this.finish(previous);
  }

  /** After an error: no later batch runs; waits for the calls in flight. */
  async abandon(): Promise<void> {
    this.interrupt();
    const last = this.running;
    this.running = undefined;
    await last?.results;
  }

  /** Waits for the last batch to finish. */
  async drain(): Promise<void> {
    const last = this.running;
    this.running = undefined;
    if (last) await this.finish(last);
  }

  private announce({ plan, rows, more }: PlannedBatch): void {
    this.options.review?.(plan);
    const { events } = this.options;
    for (const note of plan.notes) {
      this.options.warnings.push(note);
      events.warning?.(note);
    }
    this.plannedWrites += plan.tasks.length;
    for (const task of plan.tasks) if (task.payload.entity === 'removal') this.pruned.push(task.payload.what);
    events.planned?.(stageTotals(plan), more, rows.length);
    for (const outcome of plan.outcomes) this.count(outcome.entity, outcome.outcome);
  }

  private async finish({ batch, results: running }: Started): Promise<void> {
    const results = await running;
    const { plan, rows } = batch;
    for (const result of results.values()) {
      this.count(result.task.entity, result.outcome);
      if (this.options.watch?.has(result.task.id)) this.watched.set(result.task.id, result.outcome);
    }
    this.ledger.record(rows, plan, results);
    const writer = this.options.writer;
    if (!writer) return;
    // The cache learns only what Jasper confirmed: unchanged entities and journaled writes.
    const { feed } = this.options;
    writer.cache.apply(
      plan.outcomes.map((outcome) => ({
        task: outcome.id,
        outcome: outcome.outcome,
        ...(outcome.remoteId === undefined ? {} : { remoteId: outcome.remoteId }),
        ...(outcome.hash ? { hash: outcome.hash } : {}),
      })),
      feed,
    );
    writer.cache.apply(writer.journal.takeAppended(), feed);
    // After a stop, later batches are planned but not run: their tasks stay pending, so their rows read "not attempted".
    if (!this.stop) batch.settle(results);
  }

  private async execute(plan: Plan): Promise<Map<TaskId, TaskResult>> {
    if (!this.executor) {
      // A dry run reports what each write would do.
      await this.options.changes?.planned(plan);
      return new Map(plan.tasks.map((task) => [task.id, { task, outcome: DRY_RUN_OUTCOME[task.action] }]));
    }
    if (this.stop || plan.tasks.length === 0) return new Map();
    if (!this.writing) this.options.events.phase?.('writing');
    this.writing = true;
    return (await this.executor.run(plan)).results;
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
