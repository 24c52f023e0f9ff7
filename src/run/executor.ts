// Runs a plan's tasks as a dependency graph: a task starts when everything it references is
// written; a task whose dependency failed is skipped with the reason. Every call goes through
// the one CallQueue. 401/403 stop the run at once; a tenant that keeps failing stops it too.
import type { JasperClient } from '../jasper/client.js';
import { type JasperApiError, isAuthFailure, isJasperApiError } from '../jasper/errors.js';
import { ENTITY_LABELS, type Outcome, type Plan, type Ref, type Task, type TaskId, taskId } from '../plan/types.js';
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

export type StopReason = { kind: 'auth'; error: JasperApiError } | { kind: 'tenant-down'; error: JasperApiError } | { kind: 'interrupted' };

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

export class Executor {
  private readonly results = new Map<TaskId, TaskResult>();
  private readonly registry: Map<TaskId, number>;
  private readonly waiting = new Map<TaskId, number>();
  private readonly dependents = new Map<TaskId, Task[]>();
  private stopReason: StopReason | undefined;
  private failuresInARow = 0;
  private active = 0;
  /** Ready tasks not started yet, in the order they became ready. */
  private readonly ready: Task[] = [];
  private nextReady = 0;
  private settle: (() => void) | undefined;

  constructor(
    private readonly plan: Plan,
    private readonly options: ExecuteOptions,
  ) {
    this.registry = new Map(Object.entries(plan.known));
  }

  /** Stop starting calls (Ctrl-C); calls in flight finish and are journaled. */
  interrupt(): void {
    this.halt({ kind: 'interrupted' });
  }

  async run(): Promise<Execution> {
    const tasks = new Map(this.plan.tasks.map((task) => [task.id, task]));
    for (const task of this.plan.tasks) {
      const deps = task.deps.filter((dep) => tasks.has(dep));
      this.waiting.set(task.id, deps.length);
      for (const dep of deps) {
        const list = this.dependents.get(dep) ?? [];
        list.push(task);
        this.dependents.set(dep, list);
      }
    }
    const done = new Promise<void>((resolve) => {
      this.settle = resolve;
    });
    for (const task of this.plan.tasks) if (this.waiting.get(task.id) === 0) this.start(task);
    this.checkSettled();
    await done;
    return { results: this.results, stop: this.stopReason };
  }

  private halt(reason: StopReason): void {
    if (this.stopReason) return;
    this.stopReason = reason;
    this.options.queue.stop();
    this.checkSettled();
  }

  private start(task: Task): void {
    if (this.stopReason) return;
    this.ready.push(task);
    this.startReady();
  }

  private startReady(): void {
    while (!this.stopReason && this.active < TASKS_IN_FLIGHT && this.nextReady < this.ready.length) {
      const task = this.ready[this.nextReady++]!;
      this.active++;
      void this.runTask(task).finally(() => {
        this.active--;
        this.startReady();
        this.checkSettled();
      });
    }
    // Drop the started ones now and then, so the backlog does not keep every task of the batch.
    if (this.nextReady > 1024 && this.nextReady * 2 > this.ready.length) {
      this.ready.splice(0, this.nextReady);
      this.nextReady = 0;
    }
  }

  private checkSettled(): void {
    const finished = this.results.size === this.plan.tasks.length;
    const pending = this.nextReady < this.ready.length;
    if (this.active === 0 && ((finished && !pending) || this.stopReason)) this.settle?.();
  }

  private async runTask(task: Task): Promise<void> {
    try {
      const result = await performTask(task, {
        client: this.options.client,
        resolve: (ref) => this.resolve(ref),
        maxRetries: this.options.maxRetries,
        ...(this.options.sleep ? { sleep: this.options.sleep } : {}),
        ...(this.options.recorder ? { recorder: this.options.recorder } : {}),
      });
      this.failuresInARow = 0;
      this.registry.set(task.id, result.remoteId);
      this.record({ task, outcome: result.outcome, remoteId: result.remoteId, attempts: 1 });
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
      this.release(task, true);
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
      this.record({ task, outcome: 'failed', error: message, ...(attempts ? { attempts } : {}) });
      this.release(task, false);
    }
  }

  private resolve(ref: Ref): number {
    const id = this.registry.get(taskId(ref.entity, ref.key));
    if (id === undefined) throw new Error(`internal: ${ENTITY_LABELS[ref.entity]} "${ref.key}" has no Jasper id yet`);
    return id;
  }

  private record(result: TaskResult): void {
    this.results.set(result.task.id, result);
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
  private release(task: Task, succeeded: boolean): void {
    for (const dependent of this.dependents.get(task.id) ?? []) {
      if (this.results.has(dependent.id)) continue;
      if (!succeeded) {
        const cause = this.results.get(task.id);
        const reason = `depends on ${ENTITY_LABELS[task.entity]} "${task.key}", which ${cause?.outcome === 'skipped' ? 'was skipped' : 'failed'}`;
        this.record({ task: dependent, outcome: 'skipped', error: reason });
        this.release(dependent, false);
        continue;
      }
      const left = (this.waiting.get(dependent.id) ?? 1) - 1;
      this.waiting.set(dependent.id, left);
      if (left === 0) this.start(dependent);
    }
  }
}
