// Runs plans' tasks as a dependency graph: a task starts when everything it references is
// written; a task whose dependency failed is skipped with the reason. Every call goes through
// the one CallQueue. A batch's plan may start while the batch before it still runs (so the queue
// never drains between batches): its tasks that reference that batch's pending tasks wait for
// them. 401/403 stop the run at once; a tenant that keeps failing stops it too.
import type { JasperClient } from '../jasper/client.js';
import { type JasperApiError, isAuthFailure, isJasperApiError } from '../jasper/errors.js';
import { ENTITY_LABELS, type Outcome, type Plan, type Ref, type Task, type TaskId, taskId } from '../plan/types.js';
import type { StopReason } from '../report/push-result.js';
import type { Sleep } from './backoff.js';
import { CallCancelledError, type CallQueue } from './call-queue.js';
import type { Journal } from './journal.js';
import { performTask, type WriteRecorder } from './perform.js';

/** Tasks failing in a row on temporary errors, after all retries, before the tenant counts as down. */
export const TENANT_DOWN_AFTER = 10;
/**
 * Tasks started (waiting in the call queue or calling) at once. The queue makes at most 10 calls
 * at a time, so this keeps it busy; starting every ready task of a batch instead held thousands of
 * pending calls, each with its promises and closures (about 75 MB at 2,500 products a batch).
 */
export const TASKS_IN_FLIGHT = 64;

export interface TaskResult {
  task: Task;
  outcome: Outcome;
  remoteId?: number;
  error?: string;
  attempts?: number;
}

export interface ExecuteOptions {
  queue: CallQueue;
  client: JasperClient;
  journal: Journal;
  maxRetries: number;
  sleep?: Sleep;
  recorder?: WriteRecorder;
  onResult?: (result: TaskResult) => void;
}

export interface Execution {
  results: Map<TaskId, TaskResult>;
  stop: StopReason | undefined;
}

/** A task of a batch that waits for a task (of its own batch or of the one before). */
interface Dependent {
  batch: BatchExecution;
  task: Task;
}

/** One plan being run: its tasks, what they wait for, and what they did. */
class BatchExecution {
  readonly tasks: Map<TaskId, Task>;
  readonly registry: Map<TaskId, number>;
  readonly results = new Map<TaskId, TaskResult>();
  readonly waiting = new Map<TaskId, number>();
  readonly dependents = new Map<TaskId, Dependent[]>();
  /** Ready tasks not started yet, in the order they became ready. */
  readonly ready: Task[] = [];
  nextReady = 0;
  active = 0;
  done: () => void = () => undefined;

  constructor(
    readonly plan: Plan,
    /** The batch before, while this one may still reference its tasks. */
    public previous: BatchExecution | undefined,
  ) {
    this.tasks = new Map(plan.tasks.map((task) => [task.id, task]));
    this.registry = new Map(Object.entries(plan.known));
  }

  get finished(): boolean {
    return this.results.size === this.plan.tasks.length;
  }

  addDependent(on: TaskId, dependent: Dependent): void {
    const list = this.dependents.get(on);
    if (list) list.push(dependent);
    else this.dependents.set(on, [dependent]);
  }
}

export class Executor {
  private stopReason: StopReason | undefined;
  private failuresInARow = 0;
  private active = 0;
  /** The batches under way, oldest first. */
  private readonly running = new Set<BatchExecution>();
  private last: BatchExecution | undefined;

  constructor(private readonly options: ExecuteOptions) {}

  get stop(): StopReason | undefined {
    return this.stopReason;
  }

  /** Stop starting calls (Ctrl-C); calls in flight finish and are journaled. */
  interrupt(): void {
    this.halt({ kind: 'interrupted' });
  }

  /** Runs a plan; its tasks may reference pending tasks of the plan run just before it. */
  run(plan: Plan): Promise<Execution> {
    const batch = new BatchExecution(plan, this.last);
    this.last = batch;
    this.running.add(batch);
    const done = new Promise<void>((resolve) => {
      batch.done = resolve;
    });
    const blocked: { task: Task; by: TaskResult }[] = [];
    for (const task of plan.tasks) {
      let waits = 0;
      for (const dep of task.deps) {
        if (batch.tasks.has(dep)) {
          waits++;
          batch.addDependent(dep, { batch, task });
          continue;
        }
        const earlier = batch.previous;
        if (!earlier?.tasks.has(dep)) continue; // known before the batch was planned: in plan.known
        const result = earlier.results.get(dep);
        if (result === undefined) {
          waits++;
          earlier.addDependent(dep, { batch, task });
        } else if (!succeeded(result)) blocked.push({ task, by: result });
      }
      batch.waiting.set(task.id, waits);
    }
    for (const { task, by } of blocked) this.skip({ batch, task }, by, true);
    for (const task of plan.tasks) if (batch.waiting.get(task.id) === 0) this.start({ batch, task });
    this.checkSettled(batch);
    return done.then(() => ({ results: batch.results, stop: this.stopReason }));
  }

  private halt(reason: StopReason): void {
    if (this.stopReason) return;
    this.stopReason = reason;
    this.options.queue.stop();
    for (const batch of [...this.running]) this.checkSettled(batch);
  }

  private start({ batch, task }: Dependent): void {
    if (this.stopReason || batch.results.has(task.id)) return;
    batch.ready.push(task);
    this.startReady();
  }

  /** The oldest batch's ready tasks first: a batch that finishes sooner lets the next one be planned sooner. */
  private startReady(): void {
    for (const batch of this.running) {
      while (!this.stopReason && this.active < TASKS_IN_FLIGHT && batch.nextReady < batch.ready.length) {
        const task = batch.ready[batch.nextReady++]!;
        this.active++;
        batch.active++;
        void this.runTask({ batch, task }).finally(() => {
          this.active--;
          batch.active--;
          this.startReady();
          this.checkSettled(batch);
        });
      }
      // Drop the started ones now and then, so the backlog does not keep every task of the batch.
      if (batch.nextReady > 1024 && batch.nextReady * 2 > batch.ready.length) {
        batch.ready.splice(0, batch.nextReady);
        batch.nextReady = 0;
      }
    }
  }

  private checkSettled(batch: BatchExecution): void {
    if (!this.running.has(batch) || batch.active > 0 || !(batch.finished || this.stopReason)) return;
    this.running.delete(batch);
    batch.previous = undefined;
    batch.done();
  }

  private async runTask({ batch, task }: Dependent): Promise<void> {
    try {
      const result = await performTask(task, {
        client: this.options.client,
        resolve: (ref) => this.resolve(batch, ref),
        maxRetries: this.options.maxRetries,
        ...(this.options.sleep ? { sleep: this.options.sleep } : {}),
        ...(this.options.recorder ? { recorder: this.options.recorder } : {}),
      });
      this.failuresInARow = 0;
      batch.registry.set(task.id, result.remoteId);
      this.record(batch, { task, outcome: result.outcome, remoteId: result.remoteId, attempts: 1 });
      for (const covered of task.alsoCompletes ?? []) {
        this.options.journal.append({
          task: taskId(covered.entity, covered.key),
          entity: covered.entity,
          key: covered.key,
          outcome: 'created',
          remoteId: 0,
          hash: covered.hash,
        });
      }
      this.release(batch, task, true);
    } catch (error) {
      if (error instanceof CallCancelledError || (this.stopReason && !isJasperApiError(error))) return; // not attempted: resumable
      if (isAuthFailure(error)) {
        this.halt({ kind: 'auth', error: error as JasperApiError });
        return;
      }
      const apiError = isJasperApiError(error) ? error : undefined;
      const message = error instanceof Error ? error.message : String(error);
      if (apiError?.temporary) {
        this.failuresInARow++;
        if (this.failuresInARow >= TENANT_DOWN_AFTER) {
          this.halt({ kind: 'tenant-down', error: apiError });
          return;
        }
      }
      const attempts = (error as { attempts?: number }).attempts;
      this.record(batch, { task, outcome: 'failed', error: message, ...(attempts ? { attempts } : {}) });
      this.release(batch, task, false);
    }
  }

  private resolve(batch: BatchExecution, ref: Ref): number {
    const id = taskId(ref.entity, ref.key);
    const remoteId = batch.registry.get(id) ?? batch.previous?.registry.get(id);
    if (remoteId === undefined) throw new Error(`internal: ${ENTITY_LABELS[ref.entity]} "${ref.key}" has no Jasper id yet`);
    return remoteId;
  }

  private record(batch: BatchExecution, result: TaskResult): void {
    batch.results.set(result.task.id, result);
    const { task } = result;
    this.options.journal.append({
      task: task.id,
      entity: task.entity,
      key: task.key,
      outcome: result.outcome,
      ...(result.remoteId === undefined ? {} : { remoteId: result.remoteId }),
      ...(result.outcome === 'failed' || result.outcome === 'skipped' ? {} : { hash: task.hash }),
      ...(result.attempts ? { attempts: result.attempts } : {}),
      ...(result.error ? { error: result.error } : {}),
    });
    this.options.onResult?.(result);
  }

  /** Start the dependents whose last dependency just succeeded; skip those of a failure. */
  private release(batch: BatchExecution, task: Task, ok: boolean): void {
    const cause = batch.results.get(task.id)!;
    for (const dependent of batch.dependents.get(task.id) ?? []) {
      if (dependent.batch.results.has(dependent.task.id)) continue;
      if (!ok) {
        this.skip(dependent, cause, dependent.batch !== batch);
        continue;
      }
      const left = (dependent.batch.waiting.get(dependent.task.id) ?? 1) - 1;
      dependent.batch.waiting.set(dependent.task.id, left);
      if (left === 0) this.start(dependent);
    }
    batch.dependents.delete(task.id);
  }

  /**
   * A task whose dependency failed or was skipped. Of an earlier batch, the reason reads as the
   * planner's would, had it planned the task once that batch was done.
   */
  private skip({ batch, task }: Dependent, cause: TaskResult, earlierBatch: boolean): void {
    if (batch.results.has(task.id)) return;
    const what = `${ENTITY_LABELS[cause.task.entity]} "${cause.task.key}"`;
    const failed = cause.outcome === 'skipped' ? 'skipped' : 'failed';
    const error = earlierBatch
      ? `depends on ${what}: ${failed}: ${cause.error ?? cause.outcome}`
      : `depends on ${what}, which ${cause.outcome === 'skipped' ? 'was skipped' : 'failed'}`;
    this.record(batch, { task, outcome: 'skipped', error });
    this.release(batch, task, false);
    // Of a batch with no task running, this may be its last: nothing else would see it finish.
    this.checkSettled(batch);
  }
}

const succeeded = (result: TaskResult) => result.outcome !== 'failed' && result.outcome !== 'skipped';
