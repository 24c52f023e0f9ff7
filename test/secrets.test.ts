// The API key never reaches output or any file but the profiles file (mode 0600): every command
// path we can reach runs with one long known key, and every byte it prints or writes is searched.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type StartedSandbox } from '../src/sandbox/index.js';
import { type CliOptions, type CliResult, closedPort, collect, FIXTURES, runCli, scratch, spawnCli } from './helpers/cli.js';
import { type CommercetoolsServer, startCommercetools } from './helpers/commercetools-gateway.js';
import { loadTinyProject } from './helpers/commercetools-tiny.js';
import { sunriseApi } from './helpers/sunrise.js';

const KEY = `sk-live-${'3f9a1c7e5b2d4086'.repeat(3).slice(0, 40)}`;
const KEY_PREFIX = KEY.slice(0, 12);
const OTHER_KEY = `sk-live-${'a1b2c3d4e5f60718'.repeat(3).slice(0, 40)}`;
const CT_SECRET = `ct-secret-${'9e8d7c6b5a4f3e2d'.repeat(2)}`;
const CT_WRONG_SECRET = `ct-secret-${'0a1b2c3d4e5f6a7b'.repeat(2)}`;
const SECRETS = [KEY, KEY_PREFIX, OTHER_KEY, OTHER_KEY.slice(0, 12), CT_SECRET, CT_SECRET.slice(0, 20), CT_WRONG_SECRET];
const PRODUCTS = path.join(FIXTURES, 'demo/products.csv');

let sandbox: StartedSandbox;
let ct: CommercetoolsServer;
let work: ReturnType<typeof scratch>;
let runDir: string;
const outputs: { label: string; result: CliResult }[] = [];

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, keys: [KEY], seed: 11, strict: true });
  ct = await startCommercetools({ clientSecret: CT_SECRET });
  await loadTinyProject(sunriseApi(ct.mockUrl, ct.projectKey));
  work = scratch('jp-secrets-');
  runDir = path.join(work.dir, 'runs');
});
afterAll(async () => {
  await sandbox.close();
  await ct.close();
  work.cleanup();
});

/** Runs the CLI and keeps what it printed for the final scan; the key is never in argv except where a test says so. */
async function jp(
  label: string,
  args: string[],
  env: Record<string, string | undefined> = {},
  options: Omit<CliOptions, 'env' | 'cwd'> = {},
): Promise<CliResult> {
  const result = await runCli(args, {
    ...options,
    cwd: work.dir,
    env: {
      JASPER_PUSH_CONFIG_DIR: work.configDir,
      ...env,
    },
  });
  outputs.push({ label, result });
  return result;
}

function leaks(text: string): string[] {
  return SECRETS.filter((secret) => text.includes(secret));
}

function expectNoKey(label: string, result: CliResult): void {
  expect(leaks(result.stdout), `${label}: stdout\n${result.stdout}`).toEqual([]);
  expect(leaks(result.stderr), `${label}: stderr\n${result.stderr}`).toEqual([]);
}

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

// One sequence, in order: later steps rely on the profile the earlier ones saved.
describe('the API key never leaks', () => {
  const env = () => ({ JASPER_API_URL: sandbox.url, JASPER_API_KEY: KEY });

  it('stays out of ping output: ok, --verbose, --json, 401, 404, refused port, 5xx, http refusal, missing URL', async () => {
    const port = await closedPort();
    const origin = new URL(sandbox.url).origin;
    const runs = await Promise.all([
      jp('ping --verbose', ['ping', '--verbose'], env()),
      jp('ping --json --verbose', ['ping', '--json', '--verbose'], env()),
      jp('ping 404', ['ping', '--verbose'], { ...env(), JASPER_API_URL: `${origin}/not-the-root` }),
      jp('ping refused --json', ['ping', '--json', '--verbose'], { ...env(), JASPER_API_URL: `http://127.0.0.1:${port}/api/v1` }),
      jp('ping http refused', ['ping', '--verbose'], { ...env(), JASPER_API_URL: 'http://pim.example.com' }),
      jp('ping no url --json', ['ping', '--json', '--verbose'], { JASPER_API_KEY: KEY }),
    ]);
    expect(runs.map((result) => result.code)).toEqual([0, 0, 3, 75, 3, 3]);

    sandbox.revokeKey(KEY);
    try {
      const refused = await Promise.all([
        jp('ping 401', ['ping', '--verbose'], env()),
        jp('ping 401 --json', ['ping', '--json', '--verbose'], env()),
        jp('ping 401 key ending in a newline', ['ping'], { ...env(), JASPER_API_KEY: `${KEY}\n` }),
      ]);
      expect(refused.map((result) => result.code)).toEqual([3, 3, 3]);
    } finally {
      sandbox.addKey(KEY);
    }

    sandbox.setFaults({ errorRate: 1 });
    try {
      expect((await jp('ping 5xx', ['ping', '--verbose'], env())).code).toBe(75);
    } finally {
      sandbox.setFaults({});
    }
  });

  it('stays out of --api-key runs, including usage errors that commander reports', async () => {
    const runs = await Promise.all([
      jp('--api-key ping', ['ping', '--api-key', KEY, '--verbose'], { JASPER_API_URL: sandbox.url }),
      jp('--api-key= ping --json', ['--api-key=' + KEY, 'ping', '--json'], { JASPER_API_URL: sandbox.url }),
      jp('--api-key unknown option --json', ['ping', '--api-key', KEY, '--json', '--bogus'], {}),
      jp('--api-key with no url', ['ping', '--api-key', KEY], {}),
    ]);
    expect(runs.map((result) => result.code)).toEqual([0, 0, 2, 3]);
  });

  it('stays out of config set/get/list and rotate-key output, good and bad', async () => {
    expect((await jp('config set api-url', ['config', 'set', 'api-url', sandbox.url])).code).toBe(0);
    expect((await jp('rotate-key good', ['rotate-key', '--stdin', '--verbose'], {}, { input: `${KEY}\n` })).code).toBe(0);
    expect((await jp('rotate-key bad', ['rotate-key', '--stdin', '--verbose'], {}, { input: OTHER_KEY })).code).toBe(3);
    expect((await jp('rotate-key bad --json', ['rotate-key', '--stdin', '--json'], {}, { input: OTHER_KEY })).code).toBe(3);
    // A key given as an argument: warned about, masked in the answer.
    expect((await jp('config set api-key argument', ['config', 'set', 'api-key', KEY, '--profile', 'spare'])).code).toBe(0);
    expect(
      (await jp('config set api-key stdin --json', ['config', 'set', 'api-key', '--stdin', '--json', '--profile', 'spare'], {}, { input: KEY })).code,
    ).toBe(0);
    const reads = await Promise.all([
      jp('config get api-key', ['config', 'get', 'api-key']),
      jp('config list', ['config', 'list']),
      jp('config list --json', ['config', 'list', '--json']),
      jp('ping from profile', ['ping', '--verbose']),
    ]);
    expect(reads.map((result) => result.code)).toEqual([0, 0, 0, 0]);

    sandbox.revokeKey(KEY);
    try {
      expect((await jp('ping from profile 401', ['ping', '--verbose'])).code).toBe(3);
      expect((await jp('rotate-key after revoke', ['rotate-key', '--stdin', '--verbose'], {}, { input: KEY })).code).toBe(3);
    } finally {
      sandbox.addKey(KEY);
    }
  });

  it('stays out of validate and push output, including pushes refused with 401 and with 5xx', async () => {
    expect((await jp('validate', ['validate', 'products', PRODUCTS, '--verbose'], env())).code).toBe(0);

    const pushed = await jp('push --verbose', ['push', 'products', PRODUCTS, '--verbose', '--run-dir', runDir], env());
    expect(pushed.code, pushed.stderr).toBe(0);
    const again = await jp('push --json --verbose', ['push', 'products', PRODUCTS, '--json', '--verbose', '--full', '--run-dir', runDir], env());
    expect(again.code, again.stderr).toBe(0);

    sandbox.setFaults({ errorRate: 1 });
    try {
      const down = await jp('push 5xx --verbose', ['push', 'products', PRODUCTS, '--verbose', '--full', '--max-retries', '0', '--run-dir', runDir], env());
      expect(down.code, down.stderr).toBe(75);
    } finally {
      sandbox.setFaults({});
    }

    sandbox.revokeKey(KEY);
    try {
      const refused = await jp('push 401 --verbose', ['push', 'products', PRODUCTS, '--verbose', '--full', '--run-dir', runDir], env());
      expect(refused.code).toBe(3);
      const refusedJson = await jp('push 401 --json', ['push', 'products', PRODUCTS, '--json', '--full', '--run-dir', runDir], env());
      expect(refusedJson.code).toBe(3);
    } finally {
      sandbox.addKey(KEY);
    }
  });

  it('nor does the commercetools client secret: config, rotate-key, ping, validate and push --from commercetools, good and bad', async () => {
    const ctEnv = { CTP_API_URL: ct.env.CTP_API_URL, CTP_AUTH_URL: ct.env.CTP_AUTH_URL, CTP_CLIENT_ID: ct.env.CTP_CLIENT_ID };
    const profile = ['--profile', 'ct'];
    expect((await jp('ct config set api-url', ['config', 'set', 'api-url', sandbox.url, ...profile])).code).toBe(0);
    expect((await jp('ct config set api-key', ['config', 'set', 'api-key', '--stdin', ...profile], {}, { input: KEY })).code).toBe(0);
    expect((await jp('ct config set ct-api-url', ['config', 'set', 'ct-api-url', ct.env.CTP_API_URL!, ...profile])).code).toBe(0);
    expect((await jp('ct config set ct-auth-url', ['config', 'set', 'ct-auth-url', ct.env.CTP_AUTH_URL!, ...profile])).code).toBe(0);
    expect((await jp('ct config set ct-client-id', ['config', 'set', 'ct-client-id', ct.clientId, ...profile])).code).toBe(0);
    expect((await jp('ct rotate-key bad', ['rotate-key', '--commercetools', '--stdin', '--verbose', ...profile], {}, { input: CT_WRONG_SECRET })).code).toBe(3);
    expect((await jp('ct rotate-key good', ['rotate-key', '--commercetools', '--stdin', '--verbose', ...profile], {}, { input: CT_SECRET })).code).toBe(0);
    expect(
      (await jp('ct rotate-key bad --json', ['rotate-key', '--commercetools', '--stdin', '--json', ...profile], {}, { input: CT_WRONG_SECRET })).code,
    ).toBe(3);
    expect(
      (await jp('ct config set ct-client-secret stdin', ['config', 'set', 'ct-client-secret', '--stdin', ...profile], {}, { input: CT_SECRET })).code,
    ).toBe(0);
    const reads = await Promise.all([
      jp('ct config get ct-client-secret', ['config', 'get', 'ct-client-secret', ...profile]),
      jp('ct config list --json', ['config', 'list', '--json']),
      jp('ct ping --verbose', ['ping', '--commercetools', '--verbose', ...profile]),
      jp('ct ping env --json --verbose', ['ping', '--commercetools', '--json', '--verbose'], { ...ctEnv, CTP_CLIENT_SECRET: CT_SECRET }),
      jp('ct ping wrong env secret --verbose', ['ping', '--commercetools', '--verbose'], { ...ctEnv, CTP_CLIENT_SECRET: CT_WRONG_SECRET }),
      jp('ct validate --verbose', ['validate', 'products', '--from', 'commercetools', '--verbose', ...profile]),
    ]);
    expect(reads.map((result) => result.code)).toEqual([0, 0, 0, 0, 3, 0]);
    const pushed = await jp('ct push --verbose', [
      'push',
      'products',
      '--from',
      'commercetools',
      '--verbose',
      '--throttle-limit',
      '100000',
      '--run-dir',
      runDir,
      ...profile,
    ]);
    expect(pushed.code, pushed.stderr).toBe(0);
    const json = await jp('ct push --json --dry-run', ['push', 'products', '--from', 'commercetools', '--json', '--dry-run', '--run-dir', runDir, ...profile]);
    expect(json.code, json.stderr).toBe(0);
    const refused = await jp('ct push wrong secret', ['push', 'products', '--from', 'commercetools', '--verbose', '--run-dir', runDir], {
      ...ctEnv,
      CTP_CLIENT_SECRET: CT_WRONG_SECRET,
      JASPER_API_URL: sandbox.url,
      JASPER_API_KEY: KEY,
    });
    expect(refused.code).toBe(3);
  });

  it('stays out of the sandbox command, which shows only the last 4 characters', async () => {
    const child = spawnCli(['sandbox', '--port', '0', '--key', KEY], { cwd: work.dir, env: { JASPER_PUSH_CONFIG_DIR: work.configDir } });
    const finished = collect(child, { timeoutMs: 20_000 });
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('http')) resolve();
      });
      child.on('exit', () => reject(new Error('the sandbox exited early')));
    });
    child.kill('SIGINT');
    const result = await finished;
    outputs.push({ label: 'sandbox command', result });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`****${KEY.slice(-4)}`);
  });

  it('appears in no stdout or stderr of any run above', () => {
    expect(outputs).toHaveLength(51); // every run above: 10 + 4 + 12 + 6 + 18 + 1
    for (const { label, result } of outputs) expectNoKey(label, result);
  });

  it('is held by the profiles file alone, with mode 0600; run files, cache and locks never hold it', () => {
    const files = filesUnder(work.dir);
    const profiles = path.join(work.configDir, 'profiles.json');
    expect(files).toContain(profiles);
    expect(files.some((file) => file.startsWith(runDir + path.sep))).toBe(true);
    const holding = files.filter((file) => leaks(fs.readFileSync(file, 'latin1')).length > 0);
    expect(holding).toEqual([profiles]);
    expect(fs.statSync(profiles).mode & 0o777).toBe(0o600);
  });
});
