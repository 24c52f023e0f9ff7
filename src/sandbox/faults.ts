// Fault injection. Decisions run in a fixed order per request (rate limit / burst 429 →
// hang → error → [latency, handle] → error-after-apply / drop-after-apply) and every one
// draws from the seeded PRNG only when its fault is switched on, so the same seed, faults
// and request sequence always give the same outcome.

import { MESSAGES } from './http-errors.js';
import type { Random } from './prng.js';
import { checkRateLimit, SlidingWindow } from './rate-limit.js';
import type { FaultName, SandboxFaults } from './types.js';

export const DEFAULT_BURST_LENGTH = 5;

export interface Rejection {
  fault: FaultName;
  status: number;
  headers: Record<string, string>;
  /** JSON body, or text when `contentType` says otherwise. */
  body: unknown;
  contentType?: string;
}

export type PreDecision = { kind: 'pass' } | { kind: 'hang' } | ({ kind: 'reject' } & Rejection);

/** A proxy in front of the API answers 502 in HTML, not JSON; clients must cope with that. */
const BAD_GATEWAY_HTML =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n';

export class FaultEngine {
  private faults: SandboxFaults = {};
  private burstLeft = 0;
  private readonly window = new SlidingWindow();

  constructor(
    private readonly random: Random,
    private readonly now: () => number,
    faults: SandboxFaults = {},
  ) {
    this.set(faults);
  }

  /** Replaces every fault at once; an ongoing 429 burst ends. */
  set(faults: SandboxFaults): void {
    validateFaults(faults);
    this.faults = { ...faults };
    this.burstLeft = 0;
  }

  get latencyMs(): number {
    return this.faults.latencyMs ?? 0;
  }

  /** Decides what happens to a request before it reaches its handler. */
  before(req: { isPing: boolean }): PreDecision {
    const f = this.faults;
    const now = this.now();
    if (f.rateLimit) {
      const retryAfter = this.window.retryAfter(now, f.rateLimit);
      if (retryAfter > 0) return tooMany('rate-limit', retryAfter, f.rateLimit.limit);
    }
    if (this.burstLeft > 0) {
      this.burstLeft--;
      return tooMany('burst-429', 1);
    }
    if (this.chance(f.burst429Rate)) {
      this.burstLeft = Math.max(1, f.burstLength ?? DEFAULT_BURST_LENGTH) - 1;
      return tooMany('burst-429', 1);
    }
    if (f.rateLimit) this.window.admit(now);
    if (!req.isPing && this.chance(f.hangRate)) return { kind: 'hang' };
    if (this.chance(f.errorRate)) return { kind: 'reject', ...serverError(this.random()) };
    return { kind: 'pass' };
  }

  /** After a write was applied: answer 500 anyway, drop the connection, or neither. */
  after(): 'error-after-apply' | 'drop-after-apply' | undefined {
    if (this.chance(this.faults.errorAfterApplyRate)) return 'error-after-apply';
    if (this.chance(this.faults.dropAfterApplyRate)) return 'drop-after-apply';
    return undefined;
  }

  /** X-RateLimit-* headers for answered requests, as Laravel's throttle sends them. */
  rateHeaders(): Record<string, string> {
    const rule = this.faults.rateLimit;
    if (!rule) return {};
    return {
      'X-RateLimit-Limit': String(rule.limit),
      'X-RateLimit-Remaining': String(this.window.remaining(this.now(), rule)),
    };
  }

  private chance(rate: number | undefined): boolean {
    return rate !== undefined && rate > 0 && this.random() < rate;
  }
}

function tooMany(fault: FaultName, retryAfter: number, limit?: number): PreDecision {
  const headers: Record<string, string> = { 'Retry-After': String(retryAfter) };
  if (limit !== undefined) {
    headers['X-RateLimit-Limit'] = String(limit);
    headers['X-RateLimit-Remaining'] = '0';
  }
  return { kind: 'reject', fault, status: 429, headers, body: { message: MESSAGES.tooManyRequests } };
}

/** 500, 502 or 503, one third each. */
function serverError(draw: number): Rejection {
  if (draw < 1 / 3) return { fault: 'error', status: 500, headers: {}, body: { message: MESSAGES.serverError } };
  if (draw < 2 / 3) {
    return { fault: 'error', status: 502, headers: {}, body: BAD_GATEWAY_HTML, contentType: 'text/html' };
  }
  return { fault: 'error', status: 503, headers: {}, body: { message: MESSAGES.serviceUnavailable } };
}

function validateFaults(f: SandboxFaults): void {
  const rates = ['errorRate', 'errorAfterApplyRate', 'dropAfterApplyRate', 'hangRate', 'burst429Rate'] as const;
  for (const name of rates) {
    const v = f[name];
    if (v !== undefined && !(v >= 0 && v <= 1)) throw new Error(`Fault ${name} must be between 0 and 1, got ${v}.`);
  }
  if (f.latencyMs !== undefined && !(f.latencyMs >= 0 && Number.isFinite(f.latencyMs))) {
    throw new Error(`Fault latencyMs must be a number of milliseconds ≥ 0, got ${f.latencyMs}.`);
  }
  if (f.burstLength !== undefined && !(Number.isSafeInteger(f.burstLength) && f.burstLength >= 1)) {
    throw new Error(`Fault burstLength must be a whole number ≥ 1, got ${f.burstLength}.`);
  }
  if (f.rateLimit) checkRateLimit(f.rateLimit);
}
