// --notify <url>: when a push ends, whatever its exit code (Ctrl-C too), one POST of JSON to a
// receiver on 127.0.0.1; a receiver that cannot be reached is a warning, never another exit code;
// the URL (its path is a webhook's token) is never printed or written.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closedPort, collect, FIXTURES } from './helpers/cli.js';
import { type Receiver, startReceiver } from './helpers/receiver.js';
import { latestRun, startTenant, type Tenant, TEST_KEY, tenantWithDemoProducts } from './helpers/tenant.js';
import { undoCli } from './helpers/undo-catalog.js';

const PRODUCTS = path.join(FIXTURES, 'demo/products.csv');

let tenant: Tenant | undefined;
let receiver: Receiver | undefined;
afterEach(async () => {
  await tenant?.close();
  await receiver?.close();
  tenant = undefined;
  receiver = undefined;
});

interface Notice {
  text: string;
  runId: string | null;
  exitCode: number;
  ok: boolean;
  counts: { total: number; created: number; failed: number } | null;
  calls: number | null;
  durationMs: number;
  failures: { where: string; key: string; error: string }[];
  reportFile: string | null;
  error: string | null;
}

function onlyNotice(got: Receiver): Notice {
  expect(got.received).toHaveLength(1);
  const [request] = got.received;
  expect(request!.method).toBe('POST');
  expect(request!.contentType).toMatch(/^application\/json/);
  return JSON.parse(request!.body) as Notice;
}

/** Nothing the run printed or wrote holds the webhook's token. */
function expectTokenNowhere(token: string, output: string, runFolder?: string): void {
  expect(output).not.toContain(token);
  if (!runFolder) return;
  for (const file of fs.readdirSync(runFolder)) expect(fs.readFileSync(path.join(runFolder, file), 'utf8'), file).not.toContain(token);
}

describe('--notify', () => {
  it('POSTs the run id, exit code, counts, calls, duration, first failures, report path and a one-line text when a push ends', async () => {
    tenant = await startTenant();
    receiver = await startReceiver();
    const file = path.join(tenant.dir, 'products.csv');
    fs.writeFileSync(file, 'sku,name,msrp\nOK-1,Good,10\nBAD-1,Bad,ten\nOK-2,Good too,12\n');
    const result = await tenant.push(['products', file, '--skip-invalid', '--notify', receiver.url]);
    expect(result.code, result.stderr).toBe(1);
    const run = latestRun(tenant.runDir);
    const summary = JSON.parse(fs.readFileSync(path.join(run, 'summary.json'), 'utf8')) as { runId: string; calls: number; commandLine: string };
    const notice = onlyNotice(receiver);
    expect(notice).toMatchObject({ runId: summary.runId, exitCode: 1, ok: false, calls: summary.calls, reportFile: path.join(run, 'report.html') });
    expect(notice.counts).toMatchObject({ total: 3, created: 2, failed: 1 });
    expect(notice.durationMs).toBeGreaterThan(0);
    expect(notice.failures).toEqual([{ where: 'products.csv:3', key: 'BAD-1', error: expect.stringContaining('msrp') }]);
    expect(notice.text).not.toContain('\n');
    expect(notice.text).toContain('push products on 127.0.0.1');
    expect(notice.text).toContain('FAILED (exit 1)');
    expect(notice.text).toContain('2 of 3 rows');
    // The command line in the run files names --notify, not its URL.
    expect(summary.commandLine).toContain('--notify ****');
    expectTokenNowhere(receiver.token, result.stdout + result.stderr, run);
  });

  it('POSTs exit 3 when Jasper refuses a revoked key', async () => {
    tenant = await startTenant();
    receiver = await startReceiver();
    tenant.sandbox.revokeKey(TEST_KEY);
    const result = await tenant.push(['products', PRODUCTS, '--notify', receiver.url]);
    expect(result.code, result.stderr).toBe(3);
    const notice = onlyNotice(receiver);
    expect(notice.exitCode).toBe(3);
    expect(notice.ok).toBe(false);
    expect(notice.text).toContain('FAILED (exit 3)');
    expect(notice.error ?? notice.text).toMatch(/401|refused the key/);
    expectTokenNowhere(receiver.token, result.stdout + result.stderr);
  });

  it('POSTs exit 130 after Ctrl-C', async () => {
    tenant = await startTenant();
    receiver = await startReceiver();
    const child = tenant.spawnPush(['products', PRODUCTS, '--throttle-limit', '5', '--throttle-seconds', '1', '--notify', receiver.url]);
    const done = collect(child);
    await expect.poll(() => tenant!.sandbox.requests.length, { timeout: 20_000 }).toBeGreaterThanOrEqual(10);
    child.kill('SIGINT');
    const stopped = await done;
    expect(stopped.code, stopped.stderr).toBe(130);
    const notice = onlyNotice(receiver);
    expect(notice.exitCode).toBe(130);
    expect(notice.text).toContain('interrupted');
  });

  it('a receiver that cannot be reached is a warning: the exit code stays the run’s, the URL is not printed', async () => {
    // A nightly with nothing to write notifies as a first load does.
    tenant = await tenantWithDemoProducts();
    const token = 'T0KEN-hook-unreachable-77';
    const url = `http://127.0.0.1:${await closedPort()}/services/${token}`;
    const result = await tenant.push(['products', PRODUCTS, '--notify', url]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/warning: --notify \S+: the receiver could not be reached \(ECONNREFUSED\)\. The run's exit code is unchanged\./);
    expectTokenNowhere(token, result.stdout + result.stderr, latestRun(tenant.runDir));
  });

  it('POSTs when an undo ends too: its own run id, exit code, counts and calls', async () => {
    tenant = await startTenant();
    receiver = await startReceiver();
    expect((await tenant.push(['products', PRODUCTS])).code).toBe(0);
    const pushed = path.basename(latestRun(tenant.runDir));
    const beforeUndo = tenant.sandbox.requests.length;
    const undone = await undoCli(tenant, [pushed, '--notify', receiver.url]);
    expect(undone.code, undone.stderr).toBe(0);
    const notice = onlyNotice(receiver);
    const summary = JSON.parse(fs.readFileSync(path.join(latestRun(tenant.runDir), 'summary.json'), 'utf8')) as { runId: string; calls: number };
    expect(notice).toMatchObject({ exitCode: 0, ok: true, runId: summary.runId, calls: summary.calls, error: null });
    expect(notice.runId).not.toBe(pushed);
    // Undoing a first load deletes what it created, one DELETE each, and nothing else.
    const deletes = tenant.sandbox.requests.slice(beforeUndo).filter((request) => request.method === 'DELETE').length;
    expect(notice.counts).toEqual({ created: 0, updated: 0, unchanged: 0, skipped: 0, failed: 0, deleted: deletes, total: deletes });
    expect(notice.counts!.total).toBeGreaterThan(0);
    expect(notice.text).toMatch(/^jasper-push undo on 127\.0\.0\.1:\d+/);
    expectTokenNowhere(receiver.token, undone.stdout + undone.stderr);
  });
});
