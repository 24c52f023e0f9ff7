// Scenario 7: a 100,000-row products CSV validated and planned (--dry-run) against an empty
// sandbox. Peak RSS from the CLI's own JSON summary and, where available, from /usr/bin/time.
import fs from 'node:fs';
import path from 'node:path';
import { writeCatalog } from '../generate-catalog.mjs';
import { progress, startTenant } from '../lib/tenant.mjs';
import { measuredPush } from './push-scale.mjs';

export async function dryRunMemory(work, { rows, timeoutMs, name = 'memory' }) {
  const tenant = await startTenant(work, name, {});
  const file = path.join(tenant.dir, 'big.csv');
  try {
    const written = writeCatalog(file, { products: rows, seed: 7 });
    const sizeMb = Math.round(fs.statSync(file).size / 1024 / 1024);
    progress(`memory: ${written} rows (${sizeMb} MB) — push products big.csv --dry-run`);
    const measured = await measuredPush(tenant, file, written, timeoutMs, ['--dry-run']);
    const out = {
      ...measured,
      rows: written,
      fileMb: sizeMb,
      jsonRows: measured.rows,
      // The JSON's `calls` are the reads the dry run made; the plan is in its entity counts.
      readCalls: measured.cliCalls,
      plannedWrites: plannedWrites(measured.entities),
      sandboxCalls: measured.calls,
      sandboxWrites: measured.writes,
    };
    out.rssMb = out.peakRssMb ?? out.timeMaxRssMb;
    progress(`memory: exit ${out.exitCode} in ${out.wallMs} ms; peakRssMb (JSON) ${out.peakRssMb}, /usr/bin/time ${out.timeMaxRssMb} MB`);
    return out;
  } finally {
    await tenant.close();
  }
}

/** Creates + updates over every entity of a dry run's summary: the writes it would make. */
function plannedWrites(entities) {
  if (!entities) return undefined;
  return Object.values(entities).reduce((sum, counts) => sum + (counts.created ?? 0) + (counts.updated ?? 0), 0);
}

/**
 * About 10 minutes: a real first load of `rows` products into an empty sandbox with no
 * latency, then the unchanged nightly rerun, which plans every row against a change cache of
 * ~800,000 entries. Peak RSS of both, and the rerun's writes.
 */
export async function nightlyMemory(work, { rows, timeoutMs }) {
  const tenant = await startTenant(work, 'nightly', {});
  const file = path.join(tenant.dir, 'big.csv');
  try {
    const written = writeCatalog(file, { products: rows, seed: 7 });
    const run = async (label) => {
      progress(`nightly: ${label} of ${written} rows (no latency, unthrottled)`);
      const out = await measuredPush(tenant, file, written, timeoutMs);
      out.rssMb = out.timeMaxRssMb ?? out.peakRssMb;
      progress(`nightly: ${label}: exit ${out.exitCode}, ${out.calls} calls in ${out.wallMs} ms, peak RSS ${out.rssMb} MB`);
      return out;
    };
    const first = await run('first load');
    const rerun = await run('unchanged rerun');
    const cacheDir = path.join(tenant.dir, 'config', 'cache');
    const cacheMb = fs.existsSync(cacheDir)
      ? Math.round(fs.readdirSync(cacheDir).reduce((sum, name) => sum + fs.statSync(path.join(cacheDir, name)).size, 0) / 1024 / 1024)
      : undefined;
    return { rows: written, first, rerun, cacheMb };
  } finally {
    await tenant.close();
  }
}
