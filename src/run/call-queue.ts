// One queue for every HTTP call of a run, reads included: at most `concurrency` in flight and at most
// `limit` started in any sliding window (p-queue's strict mode). Retries re-enter the queue, so every
// attempt counts against the window, but at its front: a call answered 429 (or failing for a while)
// is not sent to the back of a queue a whole batch long. A 429 slows the whole queue: it pauses for
// Retry-After and halves the concurrency, which then recovers one step per run of successes.
import { setMaxListeners } from 'node:events';
import PQueue from 'p-queue';
import { type JasperApiError, RateLimitedError, isAuthFailure, isJasperApiError } from '../jasper/errors.js';
import type { ApiRequest, Send } from '../jasper/http.js';
import { backoffDelay, type Sleep, realSleep } from './backoff.js';
import { CallTimeline } from './call-timeline.js';

/** Successes needed before the concurrency, halved by a 429, steps back up by one. */
export const RECOVERY_SUCCESSES = 10;
/** p-queue priority of a retry: above first attempts (priority 0), so it starts next. */
const RETRY_PRIORITY = 1;

export interface CallQueueOptions {
  limit: number;
  windowMs: number;
  concurrency: number;
  maxRetries: number;
  sleep?: Sleep;
  random?: () => number;
}

/** The call was not made because the run is stopping. */
export class CallCancelledError extends Error {
  override name = 'CallCancelledError';
}

/** A failed call, with how many attempts it took. */
export interface AttemptInfo {
  attempts: number;
}

/**
 * The least margin. A busy machine delays arrivals by tens of ms: with 50 ms the sandbox, stamping
 * arrivals in a loaded test process, counted 3 calls in a 1-second window of 2; 80 ms still lets a
 * 3-second window use over 97 % of its budget.
 */
const MIN_WINDOW_MARGIN_MS = 80;
/** The most: a minute's window loses 1 s of 60, well over any network's jitter. */
const MAX_WINDOW_MARGIN_MS = 1000;

/**
 * The window is a little longer than asked: a call is counted here when it starts, but the server
 * counts it when it arrives, after connection setup and network jitter. The margin is 2% of the
 * window (80 ms to 1 s): the old floor of 100 ms cost a 3-second window 3% of its budget.
 */
export function windowWithMargin(windowMs: number): number {
  return windowMs + Math.min(MAX_WINDOW_MARGIN_MS, Math.max(MIN_WINDOW_MARGIN_MS, windowMs * 0.02));
}

export class CallQueue {
  readonly queue: PQueue;
  private readonly controller = new AbortController();
  private readonly sleep: Sleep;
  private readonly random: () => number;
  private successStreak = 0;
  private resumeAt = 0;
  private resumeTimer: NodeJS.Timeout | undefined;
  /**
   * The HTTP client, loaded before the first call enters the queue. It loads on first use (ky and
   * Node's fetch: 30–50 ms on Node 20, more on a busy machine); inside the queue that time fell
   * between the window counting the first call and the call leaving, and used up most of the margin.
   */
  private clientLoaded: Promise<void> | undefined;
  /** Rejecters of attempts still waiting in the queue. */
  private readonly waiting = new Set<() => void>();
  calls = 0;
  rateLimited = 0;
  /** Calls second by second, for the run report. */
  readonly timeline = new CallTimeline();

  constructor(
    private readonly raw: Send,
    private readonly options: CallQueueOptions,
  ) {
    this.queue = new PQueue({
      concurrency: options.concurrency,
      intervalCap: options.limit,
      interval: windowWithMargin(options.windowMs),
      strict: true,
    });
    // Every call sleeping in a backoff listens for the stop.
    setMaxListeners(0, this.controller.signal);
    this.sleep = options.sleep ?? realSleep;
    this.random = options.random ?? Math.random;
  }

  get stopped(): boolean {
    return this.controller.signal.aborted;
  }

  /** Stop starting calls; calls in flight finish, queued ones reject with CallCancelledError. */
  stop(): void {
    if (!this.stopped) this.controller.abort(new CallCancelledError('the run is stopping'));
    clearTimeout(this.resumeTimer);
    this.queue.clear();
    for (const cancel of this.waiting) cancel();
    this.waiting.clear();
  }

  /**
   * Sends through the queue, retrying temporary failures. A POST whose outcome is unknown is not
   * repeated here (`retryUnknownWrites: false`): the caller looks the entity up first.
   */
  send = async (request: ApiRequest, retryUnknownWrites = request.method !== 'POST'): Promise<unknown> => {
    await (this.clientLoaded ??= this.raw.ready?.() ?? Promise.resolve());
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await this.once(request, attempt);
        this.onSuccess();
        return result;
      } catch (error) {
        if (!isJasperApiError(error)) throw error;
        if (error instanceof RateLimitedError) this.timeline.rateLimited();
        else this.timeline.failed();
        (error as JasperApiError & AttemptInfo).attempts = attempt;
        if (!error.temporary || attempt > this.options.maxRetries) throw error;
        if (error.outcomeUnknown && !retryUnknownWrites) throw error;
        // A 429 paused the queue already (in `once`); the retry waits there, at the front.
        if (!(error instanceof RateLimitedError)) await this.wait(backoffDelay(attempt, this.random));
      }
    }
  };

  /**
   * One attempt through the queue. Stopping cancels attempts still waiting for a slot; an attempt
   * already sent runs to its answer, so nothing in flight is abandoned.
   */
  private once(request: ApiRequest, attempt: number): Promise<unknown> {
    if (this.stopped) return Promise.reject(new CallCancelledError('the run is stopping'));
    return new Promise((resolve, reject) => {
      const cancel = () => reject(new CallCancelledError('the run is stopping'));
      this.waiting.add(cancel);
      this.queue
        .add(
          () => {
            this.waiting.delete(cancel);
            if (this.stopped) throw new CallCancelledError('the run is stopping');
            this.calls++;
            this.timeline.started(attempt);
            // 401/403 stop the queue, and a 429 pauses it, before p-queue starts the next call in this same tick.
            return this.raw(request).catch((error: unknown) => {
              if (isAuthFailure(error)) this.stop();
              if (error instanceof RateLimitedError && attempt <= this.options.maxRetries) this.slowDown(error, attempt);
              throw error;
            });
          },
          { priority: attempt > 1 ? RETRY_PRIORITY : 0 },
        )
        .then(resolve, reject);
    });
  }

  private onSuccess(): void {
    this.successStreak++;
    if (this.successStreak >= RECOVERY_SUCCESSES && this.queue.concurrency < this.options.concurrency) {
      this.queue.concurrency += 1;
      this.successStreak = 0;
    }
  }

  /** Pause the whole queue for Retry-After (or a backoff) and halve the concurrency. */
  private slowDown(error: RateLimitedError, attempt: number): void {
    this.rateLimited++;
    this.successStreak = 0;
    // The other calls of the same burst answer 429 too: one burst halves the concurrency once.
    if (Date.now() >= this.resumeAt) this.queue.concurrency = Math.max(1, Math.floor(this.queue.concurrency / 2));
    const delay = error.retryAfterMs ?? backoffDelay(attempt, this.random);
    const until = Date.now() + delay;
    if (until <= this.resumeAt) return;
    this.resumeAt = until;
    this.queue.pause();
    clearTimeout(this.resumeTimer);
    this.resumeTimer = setTimeout(() => {
      if (!this.stopped) this.queue.start();
    }, delay);
  }

  private async wait(ms: number): Promise<void> {
    if (this.stopped) throw new CallCancelledError('the run is stopping');
    await this.sleep(ms, this.controller.signal);
    if (this.stopped) throw new CallCancelledError('the run is stopping');
  }
}

/** A run's throttle settings, as push and undo take them (SPEC §1, §5). */
export interface RunThrottle {
  throttleLimit: number;
  throttleSeconds: number;
  concurrency: number;
  maxRetries: number;
}

/** The one queue every call of a run goes through. */
export function runQueue(send: Send, throttle: RunThrottle, sleep?: Sleep): CallQueue {
  return new CallQueue(send, {
    limit: throttle.throttleLimit,
    windowMs: throttle.throttleSeconds * 1000,
    concurrency: throttle.concurrency,
    maxRetries: throttle.maxRetries,
    ...(sleep ? { sleep } : {}),
  });
}
