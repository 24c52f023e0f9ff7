// The throttle is a hard guarantee (SPEC §5: at most the limit started in any window), checked
// twice: on when each call starts, as the CLI calls fetch (a preload records it), and on the
// sandbox's own arrival stamps. The CLI counts a call a moment before its fetch starts, and it
// arrives later still, by delays that grow with the machine's load; its window is 80 ms longer
// than asked so that a server counting arrivals sees no more than the limit either. Where this
// run's delays varied by more than that, the arrival check counts over a window shorter by the
// excess: what the throttle guarantees whatever the machine does. A quiet machine gets the whole
// second.
import path from 'node:path';
import { describe, expect, it, type TestContext } from 'vitest';
import { arrivalsOf, expectWithinLimit, recordingStarts } from './helpers/call-starts.js';
import { FIXTURES } from './helpers/cli.js';
import { oracleProblems } from './helpers/oracle/index.js';
import { maxInWindow, startTenant, type Tenant } from './helpers/tenant.js';

const PRODUCTS = path.join(FIXTURES, 'demo/products.csv');

/** A tenant of the test's own, closed when the test ends. */
async function ownTenant({ onTestFinished }: TestContext): Promise<Tenant> {
  const tenant = await startTenant();
  onTestFinished(() => tenant.close());
  return tenant;
}

/** Pushes with the preload recording each call's start; returns them with the sandbox's arrivals. */
async function pushRecorded(t: Tenant, args: string[], env: Record<string, string> = {}) {
  const recording = recordingStarts(t.dir);
  const result = await t.push(args, recording.cli({ env }));
  return { result, recorded: recording.read(), arrivals: arrivalsOf(t.sandbox.requests) };
}

// The two run side by side: each is a paced push that keeps the machine mostly idle (this file
// runs after all the others, alone), and each checks its own CLI's starts and its own sandbox.
describe.concurrent('throttle', () => {
  it('never lets more than 40 calls into any 1-second window, reads included', async (context) => {
    const tenant = await ownTenant(context);
    const run = await pushRecorded(tenant, ['products', PRODUCTS, '--throttle-limit', '40', '--throttle-seconds', '1']);
    expect(run.result.code, run.result.stderr).toBe(0);
    expect(run.recorded.starts.length).toBeGreaterThan(120); // at least three full windows
    expectWithinLimit(run.recorded, run.arrivals, 40);
    expect(
      maxInWindow(
        run.recorded.starts.map((call) => call.t),
        1000,
      ),
    ).toBeGreaterThanOrEqual(30); // and it does use the window
    expect(oracleProblems(tenant.sandbox.state(), [['products', [PRODUCTS]]])).toEqual([]);
  });

  it('takes the limit from JASPER_THROTTLE_LIMIT when no flag is given', async (context) => {
    const tenant = await ownTenant(context);
    // The default limit (500) would let all of the run's 130-odd calls into one second.
    const run = await pushRecorded(tenant, ['products', PRODUCTS, '--throttle-seconds', '1'], { JASPER_THROTTLE_LIMIT: '60' });
    expect(run.result.code, run.result.stderr).toBe(0);
    expectWithinLimit(run.recorded, run.arrivals, 60);
  });
});
