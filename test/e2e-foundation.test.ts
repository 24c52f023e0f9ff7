// The foundation issue, checked end to end: the built CLI against an in-process sandbox.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import lockfile from 'proper-lockfile';
import { ProfileStore } from '../src/config/profiles.js';
import { startSandbox, type StartedSandbox } from '../src/sandbox/index.js';
import { type CliOptions, type CliResult, closedPort, runCli, scratch, startSandboxCli } from './helpers/cli.js';

const KEY = 'sk-test-foundation-0123456789abcdef';
const OTHER_KEY = 'sk-test-rotated-fedcba9876543210';
const WRONG_KEY = 'sk-test-not-a-real-key-0000000000';
const SERVER_TIME = /server time\s+(Sun|Mon|Tue|Wed|Thu|Fri|Sat) [A-Z][a-z]{2} \d{1,2} \d\d:\d\d:\d\d UTC \d{4}/;
const LATENCY = /latency\s+\d+ ms/;

let sandbox: StartedSandbox;
let origin: string;
const cleanups: (() => unknown)[] = [];

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, keys: [KEY], seed: 7, strict: true });
  origin = new URL(sandbox.url).origin;
});
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
  await sandbox.close();
});

interface Fixture {
  work: ReturnType<typeof scratch>;
  /** The shared sandbox, or a fresh one when the test changes its faults or keys. */
  sandbox: StartedSandbox;
  /** Runs the CLI in the scratch folder, with no JASPER_* setting inherited from the shell. */
  jp(args: string[], env?: Record<string, string | undefined>, options?: Omit<CliOptions, 'env' | 'cwd'>): Promise<CliResult>;
  /** Set-up without a CLI call, where the CLI path itself is tested elsewhere. */
  store: ProfileStore;
  profilesFile: string;
  storedKey(): string | undefined;
}

/** Tests run concurrently: each gets its own config folder, and its own sandbox when it needs one. */
async function fixture(options: { ownSandbox?: boolean } = {}): Promise<Fixture> {
  const work = scratch('jp-e2e-');
  cleanups.push(() => work.cleanup());
  let server = sandbox;
  if (options.ownSandbox) {
    server = await startSandbox({ port: 0, keys: [KEY], seed: 7, strict: true });
    cleanups.push(() => server.close());
  }
  const profilesFile = path.join(work.configDir, 'profiles.json');
  return {
    work,
    sandbox: server,
    store: new ProfileStore(work.configDir),
    profilesFile,
    storedKey: () => JSON.parse(fs.readFileSync(profilesFile, 'utf8')).profiles.default?.['api-key'],
    jp: (args, env = {}, cliOptions = {}) =>
      runCli(args, {
        ...cliOptions,
        cwd: work.dir,
        env: {
          JASPER_PUSH_CONFIG_DIR: work.configDir,
          ...env,
        },
      }),
  };
}

const envFor = (server: StartedSandbox, key = KEY) => ({ JASPER_API_URL: server.url, JASPER_API_KEY: key });

/** stdout must be exactly one JSON document. */
function onlyJson(result: CliResult): any {
  expect(() => JSON.parse(result.stdout), `stdout is not one JSON document:\n${result.stdout}\n${result.stderr}`).not.toThrow();
  return JSON.parse(result.stdout);
}

describe.concurrent('ping', () => {
  it('prints the server time and latency and exits 0 with the URL and key from the environment', async () => {
    const { jp } = await fixture();
    const result = await jp(['ping'], envFor(sandbox));
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(SERVER_TIME);
    expect(result.stdout).toMatch(LATENCY);
    expect(result.stdout).toContain(`****${KEY.slice(-4)}`);
  });

  it('exits 3 with a wrong key and says where to generate a new one', async () => {
    const { jp } = await fixture();
    const result = await jp(['ping'], envFor(sandbox, WRONG_KEY));
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('401');
    expect(result.stderr).toContain('Settings > API Key');
    expect(result.stdout).toBe('');
  });

  it('exits 3 when the URL is not the API root, and says it must end with /api/v1', async () => {
    const { jp } = await fixture();
    const result = await jp(['ping'], { JASPER_API_URL: `${origin}/foo`, JASPER_API_KEY: KEY });
    expect(result.code, result.stderr).toBe(3);
    expect(result.stderr).toContain('not the Jasper API root');
    expect(result.stderr).toContain('must end with /api/v1');
  });

  it('exits 75 when nothing listens on the port, and says the connection was refused', async () => {
    const { jp } = await fixture();
    const result = await jp(['ping'], { JASPER_API_URL: `http://127.0.0.1:${await closedPort()}/api/v1`, JASPER_API_KEY: KEY });
    expect(result.code).toBe(75);
    expect(result.stderr).toContain('connection was refused');
  });

  it('exits 75 when the tenant answers 5xx', async () => {
    const { jp, sandbox: down } = await fixture({ ownSandbox: true });
    down.setFaults({ errorRate: 1 });
    const result = await jp(['ping'], envFor(down));
    expect(result.code).toBe(75);
    expect(result.stderr).toContain('server error');
  });

  it('refuses http:// to a non-loopback host without calling it (exit 3)', async () => {
    const { jp } = await fixture();
    const result = await jp(['ping'], { JASPER_API_URL: 'http://example.com/api/v1', JASPER_API_KEY: KEY });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('Refusing plain http:// to example.com');
    expect(result.stderr).toContain('--allow-http');
  });

  it('accepts the bare server address and pings its /api/v1 root', async () => {
    const { jp } = await fixture();
    const result = await jp(['ping', '--json'], { JASPER_API_URL: `${origin}/`, JASPER_API_KEY: KEY });
    expect(result.code, result.stderr).toBe(0);
    expect(onlyJson(result)).toMatchObject({ ok: true, apiUrl: sandbox.url });
  });

  it('prints exactly one JSON document on stdout with --json when the key works', async () => {
    const { jp } = await fixture();
    const result = await jp(['ping', '--json'], envFor(sandbox));
    expect(result.code).toBe(0);
    const doc = onlyJson(result);
    expect(doc).toMatchObject({ ok: true, apiUrl: sandbox.url, profile: 'default', key: `****${KEY.slice(-4)}` });
    expect(doc.serverTime).toMatch(/UTC \d{4}$/);
    expect(typeof doc.latencyMs).toBe('number');
    expect(Date.parse(doc.serverTimeIso)).not.toBeNaN();
  });

  it('prints one JSON failure document with kind, status, message, hint and exit code for 401, 404, refused and 5xx', async () => {
    const { jp, sandbox: down } = await fixture({ ownSandbox: true });
    down.setFaults({ errorRate: 1 });
    const port = await closedPort();
    const [unauthorised, notRoot, refused, serverError] = await Promise.all([
      jp(['ping', '--json'], envFor(sandbox, WRONG_KEY)),
      jp(['ping', '--json'], { JASPER_API_URL: `${origin}/api/v2`, JASPER_API_KEY: KEY }),
      jp(['ping', '--json'], { JASPER_API_URL: `http://127.0.0.1:${port}/api/v1`, JASPER_API_KEY: KEY }),
      jp(['ping', '--json'], envFor(down)),
    ]);
    expect(onlyJson(unauthorised)).toEqual({
      ok: false,
      apiUrl: sandbox.url,
      error: {
        failure: 'authentication',
        status: 401,
        message: expect.stringContaining('401'),
        hint: expect.stringContaining('Settings > API Key'),
        exitCode: 3,
      },
    });
    expect(onlyJson(notRoot).error).toMatchObject({ failure: 'not-found', status: 404, exitCode: 3 });
    expect(refused.code).toBe(75);
    expect(onlyJson(refused).error).toMatchObject({ failure: 'network', status: null, exitCode: 75, hint: expect.stringContaining('Check the API URL') });
    expect(serverError.code).toBe(75);
    expect(onlyJson(serverError).error).toMatchObject({ failure: 'server', exitCode: 75 });
  });

  it('prints a JSON failure document on stdout with --json when no key is configured (exit 3)', async () => {
    const { jp } = await fixture();
    const result = await jp(['ping', '--json'], { JASPER_API_URL: sandbox.url });
    expect(result.code).toBe(3);
    expect(onlyJson(result)).toEqual({
      ok: false,
      error: { message: 'No API key for profile "default".', hint: expect.stringContaining('rotate-key'), exitCode: 3 },
    });
    expect(result.stderr).toContain('No API key');
  });

  it('prints a JSON failure document on stdout with --json for a usage error (exit 2)', async () => {
    const { jp } = await fixture();
    const result = await jp(['ping', '--json', '--no-such-flag'], envFor(sandbox));
    expect(result.code).toBe(2);
    expect(onlyJson(result)).toMatchObject({ ok: false, error: { message: expect.stringContaining('--no-such-flag'), exitCode: 2 } });
  });

  it('works with --api-key but warns that it lands in shell history', async () => {
    const { jp } = await fixture();
    const result = await jp(['ping', '--api-key', KEY], { JASPER_API_URL: sandbox.url });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/warning:.*shell history/);
    expect(result.stdout).toMatch(SERVER_TIME);
  });

  it('prints one line per HTTP call on stderr with --verbose, and nothing extra on stdout', async () => {
    const { jp } = await fixture();
    const result = await jp(['ping', '--verbose', '--json'], envFor(sandbox));
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^GET \/ping → 200 \(\d+ ms\)$/m);
    expect(onlyJson(result).ok).toBe(true);
  });
});

describe.concurrent('settings precedence: flag > env > profile > default', () => {
  it('pings with the profile alone, lets env override the profile, and a flag override env', async () => {
    const { jp, store } = await fixture();
    const dead = `http://127.0.0.1:${await closedPort()}/api/v1`;
    await store.set('default', 'api-url', sandbox.url);
    await store.set('default', 'api-key', KEY);

    const [fromProfile, envUrl, envKey, flagUrl, flagKey] = await Promise.all([
      jp(['ping', '--json']),
      jp(['ping'], { JASPER_API_URL: dead }),
      jp(['ping'], { JASPER_API_KEY: WRONG_KEY }),
      jp(['ping', '--api-url', sandbox.url], { JASPER_API_URL: dead }),
      jp(['ping', '--api-key', KEY], { JASPER_API_KEY: WRONG_KEY }),
    ]);
    expect(fromProfile.code, fromProfile.stderr).toBe(0);
    expect(onlyJson(fromProfile)).toMatchObject({ apiUrl: sandbox.url, profile: 'default' });
    expect(envUrl.code).toBe(75);
    expect(envKey.code).toBe(3);
    expect(flagUrl.code, flagUrl.stderr).toBe(0);
    expect(flagKey.code, flagKey.stderr).toBe(0);
  });

  it('selects the profile by --profile over JASPER_PROFILE over `config use`', async () => {
    const { jp, store } = await fixture();
    const dead = `http://127.0.0.1:${await closedPort()}/api/v1`;
    await store.set('good', 'api-url', sandbox.url);
    await store.set('bad', 'api-url', dead);
    await store.use('bad');
    const env = { JASPER_API_KEY: KEY };

    const [current, viaEnv, flagOverEnv, flag] = await Promise.all([
      jp(['ping'], env),
      jp(['ping', '--json'], { ...env, JASPER_PROFILE: 'good' }),
      jp(['ping', '--profile', 'bad'], { ...env, JASPER_PROFILE: 'good' }),
      jp(['ping', '--profile', 'good'], env),
    ]);
    expect(current.code).toBe(75);
    expect(viaEnv.code).toBe(0);
    expect(onlyJson(viaEnv).profile).toBe('good');
    expect(flagOverEnv.code).toBe(75);
    expect(flag.code).toBe(0);
  });
});

describe.concurrent('config', () => {
  it('normalises a pasted dashboard URL or bare host to https://<host>/api/v1', async () => {
    const { jp } = await fixture();
    const dashboard = await jp(['config', 'set', 'api-url', 'https://acme.pim.jasperpim.com/dashboard/products?page=2']);
    expect(dashboard.stdout).toContain('api-url = https://acme.pim.jasperpim.com/api/v1');
    const bare = await jp(['config', 'set', 'api-url', 'acme.pim.jasperpim.com', '--json']);
    expect(onlyJson(bare)).toEqual({ profile: 'default', key: 'api-url', value: 'https://acme.pim.jasperpim.com/api/v1' });
  });

  it('refuses an http:// URL to a non-loopback host unless --allow-http is given', async () => {
    const { jp, store } = await fixture();
    const refused = await jp(['config', 'set', 'api-url', 'http://pim.example.com']);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain('Refusing plain http://');
    expect(store.get('default')['api-url']).toBeUndefined();
    const allowed = await jp(['config', 'set', 'api-url', 'http://pim.example.com', '--allow-http']);
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toContain('http://pim.example.com/api/v1');
  });

  it('sets, gets, lists, unsets and switches named profiles, masking the key', async () => {
    const { jp, profilesFile } = await fixture();
    // One at a time: each call rewrites the whole file.
    expect((await jp(['config', 'set', 'api-url', 'acme.pim.jasperpim.com', '--profile', 'acme'])).code).toBe(0);
    expect((await jp(['config', 'set', 'api-url', 'globex.pim.jasperpim.com', '--profile', 'globex'])).code).toBe(0);
    expect((await jp(['config', 'set', 'api-key', '--stdin', '--profile', 'acme'], {}, { input: KEY })).code).toBe(0);
    expect((await jp(['config', 'set', 'concurrency', '4', '--profile', 'acme'])).code).toBe(0);
    expect((await jp(['config', 'use', 'acme'])).code).toBe(0);

    const [url, key, list, human] = await Promise.all([
      jp(['config', 'get', 'api-url']),
      jp(['config', 'get', 'api-key', '--profile', 'acme']),
      jp(['config', 'list', '--json']),
      jp(['config', 'list']),
    ]);
    expect(url.stdout.trim()).toBe('https://acme.pim.jasperpim.com/api/v1');
    expect(key.stdout.trim()).toBe(`****${KEY.slice(-4)}`);
    const listed = onlyJson(list);
    expect(listed.current).toBe('acme');
    expect(listed.configFile).toBe(profilesFile);
    expect(listed.profiles).toEqual(
      expect.arrayContaining([
        { name: 'acme', current: true, settings: { 'api-url': 'https://acme.pim.jasperpim.com/api/v1', 'api-key': `****${KEY.slice(-4)}`, concurrency: '4' } },
        { name: 'globex', current: false, settings: { 'api-url': 'https://globex.pim.jasperpim.com/api/v1' } },
      ]),
    );
    expect(human.stdout).toMatch(/^\* acme$/m);
    expect(human.stdout).toMatch(/^ {2}globex$/m);

    expect((await jp(['config', 'unset', 'concurrency'])).code).toBe(0);
    const unset = await jp(['config', 'get', 'concurrency', '--json']);
    expect(unset.code).toBe(1);
    expect(onlyJson(unset)).toEqual({ profile: 'acme', key: 'concurrency', value: null });
  });

  it('writes the profiles file with mode 0600', async () => {
    const { jp, profilesFile } = await fixture();
    expect((await jp(['config', 'set', 'api-key', '--stdin'], {}, { input: KEY })).code).toBe(0);
    expect(fs.statSync(profilesFile).mode & 0o777).toBe(0o600);
  });

  it('loses no update when several `config set` run at the same moment', async () => {
    const { jp, store } = await fixture();
    const settings: [string, string][] = [
      ['throttle-limit', '300'],
      ['throttle-seconds', '30'],
      ['concurrency', '4'],
      ['timeout', '9'],
      ['price-base', 'CA'],
      ['api-url', 'acme.pim.jasperpim.com'],
    ];
    const results = await Promise.all(settings.map(([key, value]) => jp(['config', 'set', key, value])));
    for (const result of results) expect(result.code, result.stderr).toBe(0);
    expect(store.get('default')).toEqual({ ...Object.fromEntries(settings), 'api-url': 'https://acme.pim.jasperpim.com/api/v1' });
  });

  it('waits for a change in progress and applies its own on top of it', async () => {
    const { jp, store, profilesFile } = await fixture();
    await store.set('default', 'concurrency', '3');
    // Another process's read-modify-write, caught in the middle: it holds the lock, has read the
    // file, and writes it back only after our `config set` started.
    const release = await lockfile.lock(profilesFile, { realpath: false });
    const before = JSON.parse(fs.readFileSync(profilesFile, 'utf8'));
    let exited = false;
    const setting = jp(['config', 'set', 'timeout', '9']).finally(() => (exited = true));
    // Time enough for an unlocked `config set` to finish; a locked one is still waiting.
    await Promise.race([setting, new Promise((resolve) => setTimeout(resolve, 2_000))]);
    before.profiles.default['price-base'] = 'CA';
    fs.writeFileSync(profilesFile, JSON.stringify(before));
    await release();
    const result = await setting;
    expect(exited).toBe(true);
    expect(result.code, result.stderr).toBe(0);
    expect(store.get('default')).toEqual({ concurrency: '3', 'price-base': 'CA', timeout: '9' });
  });

  it('rejects unknown settings and out-of-range numbers with exit 2', async () => {
    const { jp } = await fixture();
    const [unknown, tooMany] = await Promise.all([jp(['config', 'set', 'colour', 'blue']), jp(['config', 'set', 'concurrency', '11'])]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown setting "colour"');
    expect(tooMany.code).toBe(2);
    expect(tooMany.stderr).toContain('at most 10');
  });
});

describe.concurrent('rotate-key', () => {
  it('saves a new key only after it answers a ping, then ping works from the profile alone', async () => {
    const { jp, store, profilesFile } = await fixture();
    await store.set('default', 'api-url', sandbox.url);
    const rotated = await jp(['rotate-key', '--stdin'], {}, { input: `${KEY}\n` });
    expect(rotated.code, rotated.stderr).toBe(0);
    expect(rotated.stdout).toContain(`Saved the new key ****${KEY.slice(-4)}`);
    expect(rotated.stdout).toContain('revoke the old key in Jasper under Settings > API Key');
    expect(fs.statSync(profilesFile).mode & 0o777).toBe(0o600);
    const ping = await jp(['ping']);
    expect(ping.code, ping.stderr).toBe(0);
    expect(ping.stdout).toMatch(SERVER_TIME);
  });

  it('keeps the old key when the new one is refused (exit 3), and the old key still works', async () => {
    const { jp, store, storedKey } = await fixture();
    await store.set('default', 'api-url', sandbox.url);
    await store.set('default', 'api-key', KEY);
    const refused = await jp(['rotate-key', '--stdin'], {}, { input: WRONG_KEY });
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain(`The old key ****${KEY.slice(-4)} is still in place`);
    expect(storedKey()).toBe(KEY);
    expect((await jp(['ping'])).code).toBe(0);
  });

  it('keeps the old key when the tenant answers 5xx (exit 75)', async () => {
    const { jp, store, storedKey, sandbox: down } = await fixture({ ownSandbox: true });
    down.addKey(OTHER_KEY);
    down.setFaults({ errorRate: 1 });
    await store.set('default', 'api-url', down.url);
    await store.set('default', 'api-key', KEY);
    expect((await jp(['rotate-key', '--stdin'], {}, { input: OTHER_KEY })).code).toBe(75);
    expect(storedKey()).toBe(KEY);
  });

  it('replaces a working key with another and reminds to revoke the old one', async () => {
    const { jp, store, storedKey, sandbox: own } = await fixture({ ownSandbox: true });
    own.addKey(OTHER_KEY);
    await store.set('default', 'api-url', own.url);
    await store.set('default', 'api-key', KEY);
    const json = await jp(['rotate-key', '--stdin', '--json'], {}, { input: OTHER_KEY });
    expect(json.code).toBe(0);
    expect(onlyJson(json)).toMatchObject({ ok: true, saved: true, key: `****${OTHER_KEY.slice(-4)}`, previousKey: `****${KEY.slice(-4)}` });
    expect(storedKey()).toBe(OTHER_KEY);
    const human = await jp(['rotate-key', '--stdin'], {}, { input: KEY });
    expect(human.stdout).toContain(`Now revoke the old key ****${OTHER_KEY.slice(-4)} in Jasper under Settings > API Key`);
  });

  it('prints one JSON failure document with --json when the new key is refused', async () => {
    const { jp, store } = await fixture();
    await store.set('default', 'api-url', sandbox.url);
    const result = await jp(['rotate-key', '--stdin', '--json'], {}, { input: WRONG_KEY });
    expect(result.code).toBe(3);
    expect(onlyJson(result)).toMatchObject({ ok: false, saved: false, error: { kind: 'authentication', status: 401, exitCode: 3 } });
  });

  it('saves the URL from JASPER_API_URL with the key when the profile has none', async () => {
    const { jp, store } = await fixture();
    const result = await jp(['rotate-key', '--stdin'], { JASPER_API_URL: sandbox.url }, { input: KEY });
    expect(result.code, result.stderr).toBe(0);
    expect(store.get('default')).toEqual({ 'api-url': sandbox.url, 'api-key': KEY });
  });

  it('refuses to check the key against JASPER_API_URL when the profile points at another tenant (exit 3)', async () => {
    const { jp, store } = await fixture();
    await store.set('default', 'api-url', 'https://acme.pim.jasperpim.com/api/v1');
    const result = await jp(['rotate-key', '--stdin'], { JASPER_API_URL: sandbox.url }, { input: KEY });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('checked against one tenant and saved for another');
    expect(store.get('default')['api-key']).toBeUndefined();
  });

  it('refuses to prompt without a terminal: usage error, exit 2', async () => {
    const { jp, store } = await fixture();
    await store.set('default', 'api-url', sandbox.url);
    const result = await jp(['rotate-key']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--stdin');
  });

  it('says to set the API URL first when the profile has none (exit 3)', async () => {
    const { jp } = await fixture();
    const result = await jp(['rotate-key', '--stdin'], {}, { input: KEY });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('config set api-url');
  });
});

describe('sandbox command', () => {
  it('prints its URL on stdout, answers ping, and exits 0 on SIGINT', async () => {
    const { jp, work } = await fixture();
    const { url, stop } = await startSandboxCli(['--port', '0', '--key', KEY], { JASPER_PUSH_CONFIG_DIR: work.configDir }, work.dir);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v1$/);

    const ping = await jp(['ping'], { JASPER_API_URL: url, JASPER_API_KEY: KEY });
    expect(ping.code, ping.stderr).toBe(0);
    expect(ping.stdout).toMatch(SERVER_TIME);

    const result = await stop();
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`****${KEY.slice(-4)}`);
    expect(result.stderr).not.toContain(KEY);
  });
});
