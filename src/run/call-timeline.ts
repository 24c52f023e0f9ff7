// Every call of a run, second by second: how many started, how many of them were retries, how many
// were answered 429 or failed. Kept per second, so a nine-hour push stays a few hundred kB; the
// run report draws the call rate against the throttle budget from it.

export interface TimelineSecond {
  /** Seconds since the run's first call could start. */
  second: number;
  calls: number;
  retries: number;
  rateLimited: number;
  failed: number;
}

/** Calls per second over `ms`, to one decimal; 0 when no time passed. */
export function callRate(calls: number, ms: number): number {
  return ms > 0 ? Math.round((calls / (ms / 1000)) * 10) / 10 : 0;
}

export class CallTimeline {
  private readonly seconds: TimelineSecond[] = [];
  private firstCallAt: number | undefined;

  constructor(
    private readonly now: () => number = Date.now,
    readonly startedAt: number = now(),
  ) {}

  /** A call starts; `attempt` > 1 is a retry. */
  started(attempt: number): void {
    this.firstCallAt ??= this.now();
    const second = this.current();
    second.calls++;
    if (attempt > 1) second.retries++;
  }

  /** A call was answered 429. */
  rateLimited(): void {
    this.current().rateLimited++;
  }

  /** A call failed otherwise (5xx, timeout, network, 4xx). */
  failed(): void {
    this.current().failed++;
  }

  /** The time the calls took: from the first call's start until now (reading the input before is not theirs). */
  callSpanMs(): number {
    return this.firstCallAt === undefined ? 0 : this.now() - this.firstCallAt;
  }

  /** Every second from the first to the last, quiet ones included (a throttle wait is part of the picture). */
  all(): TimelineSecond[] {
    const filled: TimelineSecond[] = [];
    for (const second of this.seconds) {
      while (filled.length < second.second) filled.push({ second: filled.length, calls: 0, retries: 0, rateLimited: 0, failed: 0 });
      filled.push(second);
    }
    return filled;
  }

  private current(): TimelineSecond {
    const index = Math.max(0, Math.floor((this.now() - this.startedAt) / 1000));
    const last = this.seconds[this.seconds.length - 1];
    if (last && last.second === index) return last;
    const second = { second: index, calls: 0, retries: 0, rateLimited: 0, failed: 0 };
    // Seconds only ever move forward (one clock), so the list stays sorted.
    this.seconds.push(second);
    return second;
  }
}
