// A sandbox tenant plus a scratch folder, and the CLI pointed at both.
import fs from 'node:fs';
import path from 'node:path';
import { type SandboxFaults, startSandbox } from '../../src/sandbox/index.js';
import { type CliOptions, type CliResult, FIXTURES, runCli, scratch, spawnCli } from './cli.js';

export const TEST_KEY = 'jp-test-key-0123456789abcdef0123456789';

export type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

export interface Tenant {
  sandbox: Sandbox;
  dir: string;
  runDir: string;
  env: Record<string, string>;
  push(args: string[], options?: CliOptions): Promise<CliResult>;
  spawnPush(args: string[], options?: CliOptions): ReturnType<typeof spawnCli>;
  /** A call a person makes in Jasper outside jasper-push (with the tenant's key). */
  byHand(method: string, route: string, body: unknown): Promise<Response>;
  close(): Promise<void>;
}

export async function startTenant(faults: SandboxFaults = {}, seed = 1): Promise<Tenant> {
  // Strict: a write carrying a key the reference does not document fails the push (SPEC §4).
  const sandbox = await startSandbox({ port: 0, keys: [TEST_KEY], faults, seed, strict: true });
  return tenantOf(sandbox, scratch());
}

/** What a tenant holds after its pushes: the sandbox's data and the CLI's config folder (its change cache, per API URL). */
interface TenantSnapshot {
  port: number;
  /** The sandbox's data as its --data file holds it, serialized once for every restore. */
  data: string;
  /** A copy of the config folder, kept until the caller removes it. */
  configDir: string;
}

/** Takes a snapshot of a tenant no push is running on, copying its config folder (if a load made one) into `into`. */
function snapshotOf(t: Tenant, into: string): TenantSnapshot {
  const configDir = t.env.JASPER_PUSH_CONFIG_DIR!;
  if (fs.existsSync(configDir)) fs.cpSync(configDir, into, { recursive: true });
  return { port: t.sandbox.port, data: JSON.stringify(t.sandbox.state()), configDir: into };
}

/**
 * A new tenant in the state a snapshot holds, once the snapshot's own tenant is closed: its data
 * and id sequences, and a copy of its config folder. The sandbox listens on the snapshot's port, so
 * the API URL, and with it the change cache the pushes left, is the same. Undefined when something
 * else took that port meanwhile (the caller pushes again instead).
 */
async function restoreTenant(snapshot: TenantSnapshot): Promise<Tenant | undefined> {
  const folders = scratch();
  fs.cpSync(snapshot.configDir, folders.configDir, { recursive: true });
  const dataFile = path.join(folders.dir, 'sandbox.json');
  fs.writeFileSync(dataFile, snapshot.data);
  try {
    const sandbox = await startSandbox({ port: snapshot.port, keys: [TEST_KEY], dataFile, strict: true });
    return tenantOf(sandbox, folders);
  } catch (error) {
    folders.cleanup();
    if (/already in use/.test((error as Error).message)) return undefined;
    throw error;
  }
}

/** Loads that set tests up, made once per worker process (the end-to-end files share one): what each returned and the state it left. */
const setUps = new Map<string, Promise<{ loaded: unknown; snapshot: TenantSnapshot }>>();
let setUpFolder: ReturnType<typeof scratch> | undefined;

/**
 * A tenant that starts where `load` (pushes that set a test up, such as a first load of the demo,
 * most of such a test's time) left one. The first call for a key runs `load` on a tenant of its own
 * and keeps its snapshot; every call restores a new tenant from it, or, when the snapshot's port was
 * taken meanwhile, runs `load` again on a new one. Each call gets what `load` returned. A key names
 * one load everywhere; a test of the load itself runs it on a tenant of its own.
 */
export async function tenantAfter<T>(key: string, load: (t: Tenant) => Promise<T>): Promise<{ tenant: Tenant; loaded: T }> {
  let setUp = setUps.get(key);
  if (!setUp) {
    setUp = (async () => {
      if (!setUpFolder) {
        // Kept for the worker's later files; removed with the run's folder (test/global-setup.ts).
        setUpFolder = scratch('jp-set-up-');
      }
      const first = await startTenant();
      try {
        const loaded = await load(first);
        return { loaded, snapshot: snapshotOf(first, fs.mkdtempSync(path.join(setUpFolder.dir, 'snapshot-'))) };
      } finally {
        await first.close();
      }
    })();
    setUps.set(key, setUp);
    // A load that fails fails each test that asks for it, with its own error.
    setUp.catch(() => setUps.delete(key));
  }
  const { loaded, snapshot } = await setUp;
  const restored = await restoreTenant(snapshot);
  if (restored) return { tenant: restored, loaded: loaded as T };
  const tenant = await startTenant();
  return { tenant, loaded: await load(tenant) };
}

const DEMO = path.join(FIXTURES, 'demo');

/** Pushes that must succeed, in order, as a set-up load. */
async function pushedInOrder(t: Tenant, pushes: string[][]): Promise<void> {
  for (const args of pushes) {
    const result = await t.push(args);
    if (result.code !== 0) throw new Error(`push ${args.join(' ')} exited ${result.code}\n${result.stdout}${result.stderr}`);
  }
}

/** A tenant the demo's products.csv was pushed to (its categories made from the products' paths), for tests that start there. */
export async function tenantWithDemoProducts(): Promise<Tenant> {
  const { tenant } = await tenantAfter('the demo products.csv, pushed', (t) => pushedInOrder(t, [['products', path.join(DEMO, 'products.csv')]]));
  return tenant;
}

/** A tenant the demo's categories.csv, then its products.csv, were pushed to, for tests that start there. */
export async function tenantWithDemoCatalog(): Promise<Tenant> {
  const { tenant } = await tenantAfter('the demo categories.csv and products.csv, pushed', (t) =>
    pushedInOrder(t, [
      ['categories', path.join(DEMO, 'categories.csv')],
      ['products', path.join(DEMO, 'products.csv')],
    ]),
  );
  return tenant;
}

function tenantOf(sandbox: Sandbox, { dir, configDir, cleanup }: ReturnType<typeof scratch>): Tenant {
  const runDir = path.join(dir, 'runs');
  const env = { JASPER_API_URL: sandbox.url, JASPER_API_KEY: TEST_KEY, JASPER_PUSH_CONFIG_DIR: configDir };
  const withDefaults = (args: string[]) => ['push', ...args, '--run-dir', runDir];
  return {
    sandbox,
    dir,
    runDir,
    env,
    push: (args, options = {}) => runCli(withDefaults(args), { ...options, env: { ...env, ...options.env } }),
    spawnPush: (args, options = {}) => spawnCli(withDefaults(args), { ...options, env: { ...env, ...options.env } }),
    byHand: (method, route, body) =>
      fetch(`${sandbox.url}${route}`, {
        method,
        headers: { authorization: `Bearer ${TEST_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
    close: async () => {
      await sandbox.close();
      cleanup();
      // Strict refuses these writes; a test that expects failed rows would not notice, so closing says it.
      const leaks = sandbox.requests.filter((request) => request.undocumented);
      if (leaks.length > 0) {
        throw new Error(
          `writes with keys the reference does not document: ${leaks.map((r) => `${r.method} ${r.path} (${r.undocumented!.join(', ')})`).join('; ')}`,
        );
      }
    },
  };
}

/** The single run folder under runDir that is newest. */
export function latestRun(runDir: string): string {
  const runs = fs.readdirSync(runDir).sort();
  return path.join(runDir, runs[runs.length - 1]!);
}

export function readJsonl(file: string): Record<string, unknown>[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** Largest number of requests that arrived within any `windowMs` span. */
export function maxInWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while (sorted[end]! - sorted[start]! >= windowMs) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}
