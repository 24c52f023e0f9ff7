// Scenario 7: a 100,000-row products CSV validated and planned (--dry-run) against an empty
// sandbox. Peak RSS from the CLI's own JSON summary and, where available, from /usr/bin/time.
import fs from 'node:fs';
import path from 'node:path';
import { writeCatalog } from '../generate-catalog.mjs';
import { requestStats } from '../lib/metrics.mjs';
import { failureText, progress, startTenant, UNTHROTTLED } from '../lib/tenant.mjs';

export async function dryRunMemory(work, { rows, timeoutMs }) {
  const tenant = await startTenant(work, 'memory', {});
  const file = path.join(tenant.dir, 'big.csv');
  try {
    const written = writeCatalog(file, { products: rows, seed: 7 });
    const sizeMb = Math.round(fs.statSync(file).size / 1024 / 1024);
    progress(`memory: ${written} rows (${sizeMb} MB) — push products big.csv --dry-run`);
    const result = await tenant.push(['products', file, '--dry-run', '--json', ...UNTHROTTLED], { timeoutMs, measureRss: true });
    const json = result.json ?? {};
    const seen = requestStats(tenant.sandbox.requests);
    const out = {
      rows: written,
      fileMb: sizeMb,
      exitCode: result.code,
      ok: result.code === 0 && !result.timedOut,
      error: result.code === 0 ? undefined : failureText(result),
      mode: json.mode,
      // The JSON's `calls` are the reads the dry run made; the plan is in its entity counts.
      readCalls: json.calls,
      plannedWrites: plannedWrites(json.entities),
      jsonRows: json.rows,
      peakRssMb: json.peakRssMb,
      timeMaxRssMb: result.maxRssKb ? Math.round(result.maxRssKb / 1024) : undefined,
      wallMs: Math.round(result.wallMs),
      cliDurationMs: json.durationMs,
      sandboxCalls: seen.calls,
      sandboxWrites: seen.writes,
      entities: json.entities,
    };
    out.rssMb = out.peakRssMb ?? out.timeMaxRssMb;
    progress(`memory: exit ${result.code} in ${out.wallMs} ms; peakRssMb (JSON) ${out.peakRssMb}, /usr/bin/time ${out.timeMaxRssMb} MB`);
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
