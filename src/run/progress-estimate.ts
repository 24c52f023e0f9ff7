// The arithmetic behind the overall progress: how many writes the whole push will make (estimated
// from the scan's row count until the last batch is planned) and when it will be done (from the
// calls left and the rate the throttle budget allows). Pure: times are passed in.
import { windowWithMargin } from './call-queue.js';

/** Stages written once, with the first batch: their writes do not grow with the rows. */
const ONE_OFF_STAGES: ReadonlySet<string> = new Set(['categories', 'options', 'attributes']);

/**
 * The push's total writes. Before the first batch is planned it is a guess (one write per row);
 * each planned batch replaces the guess for its rows by what they really need, and the rows not
 * planned yet are extrapolated at the writes-per-row seen so far. Exact once the last batch is planned.
 */
export class WriteTotal {
  private planned = 0;
  private scaling = 0;
  private rowsPlanned = 0;
  private final = false;

  constructor(private readonly rows: number) {}

  /** One batch's writes per stage, the input rows it covers, and whether batches follow. */
  batch(stages: readonly { stage: string; total: number }[], rows: number, more: boolean): void {
    for (const { stage, total } of stages) {
      this.planned += total;
      if (!ONE_OFF_STAGES.has(stage)) this.scaling += total;
    }
    this.rowsPlanned += rows;
    if (!more) this.final = true;
  }

  /** Whether the total is still an estimate. */
  get estimated(): boolean {
    return !this.final;
  }

  get value(): number {
    if (this.final) return this.planned;
    const rowsLeft = Math.max(0, this.rows - this.rowsPlanned);
    const perRow = this.rowsPlanned > 0 ? this.scaling / this.rowsPlanned : 1;
    return this.planned + Math.round(rowsLeft * perRow);
  }
}

/** The throttle: at most `limit` calls in any window of `windowMs`. */
export interface Budget {
  limit: number;
  windowMs: number;
}

/** Calls per second the budget allows, as the user set it (what the rate is shown against). */
export function budgetRate(budget: Budget): number {
  return budget.limit / (budget.windowMs / 1000);
}

/** Calls per second the queue really reaches at most: its window carries a safety margin. */
export function effectiveBudgetRate(budget: Budget): number {
  return budget.limit / (windowWithMargin(budget.windowMs) / 1000);
}

/**
 * The start times of the calls in the last throttle window (the queue's window, margin included),
 * oldest first: what the sliding window will let through next, and the current rate.
 */
export class CallClock {
  private readonly times: number[] = [];
  private first: number | undefined;
  private since: number | undefined;
  readonly windowMs: number;

  constructor(readonly budget: Budget) {
    this.windowMs = windowWithMargin(budget.windowMs);
  }

  /** A call that started at `at` (kept in order, whatever order the calls are reported in). */
  call(at: number): void {
    this.first = this.first === undefined ? at : Math.min(this.first, at);
    let index = this.times.length;
    while (index > 0 && this.times[index - 1]! > at) index--;
    this.times.splice(index, 0, at);
  }

  /**
   * The rate is measured from here on (the first write): reading Jasper and planning take slots
   * of the window too, but at their own pace, which says nothing about the writes'.
   */
  measureFrom(at: number): void {
    this.since = at;
  }

  private get start(): number | undefined {
    return this.since ?? this.first;
  }

  /** Start times within the window ending now, oldest first. */
  recent(now: number): readonly number[] {
    let expired = 0;
    while (expired < this.times.length && this.times[expired]! <= now - this.windowMs) expired++;
    if (expired > 0) this.times.splice(0, expired);
    return this.times;
  }

  /**
   * Calls per second over the last window: the share of the budget in use. The sliding window lets
   * a burst go at the start of each window, so a shorter span swings between the burst and the
   * wait (and a first window's burst would read as several times the budget).
   */
  rate(now: number): number {
    const start = this.start;
    if (start === undefined) return 0;
    return (this.recent(now).filter((at) => at >= start).length / this.windowMs) * 1000;
  }

  /** Whether a whole window has been seen: before that, a slow rate may only be a slow start. */
  measured(now: number): boolean {
    const start = this.start;
    return start !== undefined && now - start >= this.windowMs;
  }
}

/** Share of the budget below which the run is taken to be slower than its throttle (latency, 429s). */
export const SLOWER_THAN_BUDGET = 0.9;

/**
 * Seconds until `callsLeft` more calls have started, under the queue's sliding window: each call
 * in the current window frees its slot one window after it started, so the slots to come are the
 * free ones now, then one per recent call a window later, and so on, window after window. When
 * the run is measured to be slower than its budget (latency, a server answering 429), the
 * observed rate decides instead. (Calls that fit in the free slots start at once: their time is
 * the server's, which a throttled push does not wait on.)
 */
export function etaSeconds(callsLeft: number, clock: CallClock, now: number): number {
  if (callsLeft <= 0) return 0;
  const { limit } = clock.budget;
  const window = clock.windowMs;
  const recent = clock.recent(now).slice(-limit);
  // The slots of a window, in the order they open: the free ones now, then as recent calls expire.
  const free = limit - recent.length;
  const slot = (index: number) => (index < free ? now : recent[index - free]! + window);
  const last = callsLeft - 1;
  const throttled = slot(last % limit) + Math.floor(last / limit) * window - now;
  const rate = clock.rate(now);
  const slower = clock.measured(now) && rate > 0 && rate < SLOWER_THAN_BUDGET * effectiveBudgetRate(clock.budget);
  return slower ? Math.max(throttled / 1000, callsLeft / rate) : Math.max(0, throttled / 1000);
}
