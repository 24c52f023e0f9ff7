// The figures of the overall progress line, whichever view shows them: writes done of the whole
// push's (estimated) total, the call rate against the throttle budget, and the ETA.
import type { Outcome } from '../../plan/types.js';
import { type Budget, budgetRate, CallClock, etaSeconds, WriteTotal } from '../../run/progress-estimate.js';
import type { StageProgress } from '../../run/events.js';

/** The overall figures both views show: writes done of the (estimated) total, rate, ETA. */
export interface OverallFigures {
  done: number;
  failed: number;
  total: number;
  estimated: boolean;
  rate: number;
  budget: number;
  /** Seconds; undefined until there is something to estimate from. */
  eta: number | undefined;
}

/** Follows the whole push: calls (for the rate), the planned batches (for the total), finished writes. */
export class OverallProgress {
  private clock: CallClock | undefined;
  private totalWrites: WriteTotal | undefined;
  private calls = 0;
  /** Calls that left and have no answer yet: their slots are taken, their writes not done. */
  private inFlight = 0;
  private callsBeforeWrites: number | undefined;
  done = 0;
  failed = 0;

  constructor(private readonly now: () => number) {}

  scanned(rows: number, throttle: Budget): void {
    this.totalWrites = new WriteTotal(rows);
    this.clock = new CallClock(throttle);
  }

  /**
   * A call's slot is counted as it leaves: counted at its answer, a burst's calls in flight were
   * missing from the rate and the window's slots, and with a window of a second the rate read
   * half the budget (and the ETA twice the time) just after each burst left.
   */
  callStarted(): void {
    this.inFlight++;
    this.clock?.call(this.now());
  }

  callEnded(): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    this.calls++;
  }

  planned(stages: StageProgress[], more: boolean, rows = 0): void {
    if (this.callsBeforeWrites === undefined) {
      this.callsBeforeWrites = this.calls;
      this.clock?.measureFrom(this.now());
    }
    this.totalWrites?.batch(stages, rows, more);
  }

  taskDone(outcome: Outcome): void {
    this.done++;
    if (outcome === 'failed' || outcome === 'skipped') this.failed++;
  }

  figures(): OverallFigures {
    const now = this.now();
    const total = Math.max(this.totalWrites?.value ?? 0, this.done);
    const clock = this.clock;
    // Retries and look-ups make some writes cost more than one call: the ratio so far scales what is left.
    const writeCalls = this.calls - (this.callsBeforeWrites ?? this.calls);
    const callsPerWrite = this.done > 0 ? Math.max(1, writeCalls / this.done) : 1;
    const started = this.callsBeforeWrites !== undefined;
    return {
      done: this.done,
      failed: this.failed,
      total,
      estimated: this.totalWrites?.estimated ?? true,
      rate: clock?.rate(now) ?? 0,
      budget: clock ? budgetRate(clock.budget) : 0,
      // The calls in flight hold their slots already: what is left to start is the rest.
      eta: clock && started ? etaSeconds(Math.max(0, Math.ceil((total - this.done) * callsPerWrite) - this.inFlight), clock, now) : undefined,
    };
  }
}
