// Runs that survive faults: injected 429/5xx/drops/hangs, kill -9, a key revoked mid-run, a tenant
// going down, Ctrl-C. Every case ends with exactly the catalog in the sandbox.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { writeCatalog } from '../bench/generate-catalog.mjs';
import { lockPath } from '../src/run/tenant-lock.js';
import { mulberry32, randomSeed } from '../src/sandbox/prng.js';
import type { FaultName } from '../src/sandbox/types.js';
import { type BackgroundJob, inBackground } from './helpers/background.js';
import { collect, FIXTURES, runCli, scratch } from './helpers/cli.js';
import { oracleProblems } from './helpers/oracle/index.js';
import { latestRun, readJsonl, startTenant, type Tenant, TEST_KEY } from './helpers/tenant.js';

let tenant: Tenant | undefined;
let catalogFile: string;
/** The generated catalog's 48 rows (8 parents with 2 variants each, 24 products without) in batches of 10 products: faults and stops land between and inside batches. */
const BATCHED = { env: { JASPER_PUSH_BATCH_SIZE: '10' } };
const work = scratch('jp-faults-');
const DEMO_PRODUCTS = path.join(FIXTURES, 'demo/products.csv');

/**
 * The soak: a push under every kind of fault, then a rerun that meets them too. It spends most of
 * its time waiting (each hang is a 1 s timeout, each 429 burst a 1 s pause of the whole queue), so
 * it runs in the background beside this file's other tests, from beforeAll, and its own test (the
 * file's last) waits for it and checks what it saw.
 */
const SOAK_FAULTS = new Set<FaultName>(['burst-429', 'error', 'error-after-apply', 'drop-after-apply', 'hang']);

/** One soak on a fresh tenant whose faults follow `seed`: the push, its rerun, and what each left. */
async function soakOnce(seed: number) {
  // At 1–1.5 % hangs and bursts come a few times each (2–5 hangs and 2–7 bursts of 3 in three runs
  // alone, 6–13 s) and the soak takes seconds, not a minute.
  // The bench's soak (npm run bench -- soak) runs denser faults over a bigger catalog.
  const t = await startTenant(
    { errorRate: 0.025, errorAfterApplyRate: 0.025, dropAfterApplyRate: 0.02, hangRate: 0.01, burst429Rate: 0.015, burstLength: 3 },
    seed,
  );
  try {
    const underFaults = ['--timeout', '1', '--max-retries', '8'];
    const first = await t.push(['products', catalogFile, ...underFaults], { timeoutMs: 120_000, ...BATCHED });
    const afterFirst = oracleProblems(t.sandbox.state(), [['products', [catalogFile]]]);
    // The faults go on: the rerun's reads meet them too (a hang would wait out the default 30 s timeout).
    const again = first.code === 0 ? await t.push(['products', catalogFile, ...underFaults]) : undefined;
    const afterAgain = oracleProblems(t.sandbox.state(), [['products', [catalogFile]]]);
    const faults = new Set(t.sandbox.requests.flatMap((request) => (request.fault ? [request.fault] : [])));
    return { seed, first, faults, afterFirst, again, afterAgain };
  } finally {
    await t.close();
  }
}

/**
 * Soaks until one has met every kind of fault, three at most. The seed fixes the faults call for
 * call, but which call is which follows the order the calls arrive in, which concurrency varies: a
 * soak can miss a kind (one CI run met no 429 burst). Every soak's outcome is checked, not only
 * the last one's.
 */
async function soak() {
  const soaks: Awaited<ReturnType<typeof soakOnce>>[] = [];
  for (const seed of [20261126, 20261127, 20261128]) {
    const outcome = await soakOnce(seed);
    soaks.push(outcome);
    if ([...SOAK_FAULTS].every((fault) => outcome.faults.has(fault))) break;
  }
  return soaks;
}
let soaking: BackgroundJob<Awaited<ReturnType<typeof soak>>>;
const SOAK_TEST = 'soak: 429 bursts, 5xx before and after applying, dropped connections and hangs end in exactly the catalog';

/**
 * The 429 test's push: the sandbox allows 10 calls in any second, so the demo's first load (118
 * calls, 10 at a time) meets 429s on any machine that runs it at all (60 a second went unmet once,
 * when a loaded CI machine ran the push at about 30), and waits out the pauses they start (about
 * 15 s, little CPU). It runs in the background as the soak does; its test checks what it left.
 */
async function rateLimitedPush() {
  const t = await startTenant({ rateLimit: { limit: 10, seconds: 1 } });
  try {
    const result = await t.push(['products', DEMO_PRODUCTS, '--max-retries', '8']);
    return {
      result,
      saw429: t.sandbox.requests.some((request) => request.status === 429),
      problems: oracleProblems(t.sandbox.state(), [['products', [DEMO_PRODUCTS]]]),
    };
  } finally {
    await t.close();
  }
}
let rateLimited: BackgroundJob<Awaited<ReturnType<typeof rateLimitedPush>>>;
const RATE_LIMITED_TEST = 'slows the whole queue on 429s and still finishes with nothing lost or doubled';

beforeAll(({}, file) => {
  catalogFile = path.join(work.dir, 'generated.csv');
  writeCatalog(catalogFile, { products: 48, variants: 2, seed: 7 });
  soaking = inBackground(file, SOAK_TEST, soak);
  rateLimited = inBackground(file, RATE_LIMITED_TEST, rateLimitedPush);
  return async () => {
    await rateLimited.settled();
    await soaking.settled();
    work.cleanup();
  };
});

afterEach(async () => {
  await tenant?.close();
  tenant = undefined;
});

function expectExactCatalog(t: Tenant): void {
  expect(oracleProblems(t.sandbox.state(), [['products', [catalogFile]]])).toEqual([]);
}

/** Resolves once the sandbox has applied `count` writes since it started. */
function afterWrites(t: Tenant, count: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setInterval(() => {
      if (t.sandbox.requests.filter((request) => request.applied).length >= count) {
        clearInterval(timer);
        resolve();
      }
    }, 2);
  });
}

/** Resolves once the sandbox has seen `count` more requests than now. */
function afterRequests(t: Tenant, count: number): Promise<void> {
  const target = t.sandbox.requests.length + count;
  return new Promise((resolve) => {
    const timer = setInterval(() => {
      if (t.sandbox.requests.length >= target) {
        clearInterval(timer);
        resolve();
      }
    }, 5);
  });
}

describe('faults', () => {
  it('resumes after kill -9 at seeded moments spread over the whole run, each one reached, without duplicating or losing anything', async () => {
    tenant = await startTenant({ latencyMs: 4 });
    // The plan measures the run: a dry run (its own run folder and cache) counts the writes the kills are spread over.
    const measure = path.join(tenant.dir, 'measure');
    const plan = await runCli(['push', 'products', catalogFile, '--dry-run', '--json', '--run-dir', measure], {
      env: { ...tenant.env, ...BATCHED.env, JASPER_PUSH_CONFIG_DIR: measure },
    });
    expect(plan.code, plan.stderr).toBe(0);
    const writes = JSON.parse(plan.stdout).plannedWrites as number;

    const seed = Number(process.env.JASPER_PUSH_KILL_SEED ?? randomSeed());
    const random = mulberry32(seed);
    // One kill in each third of the writes, between 5 % and 90 %: the run cannot end before a kill point.
    const kills = [0, 1, 2].map((third) => Math.floor(writes * (0.05 + (0.85 * (third + random())) / 3)));
    console.log(`kill -9 after ${kills.join(', ')} of ${writes} writes (seed ${seed}; JASPER_PUSH_KILL_SEED=${seed} replays it)`);

    for (const [index, at] of kills.entries()) {
      const child = tenant.spawnPush(['products', catalogFile, ...(index > 0 ? ['--resume'] : [])], BATCHED);
      const done = collect(child);
      await Promise.race([afterWrites(tenant, at), done]);
      child.kill('SIGKILL');
      const killed = await done;
      expect(killed.signal, `kill ${index + 1} (after ${at} writes, seed ${seed}): the push ended by itself\n${killed.stdout}${killed.stderr}`).toBe('SIGKILL');
    }
    expect(readJsonl(path.join(latestRun(tenant.runDir), 'journal.jsonl')).length).toBeGreaterThan(0);
    const finish = await tenant.push(['products', catalogFile, '--resume'], BATCHED);
    expect(finish.code, finish.stdout + finish.stderr).toBe(0);
    expect(fs.readdirSync(tenant.runDir)).toHaveLength(1);
    expectExactCatalog(tenant);
  }, 120_000);

  it('a key revoked mid-run stops at once with exit 3, and --resume completes the run', async () => {
    tenant = await startTenant({ latencyMs: 2 });
    const child = tenant.spawnPush(['products', catalogFile], BATCHED);
    const done = collect(child);
    await afterRequests(tenant, 60);
    tenant.sandbox.revokeKey(TEST_KEY);
    const stopped = await done;
    expect(stopped.code, stopped.stdout + stopped.stderr).toBe(3);
    expect(stopped.stdout).toMatch(/refused the key mid-run/);
    const unauthorized = tenant.sandbox.requests.filter((request) => request.status === 401).length;
    expect(unauthorized).toBeLessThanOrEqual(10); // in flight when it happened, no more

    tenant.sandbox.addKey(TEST_KEY);
    const resumed = await tenant.push(['products', catalogFile, '--resume']);
    expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
    expectExactCatalog(tenant);
  });

  it('a tenant that keeps failing stops the run with exit 75 instead of failing every row; --resume completes it', async () => {
    tenant = await startTenant({ latencyMs: 2 });
    const child = tenant.spawnPush(['products', catalogFile, '--max-retries', '1'], BATCHED);
    const done = collect(child);
    await afterRequests(tenant, 60);
    tenant.sandbox.setFaults({ errorRate: 1 });
    const stopped = await done;
    expect(stopped.code, stopped.stdout + stopped.stderr).toBe(75);
    expect(stopped.stdout).toMatch(/tenant kept failing/);
    const summary = JSON.parse(fs.readFileSync(path.join(latestRun(tenant.runDir), 'summary.json'), 'utf8'));
    expect(summary.stopped.reason).toBe('tenant-down');

    tenant.sandbox.setFaults({});
    const resumed = await tenant.push(['products', catalogFile, '--resume']);
    expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
    expectExactCatalog(tenant);
  });

  it('Ctrl-C lets calls in flight finish, writes the run files, exits 130, and --resume completes the run', async () => {
    tenant = await startTenant({ latencyMs: 5 });
    const child = tenant.spawnPush(['products', catalogFile], BATCHED);
    const done = collect(child);
    await afterRequests(tenant, 80);
    child.kill('SIGINT');
    const stopped = await done;
    expect(stopped.code, stopped.stdout + stopped.stderr).toBe(130);
    const run = latestRun(tenant.runDir);
    for (const file of ['journal.jsonl', 'results.csv', 'summary.json', 'failures.csv']) expect(fs.existsSync(path.join(run, file)), file).toBe(true);
    expect(fs.readFileSync(path.join(run, 'failures.csv'), 'utf8')).toContain('not attempted');
    // Nothing that was sent was left unanswered: every request got its answer before exit.
    expect(tenant.sandbox.requests.every((request) => request.status !== 0)).toBe(true);

    const resumed = await tenant.push(['products', catalogFile, '--resume']);
    expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
    expectExactCatalog(tenant);
  });

  it('one push per tenant: a second exits 75 naming the holder, --wait waits its turn, a dead holder is taken over', async () => {
    tenant = await startTenant({ latencyMs: 10 });
    const first = tenant.spawnPush(['products', catalogFile]);
    const firstDone = collect(first);
    await afterRequests(tenant, 20);
    const second = await tenant.push(['products', catalogFile]);
    expect(second.code, second.stdout + second.stderr).toBe(75);
    expect(second.stderr).toMatch(new RegExp(`Another push to .* is running: pid ${first.pid} on `));
    const waiting = await tenant.push(['products', catalogFile, '--wait']);
    expect((await firstDone).code).toBe(0);
    expect(waiting.code, waiting.stdout + waiting.stderr).toBe(0);
    expectExactCatalog(tenant);

    // A lock left by a process that no longer exists does not block the next run.
    const lock = lockPath(tenant.env.JASPER_PUSH_CONFIG_DIR!, tenant.sandbox.url);
    fs.writeFileSync(
      lock,
      JSON.stringify({ pid: 2 ** 22 + 4321, host: os.hostname(), startedAt: '2026-01-01T00:00:00Z', runId: 'dead', apiUrl: tenant.sandbox.url }),
    );
    const after = await tenant.push(['products', catalogFile]);
    expect(after.code, after.stdout + after.stderr).toBe(0);
  });

  it(RATE_LIMITED_TEST, async () => {
    const { result, saw429, problems } = await rateLimited.result;
    expect(result.code, result.stderr + result.stdout).toBe(0);
    expect(saw429).toBe(true);
    expect(result.stdout).toMatch(/answered 429/);
    expect(problems).toEqual([]);
  });

  it(SOAK_TEST, async () => {
    const soaks = await soaking.result;
    for (const { seed, first, afterFirst, again, afterAgain } of soaks) {
      expect(first.code, `seed ${seed}: ${first.stdout}${first.stderr}`).toBe(0);
      expect(afterFirst, `seed ${seed}`).toEqual([]);
      expect(again?.code, `seed ${seed}: ${again?.stdout}${again?.stderr}`).toBe(0);
      expect(afterAgain, `seed ${seed}`).toEqual([]);
    }
    expect(soaks.at(-1)!.faults).toEqual(SOAK_FAULTS);
  });
});
