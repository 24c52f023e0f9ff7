import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseRateLimit, serveSandbox, startSandbox, type SandboxFaults } from '../src/sandbox/index.js';
import { call, withSandbox } from './sandbox-helpers.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('sandbox: persistence', () => {
  it('keeps data and id sequences across a restart with a data file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sandbox-'));
    dirs.push(dir);
    const dataFile = join(dir, 'nested', 'data.json');
    const keys = ['k1'];
    await withSandbox({ dataFile, keys }, async (sb) => {
      expect((await call(sb, 'POST', '/categories', { name: 'Kept' })).status).toBe(201);
      expect((await call(sb, 'POST', '/products', { sku: 'KEEP-1', name: 'Kept' })).status).toBe(201);
    });
    expect(JSON.parse(readFileSync(dataFile, 'utf8')).products[0].sku).toBe('KEEP-1');
    await withSandbox({ dataFile, keys }, async (sb) => {
      expect(sb.state().categories.map((c) => c.name)).toEqual(['Kept']);
      const found = await call(sb, 'GET', '/products/sku/KEEP-1');
      expect(found.status).toBe(200);
      const next = (await call(sb, 'POST', '/products', { sku: 'KEEP-2', name: 'Next' })).body;
      expect(next.product.id).toBe(2);
    });
  });

  it('refuses to start on a corrupt data file instead of wiping it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sandbox-'));
    dirs.push(dir);
    const dataFile = join(dir, 'data.json');
    writeFileSync(dataFile, '{not json');
    await expect(startSandbox({ dataFile })).rejects.toThrow(/not valid JSON/);
  });
});

describe('sandbox: rate limit and 429 bursts', () => {
  it('answers 429 with Retry-After beyond the sliding window, then admits again', async () => {
    let now = 1_000_000;
    await withSandbox({ now: () => now, faults: { rateLimit: { limit: 2, seconds: 10 } } }, async (sb) => {
      expect((await call(sb, 'GET', '/ping')).status).toBe(200);
      now += 4000;
      expect((await call(sb, 'GET', '/categories')).status).toBe(200);
      const limited = await call(sb, 'GET', '/ping');
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBe('6');
      now += 6000;
      expect((await call(sb, 'GET', '/ping')).status).toBe(200);
      expect(sb.requests.map((r) => r.fault ?? r.status)).toEqual([200, 200, 'rate-limit', 200]);
    });
  });

  it('sends bursts of 429 with Retry-After: 1 until the faults change', async () => {
    await withSandbox({ seed: 7, faults: { burst429Rate: 1, burstLength: 3 } }, async (sb) => {
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await call(sb, 'GET', '/ping')).status);
      expect(statuses).toEqual([429, 429, 429]);
      sb.setFaults({});
      expect((await call(sb, 'GET', '/ping')).status).toBe(200);
    });
  });

  it('parses n/s rate limits and rejects anything else with a plain message', () => {
    expect(parseRateLimit('5/1')).toEqual({ limit: 5, seconds: 1 });
    expect(parseRateLimit(' 500 / 60 ')).toEqual({ limit: 500, seconds: 60 });
    for (const bad of ['', '5', '0/1', '5/0', 'a/b', '-1/2']) {
      expect(() => parseRateLimit(bad)).toThrow(/Invalid rate limit/);
    }
  });
});

describe('sandbox: injected faults', () => {
  async function faultTrail(seed: number, faults: SandboxFaults): Promise<string[]> {
    return withSandbox({ seed, faults }, async (sb) => {
      for (let i = 0; i < 20; i++) await call(sb, 'POST', '/categories', { name: `C${i}` });
      return sb.requests.map((r) => `${r.status}:${r.fault ?? ''}:${r.applied}`);
    });
  }

  it('replays the same fault sequence for the same seed', async () => {
    const faults = { errorRate: 0.3, errorAfterApplyRate: 0.3 };
    const a = await faultTrail(42, faults);
    expect(await faultTrail(42, faults)).toEqual(a);
    expect(a.some((x) => x.includes(':error:'))).toBe(true);
    expect(a.some((x) => x.includes('error-after-apply'))).toBe(true);
    expect(await faultTrail(43, faults)).not.toEqual(a);
  });

  it('applies the write before dropping the connection', async () => {
    await withSandbox({ faults: { dropAfterApplyRate: 1 } }, async (sb) => {
      await expect(call(sb, 'POST', '/categories', { name: 'Dropped' })).rejects.toThrow();
      expect(sb.state().categories.map((c) => c.name)).toEqual(['Dropped']);
      expect(sb.requests[0]).toMatchObject({ method: 'POST', status: 0, applied: true, fault: 'drop-after-apply' });
      expect((await call(sb, 'GET', '/categories')).status).toBe(200);
    });
  });

  it('applies the write and still answers 500 with error-after-apply', async () => {
    await withSandbox({ faults: { errorAfterApplyRate: 1 } }, async (sb) => {
      expect((await call(sb, 'POST', '/products', { sku: 'E1', name: 'e' })).status).toBe(500);
      expect(sb.state().products.map((p) => p.sku)).toEqual(['E1']);
      expect((await call(sb, 'GET', '/products/sku/E1')).status).toBe(200);
    });
  });

  it('answers 5xx before applying anything with errorRate', async () => {
    await withSandbox({ seed: 3, faults: { errorRate: 1 } }, async (sb) => {
      const statuses = new Set<number>();
      for (let i = 0; i < 12; i++) {
        const r = await call(sb, 'POST', '/categories', { name: 'never' });
        statuses.add(r.status);
        // A 502 comes from the proxy in front of the API: HTML, not JSON.
        if (r.status === 502) expect(r.headers.get('content-type')).toMatch(/^text\/html/);
      }
      expect([...statuses].sort()).toEqual([500, 502, 503]);
      expect(sb.state().categories).toEqual([]);
    });
  });

  it('holds a hung request open until the client gives up, without applying it', async () => {
    await withSandbox({ faults: { hangRate: 1 } }, async (sb) => {
      await expect(call(sb, 'POST', '/categories', { name: 'hung' }, { signal: AbortSignal.timeout(150) })).rejects.toThrow();
      expect(sb.state().categories).toEqual([]);
      expect(sb.requests[0]).toMatchObject({ status: 0, applied: false, fault: 'hang' });
      expect((await call(sb, 'GET', '/ping')).status).toBe(200);
    });
  });

  it('ends hung requests on close', async () => {
    const sb = await startSandbox({ faults: { hangRate: 1 } });
    const pending = call(sb, 'GET', '/categories').then(
      () => 'answered',
      () => 'ended',
    );
    while (sb.requests.length === 0) await new Promise((r) => setTimeout(r, 5));
    await sb.close();
    expect(await pending).toBe('ended');
  });

  it('adds latency before answering', async () => {
    await withSandbox({ faults: { latencyMs: 60 } }, async (sb) => {
      const t0 = performance.now();
      await call(sb, 'GET', '/ping');
      expect(performance.now() - t0).toBeGreaterThanOrEqual(55);
    });
  });
});

describe('sandbox: startup', () => {
  it('refuses a host that is not loopback', async () => {
    await expect(startSandbox({ host: '0.0.0.0' })).rejects.toThrow(/loopback/);
  });

  it('logs the URL, the key and a ready-to-paste command', async () => {
    const lines: string[] = [];
    const sb = await serveSandbox({ faults: { latencyMs: 5 } }, (l) => lines.push(l));
    try {
      const text = lines.join('\n');
      expect(text).toContain(sb.url);
      expect(text).toContain(`JASPER_API_URL=${sb.url} JASPER_API_KEY=${sb.keys[0]} jasper-push ping`);
      expect(text).toMatch(/latency 5 ms/);
    } finally {
      await sb.close();
    }
  });
});
