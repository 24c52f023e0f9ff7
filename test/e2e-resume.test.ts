// SPEC §6 end to end: --resume of a finished run does nothing at all, and a run stopped by Ctrl-C
// and resumed is reported as one run, every attempt together.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, describe, expect, it } from 'vitest';
import { writeCount } from './helpers/catalog-state.js';
import { collect } from './helpers/cli.js';
import { latestRun, startTenant, type Tenant } from './helpers/tenant.js';

let tenant: Tenant | undefined;
afterEach(async () => {
  await tenant?.close();
  tenant = undefined;
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Every file under `dir` with a hash of its content, so a test can tell that nothing changed. */
function fingerprint(dir: string): Record<string, string> {
  const prints: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    prints[path.relative(dir, file)] = createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  }
  return prints;
}

const nameOf = (current: Tenant, sku: string) => current.sandbox.state().products.find((product) => product.sku === sku)?.name;

describe('--resume', () => {
  it('of a finished run: no call, the change cache and the run files untouched, "complete", exit 0; the next push still writes', async () => {
    tenant = await startTenant();
    const a = path.join(tenant.dir, 'a.csv');
    const fix = path.join(tenant.dir, 'fix.csv');
    fs.writeFileSync(a, 'sku,name\nRES-1,Version A\nRES-2,Second\n');
    fs.writeFileSync(fix, 'sku,name\nRES-1,Version B\n');
    expect((await tenant.push(['products', a])).code).toBe(0);
    const runOfA = latestRun(tenant.runDir);
    expect((await tenant.push(['products', fix])).code).toBe(0);
    expect(nameOf(tenant, 'RES-1')).toBe('Version B');

    const cacheDir = path.join(tenant.env.JASPER_PUSH_CONFIG_DIR!, 'cache');
    const cacheBefore = fingerprint(cacheDir);
    const runBefore = fingerprint(runOfA);
    const before = tenant.sandbox.requests.length;
    const resumed = await tenant.push(['products', a, '--resume']);
    expect(resumed.code, resumed.stderr + resumed.stdout).toBe(0);
    expect(resumed.stdout).toContain(`Run ${path.basename(runOfA)} is complete`);
    expect(resumed.stdout).toContain('Nothing to resume');
    expect(tenant.sandbox.requests.length - before).toBe(0);
    expect(fingerprint(cacheDir)).toEqual(cacheBefore);
    expect(fingerprint(runOfA)).toEqual(runBefore);
    expect(fs.readdirSync(tenant.runDir)).toHaveLength(2);
    const json = await tenant.push(['products', a, '--resume', '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ runId: path.basename(runOfA), complete: true, exitCode: 0 });

    // The cache was not told that Version A is back: pushing a.csv writes it, once.
    const again = tenant.sandbox.requests.length;
    const pushed = await tenant.push(['products', a]);
    expect(pushed.code, pushed.stderr).toBe(0);
    expect(writeCount(tenant.sandbox.requests.slice(again))).toBe(1);
    expect(nameOf(tenant, 'RES-1')).toBe('Version A');
  });

  it('after Ctrl-C half-way: one way on, what is left counted; the resumed run reports every product created, every call counted', async () => {
    tenant = await startTenant();
    const count = 120;
    const file = path.join(tenant.dir, 'products.csv');
    fs.writeFileSync(
      file,
      ['sku,name', ...Array.from({ length: count }, (_, index) => `INT-${String(index).padStart(3, '0')},Product ${index}`)].join('\n') + '\n',
    );
    // 20 calls a second: the push takes about 6 s, so the interruption lands mid-run.
    const slow = ['--throttle-limit', '20', '--throttle-seconds', '1'];
    const child = tenant.spawnPush(['products', file, ...slow]);
    const done = collect(child);
    const creates = () => tenant!.sandbox.requests.filter((request) => request.method === 'POST' && request.path.endsWith('/products')).length;
    while (creates() < 40) await sleep(20);
    child.kill('SIGINT');
    const stopped = await done;
    expect(stopped.code, stopped.stdout + stopped.stderr).toBe(130);
    const createdFirst = tenant.sandbox.state().products.length;
    expect(createdFirst).toBeGreaterThanOrEqual(40);
    expect(createdFirst).toBeLessThan(count);
    const left = count - createdFirst;
    expect(stopped.stdout).toContain(`${createdFirst} of ${count} rows done, ${left} left`);
    expect(stopped.stdout).toContain(`Interrupted with ${left} of ${count} rows left`);
    expect(stopped.stdout).toContain('--resume');
    expect(stopped.stdout).not.toMatch(/\d+ skipped|failures:|retry exactly those rows/);

    const resumed = await tenant.push(['products', file, '--resume', '--throttle-limit', '1000']);
    expect(resumed.code, resumed.stderr + resumed.stdout).toBe(0);
    expect(tenant.sandbox.state().products).toHaveLength(count);
    expect(fs.readdirSync(tenant.runDir)).toHaveLength(1);
    const run = latestRun(tenant.runDir);
    const results = parse<Record<string, string>>(fs.readFileSync(path.join(run, 'results.csv')), { columns: true });
    expect(results).toHaveLength(count);
    expect(results.filter((row) => row.outcome !== 'created')).toEqual([]);
    const summary = JSON.parse(fs.readFileSync(path.join(run, 'summary.json'), 'utf8'));
    expect(summary.rows).toMatchObject({ total: count, created: count, updated: 0, unchanged: 0, skipped: 0, left: 0 });
    expect(summary.entities.product.created).toBe(count);
    expect(summary.calls).toBe(tenant.sandbox.requests.length);
    expect(summary.resumed).toBe(true);
    expect(resumed.stdout).toContain(`all ${count} rows written or already up to date (${count} created, 0 updated, 0 unchanged)`);
    const report = fs.readFileSync(path.join(run, 'report.html'), 'utf8');
    expect(report).toContain(`All ${count} rows written or already up to date.`);
    expect(report).toMatch(new RegExp(`<td><b>input rows</b></td><td class="">${count}</td>`));
  });
});
