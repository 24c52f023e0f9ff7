// The run layer's pieces with fakes: queue arithmetic, retries, idempotent creates, journal, cache, lock.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { LockedError } from '../src/errors.js';
import { NetworkError, RateLimitedError, ServerError, TimeoutError, ValidationError } from '../src/jasper/errors.js';
import type { ApiRequest, Send } from '../src/jasper/http.js';
import { BACKOFF_CAP_MS, backoffDelay } from '../src/run/backoff.js';
import { CallQueue, windowWithMargin } from '../src/run/call-queue.js';
import { ChangeCache } from '../src/run/change-cache.js';
import { tenantId } from '../src/files/tenant-id.js';
import { DISABLED_HASH } from '../src/plan/keys.js';
import { BatchRunner } from '../src/run/batch-runner.js';
import { Executor } from '../src/run/executor.js';
import { Journal, readJournal } from '../src/run/journal.js';
import { JasperClient } from '../src/jasper/client.js';
import type { PlannedBatch } from '../src/plan/batch-planner.js';
import type { Task } from '../src/plan/types.js';
import { createOnce, performTask } from '../src/run/perform.js';
import { RowLedger } from '../src/run/row-outcomes.js';
import { assertWithinMaxDisable, defaultFeedName, parsePercent, productsToDisable } from '../src/run/feed-lifecycle.js';
import { InputError } from '../src/errors.js';
import { acquireTenantLock, lockPath } from '../src/run/tenant-lock.js';
import { maxInWindow } from './helpers/tenant.js';
import { tempDir } from './helpers/temp-dir.js';

const noSleep = async () => undefined;
const get: ApiRequest = { method: 'GET', path: 'ping' };
const post: ApiRequest = { method: 'POST', path: 'products', body: {} };
const context = (request: ApiRequest) => ({ method: request.method, path: request.path });

describe('call queue', () => {
  it('never starts more than the limit in any sliding window, and never more than the concurrency at once', async () => {
    const starts: number[] = [];
    let inFlight = 0;
    let peak = 0;
    const queue = new CallQueue(
      async () => {
        starts.push(performance.now());
        inFlight++;
        peak = Math.max(peak, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inFlight--;
        return {};
      },
      { limit: 5, windowMs: 100, concurrency: 3, maxRetries: 0 },
    );
    await Promise.all(Array.from({ length: 22 }, () => queue.send(get)));
    expect(queue.calls).toBe(22);
    expect(peak).toBeLessThanOrEqual(3);
    expect(maxInWindow(starts, 100)).toBeLessThanOrEqual(5);
    // The margin that absorbs arrival jitter: the next window opens a little late, never early.
    expect(windowWithMargin(100)).toBe(180);
    expect(windowWithMargin(3_000)).toBe(3_080);
    expect(windowWithMargin(5_000)).toBe(5_100);
    expect(windowWithMargin(60_000)).toBe(61_000);
    expect(windowWithMargin(600_000)).toBe(601_000);
  });

  it('retries temporary failures, each attempt counted, up to --max-retries', async () => {
    let attempts = 0;
    const queue = new CallQueue(
      async (request) => {
        attempts++;
        if (attempts < 3) throw new ServerError('503', context(request), 503);
        return { ok: true };
      },
      { limit: 100, windowMs: 1000, concurrency: 2, maxRetries: 5, sleep: noSleep },
    );
    await expect(queue.send(get)).resolves.toEqual({ ok: true });
    expect(queue.calls).toBe(3);

    const failing = new CallQueue(async (request) => Promise.reject(new ServerError('500', context(request), 500)), {
      limit: 100,
      windowMs: 1000,
      concurrency: 2,
      maxRetries: 2,
      sleep: noSleep,
    });
    await expect(failing.send(get)).rejects.toMatchObject({ attempts: 3 });
  });

  it('does not retry validation errors, nor a POST whose outcome is unknown', async () => {
    let calls = 0;
    const refuse = new CallQueue(
      async (request) => {
        calls++;
        throw new ValidationError('sku taken', context(request), 422);
      },
      { limit: 100, windowMs: 1000, concurrency: 2, maxRetries: 5, sleep: noSleep },
    );
    await expect(refuse.send(post)).rejects.toBeInstanceOf(ValidationError);
    expect(calls).toBe(1);

    calls = 0;
    const reset = new CallQueue(
      async (request) => {
        calls++;
        throw new NetworkError('reset', context(request), 'reset', 'ECONNRESET');
      },
      { limit: 100, windowMs: 1000, concurrency: 2, maxRetries: 5, sleep: noSleep },
    );
    await expect(reset.send(post)).rejects.toBeInstanceOf(NetworkError);
    expect(calls).toBe(1);
  });

  it('a 429 pauses the whole queue for Retry-After and halves the concurrency', async () => {
    let first = true;
    const starts: { label: string; at: number }[] = [];
    const queue = new CallQueue(
      async (request) => {
        starts.push({ label: request.path, at: performance.now() });
        if (first) {
          first = false;
          throw new RateLimitedError('429', context(request), 80);
        }
        return {};
      },
      { limit: 100, windowMs: 1000, concurrency: 8, maxRetries: 3 },
    );
    const started = performance.now();
    const limited = queue.send({ method: 'GET', path: 'limited' });
    await new Promise((resolve) => setTimeout(resolve, 10));
    // Calls sent after the 429 wait for Retry-After too, not only the call that got it.
    const others = Array.from({ length: 5 }, (_, index) => queue.send({ method: 'GET', path: `other-${index}` }));
    await Promise.all([limited, ...others]);
    expect(queue.rateLimited).toBe(1);
    expect(queue.queue.concurrency).toBe(4);
    const afterThe429 = starts.slice(1);
    expect(afterThe429).toHaveLength(6);
    for (const start of afterThe429) expect(start.at - started, start.label).toBeGreaterThanOrEqual(75);
  });
});

describe('call queue, on an injected clock', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('uses the budget to the last call: each window full, the next one opening as the margin allows', async () => {
    vi.useFakeTimers();
    const starts: number[] = [];
    const queue = new CallQueue(
      async () => {
        starts.push(Date.now());
        await new Promise((resolve) => setTimeout(resolve, 5));
        return {};
      },
      { limit: 5, windowMs: 100, concurrency: 3, maxRetries: 0 },
    );
    const all = Promise.all(Array.from({ length: 22 }, () => queue.send(get)));
    await vi.advanceTimersByTimeAsync(2_000);
    await all;
    expect(starts).toHaveLength(22);
    expect(maxInWindow(starts, windowWithMargin(100))).toBe(5);
    // 22 calls at 5 a window: the last starts four windows after the first, not a moment later.
    expect(starts.at(-1)! - starts[0]!).toBe(4 * windowWithMargin(100));
  });

  it('loads the HTTP client before the first call takes its place in the window', async () => {
    vi.useFakeTimers();
    // As the real sender: the first call loads the client (60 ms here), then goes out.
    let loading: Promise<void> | undefined;
    const load = () => (loading ??= new Promise<void>((resolve) => setTimeout(resolve, 60)));
    const sent: number[] = [];
    const send: Send = Object.assign(
      async () => {
        await load();
        sent.push(Date.now());
        return {};
      },
      { ready: load },
    );
    const queue = new CallQueue(send, { limit: 2, windowMs: 100, concurrency: 2, maxRetries: 0 });
    const all = Promise.all(Array.from({ length: 5 }, () => queue.send(get)));
    await vi.advanceTimersByTimeAsync(2_000);
    await all;
    // Counted from before the load, the first two would leave 60 ms into their window, and the third
    // would follow them by less than a window.
    expect(sent).toHaveLength(5);
    expect(maxInWindow(sent, windowWithMargin(100))).toBe(2);
    expect(sent[2]! - sent[0]!).toBe(windowWithMargin(100));
  });

  it('a call retried after a 429 goes to the front of the queue', async () => {
    vi.useFakeTimers();
    const order: string[] = [];
    let limited = true;
    const queue = new CallQueue(
      async (request) => {
        order.push(request.path);
        if (request.path === 'limited' && limited) {
          limited = false;
          throw new RateLimitedError('429', context(request), 100);
        }
        return {};
      },
      { limit: 100, windowMs: 1000, concurrency: 1, maxRetries: 3 },
    );
    const calls = ['limited', 'a', 'b', 'c'].map((path) => queue.send({ method: 'GET', path }));
    await vi.advanceTimersByTimeAsync(500);
    await Promise.all(calls);
    expect(order).toEqual(['limited', 'limited', 'a', 'b', 'c']);
  });
});

describe('executor: a batch started while the one before it runs', () => {
  const productTask: Task = {
    id: 'product:P',
    entity: 'product',
    key: 'P',
    action: 'create',
    payload: { entity: 'product', sku: 'P', body: { name: 'P' } },
    deps: [],
    rows: [],
    hash: 'h',
  };
  const linkTask: Task = {
    id: 'relatedLink:A|t|P',
    entity: 'relatedLink',
    key: 'A|t|P',
    action: 'create',
    payload: {
      entity: 'relatedLink',
      product: { entity: 'product', key: 'A' },
      related: { entity: 'product', key: 'P' },
      relationType: { entity: 'relationType', key: 't' },
    },
    deps: ['product:A', 'product:P', 'relationType:t'],
    rows: [],
    hash: 'created',
  };

  function setup(create: Promise<{ id: number }>) {
    const links: number[][] = [];
    const client = {
      createProduct: () => create,
      createRelation: async (...ids: number[]) => void links.push(ids),
    } as unknown as JasperClient;
    const queue = new CallQueue(async () => ({}), { limit: 100, windowMs: 1000, concurrency: 2, maxRetries: 0 });
    const executor = new Executor({ queue, client, journal: new Journal(path.join(tempDir(), 'journal.jsonl')), maxRetries: 0, sleep: noSleep });
    const first = executor.run({ tasks: [productTask], outcomes: [], known: {}, notes: [] });
    const second = executor.run({ tasks: [linkTask], outcomes: [], known: { 'product:A': 1, 'relationType:t': 9 }, notes: [] });
    return { links, first, second };
  }

  it('waits for the pending task it references, then uses the id it created', async () => {
    let created!: (value: { id: number }) => void;
    const { links, first, second } = setup(new Promise((resolve) => (created = resolve)));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(links).toEqual([]);
    created({ id: 77 });
    expect((await first).results.get('product:P')).toMatchObject({ outcome: 'created', remoteId: 77 });
    expect((await second).results.get(linkTask.id)).toMatchObject({ outcome: 'created' });
    expect(links).toEqual([[1, 77, 9]]);
  });

  it('is skipped when that task fails, saying why as the planner would', async () => {
    const { links, second } = setup(Promise.reject(new ValidationError('name is invalid', { method: 'POST', path: 'products' }, 422)));
    expect((await second).results.get(linkTask.id)).toMatchObject({ outcome: 'skipped', error: 'depends on product "P": failed: name is invalid' });
    expect(links).toEqual([]);
  });
});

describe('batch runner', () => {
  const create = (sku: string, deps: string[] = []): Task => ({
    id: `product:${sku}`,
    entity: 'product',
    key: sku,
    action: 'create',
    payload: { entity: 'product', sku, body: { name: sku } },
    deps,
    rows: [],
    hash: 'h',
  });
  const batch = (tasks: Task[], settled: string[]): PlannedBatch => ({
    plan: { tasks, outcomes: [], known: {}, notes: [] },
    rows: [],
    more: true,
    settle: (results) => void settled.push(...results.keys()),
  });

  it('starts the next batch while the last one finishes, so the queue does not drain between them', async () => {
    const started: string[] = [];
    let id = 1;
    const queue = new CallQueue(
      async (request) => {
        started.push(String((request.body as { name: string }).name));
        await new Promise((resolve) => setTimeout(resolve, 5));
        return {};
      },
      { limit: 100, windowMs: 1000, concurrency: 4, maxRetries: 0 },
    );
    const client = {
      createProduct: async (body: unknown) => (await queue.send({ method: 'POST', path: 'products', body }), { id: id++ }),
    } as unknown as JasperClient;
    const dir = tempDir();
    const journal = new Journal(path.join(dir, 'journal.jsonl'));
    journal.open();
    const cache = ChangeCache.load(dir, 'http://127.0.0.1:1');
    const runner = new BatchRunner({ writer: { queue, client, journal, cache, maxRetries: 0 }, events: {}, warnings: [], ledgerFolder: dir });
    const settled: string[] = [];
    try {
      // The first batch ends in a chain of three (a tail the queue cannot fill on its own); the second is ready at once.
      await runner.submit(batch([create('P1'), create('P2', ['product:P1']), create('P3', ['product:P2'])], settled));
      await runner.submit(batch([create('Q1'), create('Q2')], settled));
      expect(settled).toEqual(['product:P1', 'product:P2', 'product:P3']);
      await runner.drain();
    } finally {
      journal.close();
      cache.close();
      runner.ledger.close();
    }
    expect(started.indexOf('Q1')).toBeLessThan(started.indexOf('P3'));
    expect(settled.slice(3)).toEqual(['product:Q1', 'product:Q2']);
    expect(runner.entities.product).toMatchObject({ created: 5 });
  });
});

describe('backoff', () => {
  it('grows exponentially with jitter and is capped', () => {
    expect(backoffDelay(1, () => 0)).toBe(250);
    expect(backoffDelay(1, () => 1)).toBe(500);
    expect(backoffDelay(3, () => 1)).toBe(2000);
    expect(backoffDelay(30, () => 1)).toBe(BACKOFF_CAP_MS);
  });
});

describe('idempotent create', () => {
  const unknown = () => new ServerError('502', { method: 'POST', path: 'products' }, 502);

  it('looks the entity up after an unknown outcome and does not create it again when it exists', async () => {
    let creates = 0;
    const result = await createOnce(
      async () => {
        creates++;
        throw unknown();
      },
      async () => 42,
      5,
      noSleep,
    );
    expect(result).toEqual({ id: 42, recovered: true });
    expect(creates).toBe(1);
  });

  it('creates again only when the lookup shows it is still missing', async () => {
    let creates = 0;
    const result = await createOnce(
      async () => {
        creates++;
        if (creates === 1) throw unknown();
        return 7;
      },
      async () => undefined,
      5,
      noSleep,
    );
    expect(result).toEqual({ id: 7, recovered: false });
    expect(creates).toBe(2);
  });
});

describe('product create', () => {
  it('treats "sku already taken" as the product existing: looked up, not failed, not duplicated', async () => {
    const client = {
      createProduct: async () => {
        throw new ValidationError('The sku has already been taken.', { method: 'POST', path: 'products' }, 422, { sku: ['The sku has already been taken.'] });
      },
      findProductBySku: async (sku: string) => ({ id: 9, sku }),
    } as unknown as JasperClient;
    const task: Task = {
      id: 'product:A',
      entity: 'product',
      key: 'A',
      action: 'create',
      payload: { entity: 'product', sku: 'A', body: { name: 'A' } },
      deps: [],
      rows: [],
      hash: 'h',
    };
    await expect(performTask(task, { client, resolve: () => 0, maxRetries: 0 })).resolves.toMatchObject({ outcome: 'created', remoteId: 9 });
  });
});

describe('option set member', () => {
  const task: Task = {
    id: 'optionSetOption:color / size|size',
    entity: 'optionSetOption',
    key: 'color / size|size',
    action: 'create',
    payload: { entity: 'optionSetOption', optionSet: { entity: 'optionSet', key: 'color / size' }, option: { entity: 'option', key: 'size' }, sortOrder: 2 },
    deps: [],
    rows: [],
    hash: 'h',
  };

  /** A set holding option 1, whose first member POST fails as `fault` says, through the real client and call queue. */
  async function add(fault: 'hang' | 'error-after-apply') {
    const members = [1];
    const posts: number[] = [];
    let faulted = false;
    const raw = async (request: ApiRequest) => {
      if (request.method === 'GET') return { option_set_options: members.map((option_id) => ({ id: option_id, option_id, option_set_id: 5 })) };
      const { option_id } = request.body as { option_id: number };
      posts.push(option_id);
      if (!faulted && fault === 'hang') {
        faulted = true;
        throw new TimeoutError('no answer within the timeout', context(request));
      }
      members.push(option_id);
      if (!faulted && fault === 'error-after-apply') {
        faulted = true;
        throw new ServerError('500', context(request), 500);
      }
      return { option_set_options: [] };
    };
    const queue = new CallQueue(raw, { limit: 100, windowMs: 1000, concurrency: 2, maxRetries: 3, sleep: noSleep });
    const ids: Record<string, number> = { 'optionSet:color / size': 5, 'option:size': 2 };
    const result = await performTask(task, {
      client: new JasperClient(queue.send),
      resolve: (ref) => ids[`${ref.entity}:${ref.key}`]!,
      maxRetries: 3,
      sleep: noSleep,
    });
    return { result, members, posts };
  }

  it('is added again when its POST got no answer and the set still lacks it', async () => {
    const { result, members, posts } = await add('hang');
    expect(result).toMatchObject({ outcome: 'created', remoteId: 5 });
    expect(posts).toEqual([2, 2]);
    expect(members).toEqual([1, 2]);
  });

  it('is not sent again when its POST failed after the set took it', async () => {
    const { result, members, posts } = await add('error-after-apply');
    expect(result).toMatchObject({ outcome: 'created', remoteId: 5, recovered: true });
    expect(posts).toEqual([2]);
    expect(members).toEqual([1, 2]);
  });
});

describe('journal and change cache', () => {
  it('reads back every finished task and ignores a line torn by a kill', () => {
    const file = path.join(tempDir(), 'journal.jsonl');
    const journal = new Journal(file);
    journal.append({ task: 'product:A', entity: 'product', key: 'A', outcome: 'created', remoteId: 1, hash: 'h1' });
    journal.append({ task: 'price:A|US', entity: 'price', key: 'A|US', outcome: 'failed', error: 'no' });
    journal.close();
    fs.appendFileSync(file, '{"task":"product:B","ent');
    expect(readJournal(file).map((entry) => entry.task)).toEqual(['product:A', 'price:A|US']);

    // The resumed run's first entry is not glued onto the torn line, and it knows which lines are its own.
    const resumed = new Journal(file);
    resumed.append({ task: 'product:C', entity: 'product', key: 'C', outcome: 'created', remoteId: 3, hash: 'h3' });
    resumed.close();
    expect(readJournal(file).map((entry) => entry.task)).toEqual(['product:A', 'price:A|US', 'product:C']);
    expect(resumed.takeAppended().map((entry) => entry.task)).toEqual(['product:C']);
    // Each call hands over only what was appended since the last one.
    resumed.append({ task: 'product:D', entity: 'product', key: 'D', outcome: 'created', remoteId: 4, hash: 'h4' });
    expect(resumed.takeAppended().map((entry) => entry.task)).toEqual(['product:D']);
    expect(resumed.takeAppended()).toEqual([]);
    resumed.close();
  });

  it('learns only confirmed outcomes and survives a reload', () => {
    const dir = tempDir();
    const cache = ChangeCache.load(dir, 'https://a.example/api/v1');
    cache.apply([
      { task: 'product:A', outcome: 'created', remoteId: 1, hash: 'h1' },
      { task: 'product:B', outcome: 'failed' },
      { task: 'product:C', outcome: 'skipped' },
    ]);
    cache.close();
    const again = ChangeCache.load(dir, 'https://a.example/api/v1');
    expect(again.get('product:A')).toEqual({ id: 1, hash: 'h1' });
    expect(again.get('product:B')).toBeUndefined();
    expect(ChangeCache.load(dir, 'https://other.example/api/v1').size).toBe(0);
    expect(fs.statSync(again.file).mode & 0o777).toBe(0o600);
    again.close();
  });
});

describe('change cache (SQLite)', () => {
  const url = 'https://a.example/api/v1';

  it('round-trips many entries exactly, multi-byte keys included', () => {
    const dir = tempDir();
    const cache = ChangeCache.load(dir, url);
    const expected = new Map<string, { id?: number; hash?: string }>();
    const entries = [];
    for (let index = 0; index < 60_000; index++) {
      const task = `product:ÉTÉ-€-${index}`;
      const hash = index % 3 === 0 ? 'present' : index % 3 === 1 ? index.toString(16).padStart(16, '0') : undefined;
      const id = index % 5 === 0 ? undefined : index * 7;
      entries.push({ task, outcome: 'created' as const, ...(id === undefined ? {} : { remoteId: id }), ...(hash ? { hash } : {}) });
      expected.set(task, { id, hash });
    }
    cache.apply(entries);
    cache.close();
    const again = ChangeCache.load(dir, url);
    expect(again.size).toBe(expected.size);
    for (const [task, entry] of expected) expect(again.get(task)).toEqual(entry);
    again.close();
  });

  it('lookups of one turn of the event loop share a read transaction, ended before a write and on the next turn', async () => {
    const cache = ChangeCache.load(tempDir(), url);
    cache.apply([{ task: 'product:A', outcome: 'created', remoteId: 1, hash: 'h1' }]);
    // Another connection to the file, as a dry run in another process would hold.
    const other = new Database(cache.file);
    const entry = other.prepare('SELECT id, hash FROM entries WHERE task = ?');

    // Within a turn the lookups read one snapshot: a row written meanwhile is not seen until the next turn.
    expect(cache.get('product:A')).toEqual({ id: 1, hash: 'h1' });
    other.prepare('INSERT INTO entries (task, id, hash) VALUES (?, ?, ?)').run('product:C', 3, 'h3');
    expect(cache.get('product:C')).toBeUndefined();
    await nextTurn();
    expect(cache.get('product:C')).toEqual({ id: 3, hash: 'h3' });

    // A write in the same turn as lookups is committed when it returns: others see it at once.
    cache.apply([{ task: 'product:B', outcome: 'created', remoteId: 2, hash: 'h2' }]);
    expect(entry.get('product:B')).toEqual({ id: 2, hash: 'h2' });
    expect(cache.get('product:B')).toEqual({ id: 2, hash: 'h2' });
    cache.feeds.ran('nightly', 'run-1', '2026-12-03T00:00:00.000Z');
    expect(other.prepare('SELECT run_id AS runId FROM feed_runs WHERE feed = ?').get('nightly')).toEqual({ runId: 'run-1' });

    // Closed with lookups of this turn done: the next turn has nothing left to end.
    expect(cache.get('product:A')).toBeDefined();
    cache.close();
    await nextTurn();
    other.close();
  });

  it('keeps the cached id when a confirmed outcome carries none', () => {
    const cache = ChangeCache.load(tempDir(), url);
    cache.apply([{ task: 'product:A', outcome: 'created', remoteId: 4, hash: '0123456789abcdef' }]);
    cache.apply([{ task: 'product:A', outcome: 'updated', hash: 'fedcba9876543210' }]);
    expect(cache.get('product:A')).toEqual({ id: 4, hash: 'fedcba9876543210' });
    cache.close();
  });

  it('lists exactly the entries under a prefix, across pages, in key order', () => {
    const cache = ChangeCache.load(tempDir(), url);
    const links = Array.from({ length: 2_345 }, (_, index) => `relatedLink:A|up|S-${String(index).padStart(5, '0')}`);
    cache.apply(links.map((task, index) => ({ task, outcome: 'created' as const, remoteId: index + 1, hash: 'present' })));
    // Neighbours that share a shorter prefix or sort right after it must not be listed.
    cache.apply(
      ['relatedLink:A|upsell|S-1', 'relatedLink:AB|up|S-1', 'relatedLink:A|uq|S-1', 'product:A'].map((task) => ({
        task,
        outcome: 'created' as const,
        remoteId: 9,
        hash: 'present',
      })),
    );
    const under = [...cache.entriesUnder('relatedLink:A|up|')];
    expect(under.map(([task]) => task)).toEqual(links);
    expect(under[7]).toEqual([links[7], { id: 8, hash: 'present' }]);
    expect([...cache.entriesUnder('relatedLink:Z|')]).toEqual([]);
    expect([...cache.entriesUnder('relatedLink:A|')]).toHaveLength(2_345 + 2);
    cache.close();
  });

  it('migrates a version 1 cache file, then removes it', () => {
    const dir = tempDir();
    const legacy = path.join(dir, 'cache', `${tenantId(url)}.json`);
    fs.mkdirSync(path.dirname(legacy), { recursive: true });
    fs.writeFileSync(
      legacy,
      JSON.stringify({ version: 1, apiUrl: url, entries: { 'product:A': [3, '0123456789abcdef'], 'categoryAssignment:A|x': [0, 'present'] } }),
    );
    const cache = ChangeCache.load(dir, url);
    expect(cache.get('product:A')).toEqual({ id: 3, hash: '0123456789abcdef' });
    expect(cache.get('categoryAssignment:A|x')).toEqual({ id: 0, hash: 'present' });
    expect(fs.existsSync(legacy)).toBe(false);
    cache.close();
    expect(ChangeCache.load(dir, url).get('product:A')).toEqual({ id: 3, hash: '0123456789abcdef' });
  });

  it('migrates a version 2 (line) cache file, multi-byte keys across read chunks included', () => {
    const dir = tempDir();
    const legacy = path.join(dir, 'cache', `${tenantId(url)}.json`);
    fs.mkdirSync(path.dirname(legacy), { recursive: true });
    const lines = [JSON.stringify({ version: 2, apiUrl: url })];
    for (let index = 0; index < 40_000; index++) lines.push(JSON.stringify([`price:ÉTÉ-€-${index}|US`, index, index.toString(16).padStart(16, '0')]));
    lines.push(JSON.stringify(['attribute:colour', null, 'selectbox']));
    fs.writeFileSync(legacy, lines.join('\n') + '\n');
    expect(fs.statSync(legacy).size).toBeGreaterThan(1024 * 1024); // more than one read chunk
    const cache = ChangeCache.load(dir, url);
    expect(cache.size).toBe(40_001);
    expect(cache.get('price:ÉTÉ-€-39999|US')).toEqual({ id: 39_999, hash: (39_999).toString(16).padStart(16, '0') });
    expect(cache.get('attribute:colour')).toEqual({ id: undefined, hash: 'selectbox' });
    cache.close();
  });

  it('starts empty from a damaged legacy file or a damaged database', () => {
    const dir = tempDir();
    const legacy = path.join(dir, 'cache', `${tenantId(url)}.json`);
    fs.mkdirSync(path.dirname(legacy), { recursive: true });
    fs.writeFileSync(legacy, `{"version":2,"apiUrl":"${url}"}\n["product:A",1,"0123456789abcdef"]\n["product:B",2`);
    const cache = ChangeCache.load(dir, url);
    expect(cache.size).toBe(0);
    cache.close();
    fs.writeFileSync(cache.file, 'not a database, just bytes '.repeat(200));
    const again = ChangeCache.load(dir, url);
    expect(again.size).toBe(0);
    again.apply([{ task: 'product:A', outcome: 'created', remoteId: 1, hash: 'h' }]);
    expect(again.get('product:A')).toEqual({ id: 1, hash: 'h' });
    again.close();
  });

  it('remembers which feed pushed which product', () => {
    const cache = ChangeCache.load(tempDir(), url);
    cache.apply(
      [
        { task: 'product:A', outcome: 'created', remoteId: 1, hash: 'h' },
        { task: 'product:B', outcome: 'unchanged', remoteId: 2, hash: 'h' },
        { task: 'product:C', outcome: 'failed' },
        { task: 'price:A|US', outcome: 'created', remoteId: 5, hash: 'h' },
      ],
      'nightly',
    );
    cache.apply(
      [
        { task: 'product:B', outcome: 'created', remoteId: 2, hash: 'h' },
        { task: 'product:D', outcome: 'created', remoteId: 4, hash: 'h' },
      ],
      'manual',
    );
    expect([...cache.feeds.enabledProducts('nightly')]).toEqual([
      { sku: 'A', id: 1, shared: false },
      { sku: 'B', id: 2, shared: true },
    ]);
    // A product the feed disabled is no longer listed as enabled.
    cache.apply([{ task: 'product:A', outcome: 'updated', remoteId: 1, hash: DISABLED_HASH }], 'nightly');
    expect([...cache.feeds.enabledProducts('nightly')].map((product) => product.sku)).toEqual(['B']);
    cache.close();
  });
});

describe('feed lifecycle', () => {
  it('names a feed by its source and files, whatever their order or folder', () => {
    expect(defaultFeedName(['/data/b.csv', 'exports/a.csv'])).toBe('jasper:a.csv+b.csv');
    expect(defaultFeedName(['products.json'], 'shopify')).toBe('shopify:products.json');
  });

  it('reads --max-disable as a percentage', () => {
    expect(parsePercent('10%')).toBe(0.1);
    expect(parsePercent(' 2.5 % ')).toBe(0.025);
    expect(parsePercent('100%')).toBe(1);
    expect(parsePercent('0')).toBe(0);
    for (const bad of ['', '%', '-5%', '101%', 'ten', '1e2']) expect(parsePercent(bad)).toBeUndefined();
  });

  it('disables up to the limit and refuses one more, naming the count', () => {
    const cache = ChangeCache.load(tempDir(), 'https://a.example/api/v1');
    const skus = Array.from({ length: 20 }, (_, index) => `S${String(index).padStart(2, '0')}`);
    cache.apply(
      skus.map((sku, index) => ({ task: `product:${sku}`, outcome: 'created' as const, remoteId: index + 1, hash: 'h' })),
      'f',
    );
    const twoMissing = productsToDisable(cache.feeds, 'f', (sku) => sku >= 'S02');
    expect(twoMissing).toMatchObject({
      feed: 'f',
      total: 20,
      products: [
        { sku: 'S00', id: 1 },
        { sku: 'S01', id: 2 },
      ],
    });
    expect(() => assertWithinMaxDisable(twoMissing, 0.1)).not.toThrow(); // exactly 10 %
    const threeMissing = productsToDisable(cache.feeds, 'f', (sku) => sku >= 'S03');
    expect(() => assertWithinMaxDisable(threeMissing, 0.1)).toThrow(InputError);
    expect(() => assertWithinMaxDisable(threeMissing, 0.1)).toThrow('3 of the 20 products of feed "f" (15 %)');
    expect(() => assertWithinMaxDisable(threeMissing, 1)).not.toThrow();
    // Another feed's product is the other feed's too: never disabled by this one.
    cache.apply([{ task: 'product:S00', outcome: 'unchanged', remoteId: 1, hash: 'h' }], 'g');
    expect(productsToDisable(cache.feeds, 'f', (sku) => sku >= 'S03').products.map((product) => product.sku)).toEqual(['S01', 'S02']);
    cache.close();
  });
});

describe('tenant lock', () => {
  const url = 'https://acme.example/api/v1';

  it('refuses a second push naming the holder, and frees the lock on release', async () => {
    const dir = tempDir();
    const lock = await acquireTenantLock(dir, url, 'run-1');
    await expect(acquireTenantLock(dir, url, 'run-2')).rejects.toThrow(new RegExp(`pid ${process.pid} on ${os.hostname()}.*run-1`));
    await expect(acquireTenantLock(dir, url, 'run-2')).rejects.toBeInstanceOf(LockedError);
    lock.release();
    const next = await acquireTenantLock(dir, url, 'run-3');
    next.release();
  });

  it('--wait waits for the holder to finish', async () => {
    const dir = tempDir();
    const lock = await acquireTenantLock(dir, url, 'run-1');
    let waited = 0;
    const second = acquireTenantLock(dir, url, 'run-2', {
      wait: true,
      sleep: async () => {
        waited++;
        if (waited === 3) lock.release();
      },
    });
    await expect(second).resolves.toMatchObject({ holder: { runId: 'run-2' } });
    expect(waited).toBe(3);
  });

  it('takes over a lock left by a dead process', async () => {
    const dir = tempDir();
    const file = lockPath(dir, url);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify({ pid: 2 ** 22 + 12345, host: os.hostname(), startedAt: '2026-01-01T00:00:00Z', runId: 'dead', apiUrl: url }));
    const lock = await acquireTenantLock(dir, url, 'alive');
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).runId).toBe('alive');
    lock.release();
  });
});

describe('row ledger', () => {
  const loc = { file: 'p.csv', line: 2 };
  const row = { loc, kind: 'product' as const, key: 'A' };
  const link = (id: number): Task => ({
    id: `relatedLink:A|x|B${id}`,
    entity: 'relatedLink',
    key: `A|x|B${id}`,
    action: 'create',
    payload: {
      entity: 'relatedLink',
      product: { entity: 'product', key: 'A' },
      related: { entity: 'product', key: `B${id}` },
      relationType: { entity: 'relationType', key: 'x' },
    },
    deps: [],
    rows: [loc],
    hash: 'present',
  });
  // A ledger without a run folder keeps its rows in a temporary folder, removed when it closes.
  const unchangedRow = () => {
    const ledger = new RowLedger();
    onTestFinished(() => ledger.close());
    ledger.record(
      [row],
      { tasks: [], outcomes: [{ id: 'product:A', entity: 'product', key: 'A', outcome: 'unchanged', rows: [loc], remoteId: 4 }], known: {}, notes: [] },
      new Map(),
    );
    return ledger;
  };

  it('folds a write planned in a later batch into the row it serves; a failed link fails the link, not the row', () => {
    const ledger = unchangedRow();
    const task = link(1);
    ledger.record([], { tasks: [task], outcomes: [], known: {}, notes: [] }, new Map([[task.id, { task, outcome: 'created' as const, remoteId: 0 }]]));
    expect([...ledger.all()]).toEqual([{ loc, kind: 'product', key: 'A', remoteId: 4, outcome: 'updated' }]);

    const failing = link(2);
    ledger.record(
      [],
      { tasks: [failing], outcomes: [], known: {}, notes: [] },
      new Map([[failing.id, { task: failing, outcome: 'failed' as const, error: 'no such type' }]]),
    );
    expect([...ledger.all()][0]).toMatchObject({ outcome: 'updated', status: 'link-failed', error: 'related link: no such type', stage: 'related links' });
    expect(ledger.counts()).toMatchObject({ total: 1, updated: 1, failed: 0, linkFailed: 1 });
    expect(ledger.problems()).toHaveLength(1);
  });

  it('a late write that never ran leaves the row not attempted', () => {
    const ledger = unchangedRow();
    ledger.record([], { tasks: [link(3)], outcomes: [], known: {}, notes: [] }, new Map());
    expect([...ledger.all()][0]).toMatchObject({ outcome: 'skipped', status: 'not-attempted' });
  });
});
