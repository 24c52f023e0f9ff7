// Spawns the built CLI as a user would, with its own config folder and working directory.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = path.join(ROOT, 'bin/jasper-push.js');
export const FIXTURES = path.join(ROOT, 'fixtures');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  env?: Record<string, string | undefined>;
  input?: string;
  cwd?: string;
  timeoutMs?: number;
  /** Options for node itself, before the CLI's path (e.g. `--import` a test's preload). */
  nodeArgs?: string[];
}

/** The run's folder for scratch folders (test/global-setup.ts), or the system's outside a Vitest run. */
export function testTmpdir(): string {
  return process.env.JASPER_PUSH_TEST_TMP ?? os.tmpdir();
}

/** A scratch folder per test: config dir (profiles, cache, locks) and working dir (run files). */
export function scratch(prefix = 'jp-test-'): { dir: string; configDir: string; cleanup(): void } {
  const dir = fs.mkdtempSync(path.join(testTmpdir(), prefix));
  const configDir = path.join(dir, 'config');
  return { dir, configDir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export function spawnCli(args: string[], options: CliOptions = {}): ChildProcess {
  const env: Record<string, string> = {};
  // The developer's own JASPER_* settings must not leak into a test: each test says what it sets.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('JASPER_')));
  for (const [name, value] of Object.entries({ ...inherited, NO_COLOR: '1', ...options.env })) {
    if (value !== undefined && !name.startsWith('VITEST') && name !== 'NODE_OPTIONS') env[name] = value;
  }
  return spawn(process.execPath, [...(options.nodeArgs ?? []), BIN, ...args], { cwd: options.cwd ?? ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
}

export function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  const child = spawnCli(args, options);
  return collect(child, options);
}

export function collect(child: ChildProcess, options: CliOptions = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  if (options.input !== undefined) child.stdin!.end(options.input);
  else child.stdin!.end();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`jasper-push timed out\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    }, options.timeoutMs ?? 60_000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** A port nothing listens on: take a free one, then let it go. */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** `jasper-push sandbox …` in a child process, once it printed its URL. */
export async function startSandboxCli(args: string[], env: Record<string, string>, cwd?: string): Promise<{ url: string; stop(): Promise<CliResult> }> {
  const child = spawnCli(['sandbox', ...args], { env, ...(cwd ? { cwd } : {}) });
  const finished = collect(child, { timeoutMs: 30_000 });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk) => {
      out += chunk;
      const line = out.split('\n').find((candidate) => candidate.startsWith('http'));
      if (line) resolve(line.trim());
    });
    child.on('exit', () => reject(new Error(`the sandbox exited before printing its URL: ${out}`)));
  });
  return {
    url,
    stop: () => {
      child.kill('SIGINT');
      return finished;
    },
  };
}
