// A sandbox tenant in this process plus a scratch folder, and the built CLI spawned as a child
// process against it, the way a user or a cron job runs it.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSandbox } from '../../dist/sandbox/index.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = path.join(ROOT, 'bin/jasper-push.js');
export const BENCH_KEY = 'jp-bench-key-0123456789abcdef01234567';
export const UNTHROTTLED = ['--throttle-limit', '1000000', '--throttle-seconds', '1', '--concurrency', '10'];
const TIME_BIN = '/usr/bin/time';

/** A scratch folder for the whole bench run; removed at the end. */
export function scratchRoot() {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'jp-bench-'));
}

export const progress = (message) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);

/**
 * Starts a sandbox and a folder for one tenant: config dir (change cache, lock) and run dir,
 * both kept for every push to this tenant so reruns are deltas.
 */
export async function startTenant(work, name, faults = {}, seed = 1) {
  // Strict: a write carrying a key the reference does not document is refused (SPEC §4).
  const sandbox = await startSandbox({ port: 0, keys: [BENCH_KEY], faults, seed, strict: true });
  const dir = path.join(work, name);
  fs.mkdirSync(dir, { recursive: true });
  const configDir = path.join(dir, 'config');
  const runDir = path.join(dir, 'runs');
  const env = { JASPER_API_URL: sandbox.url, JASPER_API_KEY: BENCH_KEY, JASPER_PUSH_CONFIG_DIR: configDir };
  let mark = 0;
  return {
    sandbox,
    dir,
    runDir,
    env,
    /** Requests since the last call to `since()` (or since start). */
    since() {
      const slice = sandbox.requests.slice(mark);
      mark = sandbox.requests.length;
      return slice;
    },
    spawnPush: (args, options = {}) => spawnCli(['push', ...args, '--run-dir', runDir], { ...options, env, cwd: dir }),
    push: (args, options = {}) => runCli(['push', ...args, '--run-dir', runDir], { ...options, env, cwd: dir }),
    close: () => sandbox.close(),
  };
}

export function spawnCli(args, { env = {}, cwd = ROOT, measureRss = false } = {}) {
  const childEnv = { ...process.env, NO_COLOR: '1', ...env };
  delete childEnv.NODE_OPTIONS;
  const useTime = measureRss && fs.existsSync(TIME_BIN);
  const command = useTime ? TIME_BIN : process.execPath;
  const argv = useTime ? ['-f', 'BENCH_MAXRSS_KB=%M', process.execPath, BIN, ...args] : [BIN, ...args];
  // Its own process group, so a timeout also ends the node process under /usr/bin/time.
  const child = spawn(command, argv, { cwd, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  child.startedAt = performance.now();
  live.add(child);
  child.on('close', () => live.delete(child));
  return child;
}

/** Children still running; ended (by their own pid group) if the bench itself exits early. */
const live = new Set();
export function killGroup(child, signal = 'SIGKILL') {
  try {
    process.kill(-child.pid, signal);
  } catch {
    child.kill(signal);
  }
}
process.on('exit', () => {
  for (const child of live) killGroup(child);
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    for (const child of live) killGroup(child);
    process.exit(130);
  });
}

/**
 * Waits for a spawned CLI. Resolves { code, signal, stdout, stderr, wallMs, json, timedOut,
 * maxRssKb }; a run longer than timeoutMs is killed (SIGKILL) and flagged.
 */
export function collect(child, { timeoutMs = 600_000 } = {}) {
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve) => {
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child);
    }, timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const wallMs = performance.now() - child.startedAt;
      let json;
      try {
        json = JSON.parse(stdout);
      } catch {
        json = undefined;
      }
      const rss = /BENCH_MAXRSS_KB=(\d+)/.exec(stderr);
      resolve({ code, signal, stdout, stderr, wallMs, json, timedOut, maxRssKb: rss ? Number(rss[1]) : undefined });
    });
  });
}

export function runCli(args, options = {}) {
  return collect(spawnCli(args, options), options);
}

/** Resolves once the sandbox has seen `count` more requests than now (polling every 2 ms). */
export function afterRequests(sandbox, count) {
  const target = sandbox.requests.length + count;
  return new Promise((resolve) => {
    const timer = setInterval(() => {
      if (sandbox.requests.length >= target) {
        clearInterval(timer);
        resolve();
      }
    }, 2);
  });
}

/** A short description of a failed CLI run, for the report. */
/** A CLI run's exit code, whether it succeeded in time, and why not. */
export function outcome(result) {
  return { exitCode: result.code, ok: result.code === 0 && !result.timedOut, error: result.code === 0 ? undefined : failureText(result) };
}

export function failureText(result) {
  if (result.timedOut) return `timed out after ${Math.round(result.wallMs / 1000)} s`;
  const tail = (result.stderr + result.stdout).trim().split('\n').slice(-6).join(' | ');
  return `exit ${result.code ?? result.signal}: ${tail.slice(0, 500)}`;
}
