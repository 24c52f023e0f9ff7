// The overall ETA is a number to trust: a throttled push's progress lines, checked against the
// time that really remained (the sandbox's arrival time of the last call). A line printed while
// the run measured itself slower than its budget (a busy machine starving the CLI or the sandbox)
// extrapolates that rate instead, as it does for latency and 429s: no estimate knows when a stall
// ends. Such a line's ETA must be its own arithmetic, the writes left at the rate it shows.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { effectiveBudgetRate, SLOWER_THAN_BUDGET } from '../src/run/progress-estimate.js';
import { startTenant, type Tenant } from './helpers/tenant.js';

let tenant: Tenant | undefined;
afterEach(async () => {
  await tenant?.close();
  tenant = undefined;
});

/** `ETA 8.4s`, `ETA 37s`, `ETA 1m02s`, `ETA 1h05m` in seconds. */
function etaOf(line: string): number | undefined {
  const match = /ETA (?:(\d+)h)?(?:(\d+)m)?(?:([\d.]+)s)?/.exec(line);
  if (!match || match[0] === 'ETA ') return undefined;
  return Number(match[1] ?? 0) * 3600 + Number(match[2] ?? 0) * 60 + Number(match[3] ?? 0);
}

describe('overall progress in plain lines (cron)', () => {
  it('after the first 20 % of the writes, every printed ETA is within 25 % of the time that actually remained', async () => {
    tenant = await startTenant();
    const file = path.join(tenant.dir, 'products.csv');
    const rows = Array.from({ length: 320 }, (_, index) => `ETA-${String(index).padStart(4, '0')},Product ${index},Tests`);
    fs.writeFileSync(file, ['sku,name,categories', ...rows].join('\n') + '\n');
    // 20 calls per half second, progress lines every half second, batches of 80 products: the total is planned batch by batch.
    const child = tenant.spawnPush(['products', file, '--throttle-limit', '20', '--throttle-seconds', '0.5'], {
      env: { JASPER_PUSH_PROGRESS_SECONDS: '0.5', JASPER_PUSH_BATCH_SIZE: '80' },
    });
    const lines: { at: number; text: string }[] = [];
    let pending = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const parts = pending.split('\n');
      pending = parts.pop()!;
      for (const text of parts) lines.push({ at: performance.timeOrigin + performance.now(), text });
    });
    child.stdout!.resume();
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code, lines.map((line) => line.text).join('\n')).toBe(0);

    const finished = Math.max(...tenant.sandbox.requests.map((request) => request.t));
    const progress = lines.filter((line) => line.text.includes('progress:'));
    expect(progress.length).toBeGreaterThan(10);
    const checked = progress
      .map((line) => {
        const [, done, total] = /progress: (\d+)\/~?(\d+) writes/.exec(line.text)!;
        const rate = Number(/([\d.]+)\/40 calls\/s/.exec(line.text)![1]);
        return { line: line.text, done: Number(done), total: Number(total), rate, eta: etaOf(line.text)!, remained: (finished - line.at) / 1000 };
      })
      .filter((entry) => entry.done >= 0.2 * entry.total);
    expect(checked.length).toBeGreaterThan(8);
    // An ETA is printed to 0.1 s under 10 s and to the second above: half of that is rounding, not error.
    const rounding = (eta: number) => (eta < 10 ? 0.05 : 0.5);
    type Line = (typeof checked)[number];
    const onTime = (entry: Line) => Math.abs(entry.eta - entry.remained) <= 0.25 * entry.remained + rounding(entry.eta);
    // Under its share of the budget the run takes itself to be slower than its throttle, and its ETA
    // is the calls left at the rate it measured (a busy machine can starve this small a window for
    // seconds). The budget counts the window's margin: 20 calls per 0.58 s, 34.5 calls/s.
    const atPace = (entry: Line) => entry.rate >= SLOWER_THAN_BUDGET * effectiveBudgetRate({ limit: 20, windowMs: 500 }) - 0.05;
    const ownArithmetic = (entry: Line) => {
      const atRate = (entry.total - entry.done) / entry.rate;
      return Math.abs(entry.eta - atRate) <= 0.15 * atRate + rounding(entry.eta);
    };
    const wrong = checked.filter((entry) => !onTime(entry) && (atPace(entry) || !ownArithmetic(entry)));
    expect(wrong, JSON.stringify(checked, null, 1)).toEqual([]);
    // The throttle's pace was measured and estimated from (a quiet machine: on every line).
    expect(checked.filter(atPace).length, JSON.stringify(checked, null, 1)).toBeGreaterThanOrEqual(2);
    // 320 products and their category: the estimate from the rows was right from the first batch on.
    expect(checked.every((entry) => entry.total === 321)).toBe(true);
  });
});
