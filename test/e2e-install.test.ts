// Installed like users install it: the packed tarball into an empty prefix (dependencies from the
// npm registry or the local cache), then the installed command, not this checkout's.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, scratch } from './helpers/cli.js';

const run = promisify(execFile);
const INSTALL_TIMEOUT_MS = 300_000;

describe('the packed package, installed into an empty prefix', () => {
  const work = scratch('jp-install-');
  const prefix = path.join(work.dir, 'prefix');
  const bin = path.join(prefix, 'bin', 'jasper-push');
  // The installed bin starts with `#!/usr/bin/env node`: the Node running these tests comes first on PATH.
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}`, NO_COLOR: '1' };
  for (const name of Object.keys(env)) if (name.startsWith('JASPER_') || name.startsWith('VITEST') || name === 'NODE_OPTIONS') delete env[name];
  // Native addons (better-sqlite3) are built from source here if they must be (no prebuilt download): against the headers of
  // the Node that runs them, which sit beside its binary (/usr/include/node for Debian's Node, include/node in the registry's Node 24).
  const nodeDir = path.dirname(path.dirname(process.execPath));
  if (fs.existsSync(path.join(nodeDir, 'include/node/node.h'))) env.npm_config_nodedir = nodeDir;
  // better-sqlite3's install script runs prebuild-install first, which takes a "local prebuild" before any download:
  // <name>-v<version>-node-v<abi>-<platform>-<arch>.tar.gz in its local-prebuilds folder, unpacked into the installed
  // package and require()d, so a binary that does not load fails it (and npm compiles). This checkout's addon is built for
  // the Node running the tests (.ci/native-addons.sh rebuilds it for Node 24), so offered as that prebuild it spares the
  // ~50 s compile. The folder is set in a .prebuild-installrc in the scratch folder, which prebuild-install's rc finds
  // walking up from the package it installs (npm would warn about an npm_config_ variable it does not know).
  beforeAll(async () => {
    // The test run built dist/ already; packing again must not rebuild it under the other tests' feet.
    expect(fs.existsSync(path.join(ROOT, 'dist/bundle/main.js'))).toBe(true);
    const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work.dir], { cwd: ROOT, env });
    const [packed] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
    // Only what a user needs: the bundle bin runs, not tsc's modules; no sources, tests or tools.
    expect(packed!.files.every((file) => /^(bin|dist\/bundle|fixtures\/demo)\/|^(package\.json|README\.md|LICENSE)$/.test(file.path))).toBe(true);
    expect(packed!.files.map((file) => file.path)).toContain('dist/bundle/main.js');
    fs.mkdirSync(prefix);
    await offerLocalPrebuild(work.dir);
    await run('npm', ['install', '--global', '--prefix', prefix, '--no-audit', '--no-fund', '--prefer-offline', path.join(work.dir, packed!.filename)], {
      cwd: work.dir,
      env,
      timeout: INSTALL_TIMEOUT_MS,
    });
  }, INSTALL_TIMEOUT_MS);
  afterAll(() => work.cleanup());

  it('prints its version', async () => {
    const { stdout } = await run(bin, ['--version'], { cwd: work.dir, env });
    const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(stdout.trim()).toBe(version);
  });

  it('runs the demo: its own sandbox, the bundled catalog pushed, the run files and report written', async () => {
    const cwd = path.join(work.dir, 'demo');
    fs.mkdirSync(cwd);
    const { stdout, stderr } = await run(bin, ['demo'], { cwd, env: { ...env, JASPER_PUSH_CONFIG_DIR: path.join(work.dir, 'config') }, timeout: 120_000 });
    expect(stdout + stderr).toMatch(/The sandbox now holds 10 categories, 11 products/);
    const runs = fs.readdirSync(path.join(cwd, '.jasper-push/runs'));
    expect(runs).toHaveLength(2);
    for (const id of runs) expect(fs.existsSync(path.join(cwd, '.jasper-push/runs', id, 'report.html'))).toBe(true);
  });
});

/** Packs node_modules/better-sqlite3's built addon as the prebuild prebuild-install looks for, for installs under `dir`. */
async function offerLocalPrebuild(dir: string): Promise<void> {
  const addon = path.join(ROOT, 'node_modules/better-sqlite3');
  const binary = 'build/Release/better_sqlite3.node';
  if (!fs.existsSync(path.join(addon, binary))) return;
  // Named for this checkout's version: should npm resolve another one, nothing matches and npm compiles, as before.
  // prebuild-install adds a libc part to the name off glibc only (e.g. -musl): there too nothing matches.
  const { version } = JSON.parse(fs.readFileSync(path.join(addon, 'package.json'), 'utf8')) as { version: string };
  const name = `better-sqlite3-v${version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`;
  const prebuilds = path.join(dir, 'prebuilds');
  fs.mkdirSync(prebuilds);
  await run('tar', ['-czf', path.join(prebuilds, name), '-C', addon, binary]);
  fs.writeFileSync(path.join(dir, '.prebuild-installrc'), JSON.stringify({ 'local-prebuilds': prebuilds }));
}
