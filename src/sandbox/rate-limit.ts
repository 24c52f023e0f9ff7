// The sandbox's rate limit: a sliding window over every request, like a tenant that
// allows n calls in any s seconds. Rejected requests do not take a slot, so Retry-After
// is exact: the whole seconds until the oldest admitted request leaves the window.

export interface RateLimit {
  limit: number;
  seconds: number;
}

/** "5/1" → {limit: 5, seconds: 1}. */
export function parseRateLimit(text: string): RateLimit {
  const m = /^\s*(\d+)\s*\/\s*(\d+(?:\.\d+)?)\s*$/.exec(text);
  const limit = m ? Number(m[1]) : NaN;
  const seconds = m ? Number(m[2]) : NaN;
  if (!m || !Number.isSafeInteger(limit) || limit < 1 || !(seconds > 0)) {
    throw new Error(`Invalid rate limit "${text}": expected <requests>/<seconds> with both above 0, e.g. 5/1.`);
  }
  return { limit, seconds };
}

export function checkRateLimit(r: RateLimit): void {
  if (!Number.isSafeInteger(r.limit) || r.limit < 1 || !(r.seconds > 0) || !Number.isFinite(r.seconds)) {
    throw new Error(`Invalid rate limit ${r.limit}/${r.seconds}: the limit must be a whole number ≥ 1 and the window > 0 s.`);
  }
}

export class SlidingWindow {
  private admitted: number[] = [];

  /** 0 when a request fits at `now` (ms), else the Retry-After in whole seconds (≥ 1). */
  retryAfter(now: number, rule: RateLimit): number {
    const windowMs = rule.seconds * 1000;
    while (this.admitted.length > 0 && (this.admitted[0] as number) <= now - windowMs) this.admitted.shift();
    if (this.admitted.length < rule.limit) return 0;
    // The window has room again once the request taken `limit` requests ago leaves it.
    const frees = (this.admitted[this.admitted.length - rule.limit] as number) + windowMs;
    return Math.max(1, Math.ceil((frees - now) / 1000));
  }

  admit(now: number): void {
    this.admitted.push(now);
  }

  /** How many more requests fit in the window at `now`. */
  remaining(now: number, rule: RateLimit): number {
    const windowMs = rule.seconds * 1000;
    return Math.max(0, rule.limit - this.admitted.filter((t) => t > now - windowMs).length);
  }
}
