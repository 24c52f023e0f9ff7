// `npm run datasets` (scripts/datasets.mjs) against files served from 127.0.0.1: it fetches what
// its manifest lists, keeps only files whose SHA-256 matches, and fetches nothing already there.
// Stand-in files with their own manifest make this run anywhere; the real manifest is checked
// against the team's copies when ../shared/datasets (or JASPER_PUSH_DATASETS) is there.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ROOT, scratch } from './helpers/cli.js';
import { datasetsRoot } from './helpers/datasets.js';

const SCRIPT = path.join(ROOT, 'scripts/datasets.mjs');
const COMMIT = 'c0ffee'.padEnd(40, '0');
const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

interface Entry {
  file: string;
  repo: string;
  commit: string;
  path: string;
  sha256: string;
}
interface Manifest {
  datasets: Record<string, { license: string; files: Entry[] }>;
}

/** URL path → bytes; every request is recorded. */
let served: Map<string, Buffer>;
let requested: string[];
let server: http.Server;
let baseUrl: string;
let work: ReturnType<typeof scratch>;

beforeAll(async () => {
  served = new Map();
  server = http.createServer((request, response) => {
    requested.push(request.url!);
    const bytes = served.get(request.url!);
    response.writeHead(bytes ? 200 : 404).end(bytes ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  work = scratch('jp-datasets-');
});
// Each test counts only its own requests, whatever order the tests run in.
beforeEach(() => {
  requested = [];
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  work.cleanup();
});

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('JASPER_PUSH_DATASETS')));
  const child = spawn(process.execPath, [SCRIPT, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

/** A manifest of stand-in files, served as published; returns the manifest's path. */
function standIns(name: string, files: Record<string, string>): string {
  const entries = Object.entries(files).map(([file, text]) => {
    const entry = { file, repo: 'example/catalogs', commit: COMMIT, path: `data/${file}`, sha256: sha256(text) };
    served.set(`/${entry.repo}/${entry.commit}/${entry.path}`, Buffer.from(text));
    return entry;
  });
  const manifest = path.join(work.dir, `${name}.json`);
  fs.writeFileSync(manifest, JSON.stringify({ datasets: { [name]: { license: 'MIT', files: entries } } }));
  return manifest;
}

describe('npm run datasets', () => {
  it('fetches every listed file from the base URL, checks it, and fetches nothing already there', async () => {
    const files = { 'products.csv': 'sku,name\nA-1,Mug\n', 'LICENSE.txt': 'MIT License\n', 'gear/bags.csv': 'sku\nBAG-1\n' };
    const manifest = standIns('stand-in', files);
    const out = path.join(work.dir, 'fetched');
    const first = await run(['--base-url', baseUrl, '--out', out, '--manifest', manifest]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain(`Datasets in ${out}: 3 fetched, 0 already there, 0 failed.`);
    for (const [file, text] of Object.entries(files)) expect(fs.readFileSync(path.join(out, 'stand-in', file), 'utf8')).toBe(text);
    expect(requested.sort()).toEqual(
      Object.keys(files)
        .map((file) => `/example/catalogs/${COMMIT}/data/${file}`)
        .sort(),
    );

    requested = [];
    const again = await run(['--base-url', baseUrl, '--out', out, '--manifest', manifest]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('0 fetched, 3 already there, 0 failed.');
    expect(requested).toEqual([]);
  });

  it('refuses a file whose SHA-256 is not the pinned one, writes nothing under its name, and exits 1; a missing file too', async () => {
    const manifest = standIns('tampered', { 'good.csv': 'sku\nOK-1\n', 'bad.csv': 'sku\nBAD-1\n', 'gone.csv': 'sku\nGONE-1\n' });
    served.set(`/example/catalogs/${COMMIT}/data/bad.csv`, Buffer.from('sku\nBAD-1\nEVIL-1\n'));
    served.delete(`/example/catalogs/${COMMIT}/data/gone.csv`);
    const out = path.join(work.dir, 'tampered-out');
    const result = await run(['--base-url', `${baseUrl}/`, '--out', out, '--manifest', manifest]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('1 fetched, 0 already there, 2 failed.');
    expect(result.stderr).toContain(
      `error tampered/bad.csv: ${baseUrl}/example/catalogs/${COMMIT}/data/bad.csv: SHA-256 ${sha256('sku\nBAD-1\nEVIL-1\n')} is not the pinned ${sha256('sku\nBAD-1\n')}; refused, not written`,
    );
    expect(result.stderr).toContain(`error tampered/gone.csv: ${baseUrl}/example/catalogs/${COMMIT}/data/gone.csv: HTTP 404`);
    expect(fs.readdirSync(path.join(out, 'tampered'))).toEqual(['good.csv']);
  });

  it('names the datasets when asked for one it does not know (exit 2)', async () => {
    const result = await run(['--base-url', baseUrl, '--out', path.join(work.dir, 'none'), 'no-such-dataset']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'No dataset named no-such-dataset; the datasets are commercetools-sunrise, magento2-luma, vendure-mock-data, woocommerce-sample, saleor-populatedb.',
    );
  });

  it('pins every file of the real manifest to a commit and a SHA-256, with its license beside its data', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'scripts/datasets.json'), 'utf8')) as Manifest;
    for (const [name, { license, files }] of Object.entries(manifest.datasets)) {
      expect(license, name).not.toBe('');
      expect(
        files.some((entry) => /^LICENSE/.test(entry.file)),
        name,
      ).toBe(true);
      for (const entry of files) {
        expect(entry.commit, entry.file).toMatch(/^[0-9a-f]{40}$/);
        expect(entry.sha256, entry.file).toMatch(/^[0-9a-f]{64}$/);
        expect(entry.repo, entry.file).toMatch(/^[\w.-]+\/[\w.-]+$/);
      }
    }
  });

  const shared = datasetsRoot();
  it.skipIf(!fs.existsSync(path.join(shared, 'woocommerce-sample')))(
    "the real manifest's hashes are those of the team's copies, which it fetches and accepts as published (WooCommerce's sample, served from them)",
    async () => {
      const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'scripts/datasets.json'), 'utf8')) as Manifest;
      for (const [name, { files }] of Object.entries(manifest.datasets)) {
        for (const entry of files) expect(sha256(fs.readFileSync(path.join(shared, name, entry.file))), `${name}/${entry.file}`).toBe(entry.sha256);
      }
      for (const entry of manifest.datasets['woocommerce-sample']!.files) {
        served.set(`/${entry.repo}/${entry.commit}/${entry.path}`, fs.readFileSync(path.join(shared, 'woocommerce-sample', entry.file)));
      }
      const out = path.join(work.dir, 'real');
      const result = await run(['--base-url', baseUrl, '--out', out, 'woocommerce-sample']);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain('woocommerce-sample (GPL-3.0-or-later): 2 files');
      expect(result.stdout).toContain('2 fetched, 0 already there, 0 failed.');
      expect(fs.readdirSync(path.join(out, 'woocommerce-sample')).sort()).toEqual(['LICENSE.txt', 'sample_products.csv']);
    },
  );
});
