#!/usr/bin/env node
// Fetches the public datasets some tests read (commercetools Sunrise, Magento Luma, WooCommerce's
// sample, Vendure, Saleor) as published at pinned commits, and checks each file's SHA-256 against
// scripts/datasets.json before keeping it: a file that does not match is refused, never written.
// Plain Node (20+), no dependencies. Run `node scripts/datasets.mjs --help` for the options.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_BASE_URL = 'https://raw.githubusercontent.com';
const TIMEOUT_MS = 60_000;

const USAGE = `Usage: npm run datasets -- [options] [dataset...]

Fetches the public datasets (all, or the ones named) into <out>/<dataset>/ and checks their SHA-256.
Files already there with the right hash are kept as they are.

Options:
  --out <dir>         where to put them (env JASPER_PUSH_DATASETS; default ../shared/datasets beside the checkout)
  --base-url <url>    where to fetch from: <url>/<owner>/<repo>/<commit>/<path>
                      (env JASPER_PUSH_DATASETS_URL; default ${DEFAULT_BASE_URL})
  --manifest <file>   the list of files and hashes (default scripts/datasets.json)
  -h, --help          this text`;

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

function options() {
  try {
    return parseArgs({
      options: { out: { type: 'string' }, 'base-url': { type: 'string' }, manifest: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
    });
  } catch (error) {
    console.error(`${error.message}\n\n${USAGE}`);
    process.exit(2);
  }
}

/** The file at `target` when it is already there and intact, so nothing is fetched again. */
function intact(target, hash) {
  return fs.existsSync(target) && sha256(fs.readFileSync(target)) === hash;
}

async function fetchOne(url, entry, target) {
  let response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (error) {
    return `${url}: ${error.cause?.message ?? error.message}`;
  }
  if (!response.ok) return `${url}: HTTP ${response.status}`;
  const bytes = Buffer.from(await response.arrayBuffer());
  const hash = sha256(bytes);
  if (hash !== entry.sha256) return `${url}: SHA-256 ${hash} is not the pinned ${entry.sha256}; refused, not written`;
  fs.mkdirSync(path.dirname(target), { recursive: true });
  // Written beside the target and renamed, so an interrupted run never leaves half a file under its name.
  fs.writeFileSync(`${target}.part`, bytes);
  fs.renameSync(`${target}.part`, target);
  return undefined;
}

async function main() {
  const { values, positionals } = options();
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const out = path.resolve(values.out ?? (process.env.JASPER_PUSH_DATASETS || path.join(ROOT, '../shared/datasets')));
  const baseUrl = (values['base-url'] ?? (process.env.JASPER_PUSH_DATASETS_URL || DEFAULT_BASE_URL)).replace(/\/+$/, '');
  const manifest = JSON.parse(fs.readFileSync(values.manifest ?? path.join(ROOT, 'scripts/datasets.json'), 'utf8'));
  const unknown = positionals.filter((name) => !(name in manifest.datasets));
  if (unknown.length > 0) {
    console.error(`No dataset named ${unknown.join(', ')}; the datasets are ${Object.keys(manifest.datasets).join(', ')}.`);
    return 2;
  }

  const counts = { fetched: 0, present: 0 };
  const failures = [];
  for (const name of positionals.length > 0 ? positionals : Object.keys(manifest.datasets)) {
    const { license, files } = manifest.datasets[name];
    for (const entry of files) {
      const target = path.join(out, name, entry.file);
      if (intact(target, entry.sha256)) {
        counts.present++;
        continue;
      }
      const failure = await fetchOne(`${baseUrl}/${entry.repo}/${entry.commit}/${entry.path}`, entry, target);
      if (failure) failures.push(`${name}/${entry.file}: ${failure}`);
      else counts.fetched++;
    }
    console.log(`${name} (${license}): ${files.length} files`);
  }
  console.log(`Datasets in ${out}: ${counts.fetched} fetched, ${counts.present} already there, ${failures.length} failed.`);
  for (const failure of failures) console.error(`error ${failure}`);
  return failures.length > 0 ? 1 : 0;
}

process.exitCode = await main();
