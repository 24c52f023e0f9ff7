// A dry run's estimate said plainly: "the push would take about 28 minutes at 500 calls per 60 s".
import type { DurationEstimate } from './report-data.js';

export function estimateText(estimate: DurationEstimate): string {
  const { calls, budget } = estimate;
  const at = `At ${budget.limit} calls per ${budget.windowMs / 1000} s`;
  const count = `${calls.toLocaleString('en-US')} calls`;
  // The sliding window lets a whole budget go at once: a push within it waits only for the tenant.
  if (calls <= budget.limit) return `${at} the push would fit in one throttle window (${count}): as fast as the tenant answers.`;
  return `${at} the push would take ${aboutDuration(estimate.seconds)} (${count}).`;
}

/** Rounded as a person would say it: seconds under two minutes, minutes under two hours, then hours and minutes. */
export function aboutDuration(seconds: number): string {
  if (seconds < 1) return 'under a second';
  if (seconds < 120) return `about ${Math.round(seconds)} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 120) return `about ${minutes} minutes`;
  return `about ${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}
