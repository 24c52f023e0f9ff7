// The throttle is a hard guarantee: checked on the sandbox's own arrival timestamps.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FIXTURES } from './helpers/cli.js';
import { oracleProblems } from './helpers/oracle/index.js';
import { maxInWindow, startTenant, type Tenant } from './helpers/tenant.js';

const PRODUCTS = path.join(FIXTURES, 'demo/products.csv');

let tenant: Tenant | undefined;
afterEach(async () => {
  await tenant?.close();
  tenant = undefined;
});

describe('throttle', () => {
  it('never lets more than 40 calls into any 1-second window, reads included', async () => {
    tenant = await startTenant();
    const result = await tenant.push(['products', PRODUCTS, '--throttle-limit', '40', '--throttle-seconds', '1']);
    expect(result.code, result.stderr).toBe(0);
    const times = tenant.sandbox.requests.map((request) => request.t);
    expect(times.length).toBeGreaterThan(120); // at least three full windows
    expect(maxInWindow(times, 1000)).toBeLessThanOrEqual(40);
    expect(maxInWindow(times, 1000)).toBeGreaterThanOrEqual(30); // and it does use the window
    expect(oracleProblems(tenant.sandbox.state(), [['products', [PRODUCTS]]])).toEqual([]);
  });

  it('takes the limit from JASPER_THROTTLE_LIMIT when no flag is given', async () => {
    tenant = await startTenant();
    // The default limit (500) would let all of the run's 130-odd calls into one second.
    const result = await tenant.push(['products', PRODUCTS, '--throttle-seconds', '1'], { env: { JASPER_THROTTLE_LIMIT: '60' } });
    expect(result.code, result.stderr).toBe(0);
    expect(
      maxInWindow(
        tenant.sandbox.requests.map((request) => request.t),
        1000,
      ),
    ).toBeLessThanOrEqual(60);
  });

  it('slows the whole queue on 429s and still finishes with nothing lost or doubled', async () => {
    tenant = await startTenant({ rateLimit: { limit: 60, seconds: 1 } });
    const result = await tenant.push(['products', PRODUCTS, '--max-retries', '8']);
    expect(result.code, result.stderr + result.stdout).toBe(0);
    expect(tenant.sandbox.requests.some((request) => request.status === 429)).toBe(true);
    expect(result.stdout).toMatch(/answered 429/);
    expect(oracleProblems(tenant.sandbox.state(), [['products', [PRODUCTS]]])).toEqual([]);
  });
});
