// What a run says of itself: not in a terminal (cron) every line dated in ISO 8601 after a first
// line naming the version, profile, tenant host, source and files or feed; a dry run's duration
// at the budget; summary.json (and report.html, see e2e-report) naming what ran, where and when.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FIXTURES, ROOT } from './helpers/cli.js';
import { latestRun, startTenant, type Tenant, TEST_KEY } from './helpers/tenant.js';

const PRODUCTS = path.join(FIXTURES, 'demo/products.csv');
const VERSION = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const ISO_LINE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ /;

let tenant: Tenant | undefined;
afterEach(async () => {
  await tenant?.close();
  tenant = undefined;
});

describe('a cron log', () => {
  it('dates every line in ISO 8601 and names version, profile, tenant host, source and files first', async () => {
    tenant = await startTenant();
    const result = await tenant.push(['products', PRODUCTS, '--throttle-limit', '40', '--throttle-seconds', '1'], {
      env: { JASPER_PUSH_PROGRESS_SECONDS: '0.5' },
    });
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stderr.split('\n').filter((line) => line !== '');
    expect(lines.length).toBeGreaterThan(4);
    for (const line of lines) expect(line).toMatch(ISO_LINE);
    const host = new URL(tenant.sandbox.url).host;
    expect(lines[0]!.replace(ISO_LINE, '')).toBe(`jasper-push ${VERSION} push products · profile default · tenant ${host} · from jasper · files products.csv`);
    expect(lines.some((line) => /Z progress: \d+\/\d+ writes/.test(line))).toBe(true);
    // The stamps are the clock's: within this run, in order.
    const times = lines.map((line) => Date.parse(line.slice(0, 20)));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('names the feed when one is given, and dates the error lines of a failed run too', async () => {
    tenant = await startTenant();
    tenant.sandbox.revokeKey(TEST_KEY);
    const result = await tenant.push(['products', PRODUCTS, '--feed', 'nightly']);
    expect(result.code).toBe(3);
    const lines = result.stderr.split('\n').filter((line) => line !== '');
    expect(lines[0]).toMatch(/ · from jasper · feed nightly$/);
    for (const line of lines) expect(line).toMatch(ISO_LINE);
    expect(lines.some((line) => line.includes('error: '))).toBe(true);
  });
});

describe('a dry run', () => {
  it('says how long the push would take at the configured budget, in words and in --json', async () => {
    tenant = await startTenant();
    // 122 writes and a few reads at 10 calls per 6 s: about 77 s.
    const budget = ['--throttle-limit', '10', '--throttle-seconds', '6'];
    const [human, json] = await Promise.all([
      tenant.push(['products', PRODUCTS, '--dry-run', ...budget]),
      tenant.push(['products', PRODUCTS, '--dry-run', '--json', ...budget]),
    ]);
    expect(human.code, human.stderr).toBe(0);
    const document = JSON.parse(json.stdout) as { plannedWrites: number; readCalls: number; estimate: { calls: number; seconds: number } };
    const calls = document.plannedWrites + document.readCalls;
    expect(document.estimate).toEqual({ calls, seconds: Math.round(calls / (10 / 6)), budget: { limit: 10, windowMs: 6000 } });
    expect(human.stdout).toContain(`At 10 calls per 6 s the push would take about ${Math.round(calls / (10 / 6))} s (${calls} calls).`);
    // At the default budget the same push fits in one window.
    const roomy = await tenant.push(['products', PRODUCTS, '--dry-run']);
    expect(roomy.stdout).toContain('At 500 calls per 60 s the push would fit in one throttle window');
  });
});

describe('summary.json', () => {
  it('names the tool version, the command line with secrets left out, source, profile, tenant host, start and end', async () => {
    tenant = await startTenant();
    const result = await tenant.push(['products', PRODUCTS, '--api-key', TEST_KEY, '--notify', 'http://127.0.0.1:9/hook/s3cr3t-hook-token']);
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(fs.readFileSync(path.join(latestRun(tenant.runDir), 'summary.json'), 'utf8')) as Record<string, unknown>;
    expect(summary).toMatchObject({
      tool: { name: 'jasper-push', version: VERSION },
      from: 'jasper',
      profile: 'default',
      tenant: new URL(tenant.sandbox.url).host,
    });
    expect(summary.commandLine).toMatch(/^jasper-push push products \S+products\.csv --api-key \*\*\*\* --notify \*\*\*\* --run-dir /);
    expect(JSON.stringify(summary)).not.toContain('s3cr3t');
    expect(JSON.stringify(summary)).not.toContain(TEST_KEY);
    const started = Date.parse(summary.startedAt as string);
    const finished = Date.parse(summary.finishedAt as string);
    expect(finished).toBeGreaterThanOrEqual(started);
    expect(finished - started).toBeGreaterThanOrEqual((summary.durationMs as number) - 5);
  });
});
