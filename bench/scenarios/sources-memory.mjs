// Issue 9: a 100,000-row export of each platform pushed with --from <source> --dry-run (read,
// validated, planned) against an empty sandbox: peak RSS next to the section 3 figure (memory.mjs).
import fs from 'node:fs';
import path from 'node:path';
import { writeMagentoExport, writeShopifyExport, writeWooExport } from '../generate-sources.mjs';
import { progress, startTenant } from '../lib/tenant.mjs';
import { measuredPush } from './push-scale.mjs';

const WRITERS = { shopify: writeShopifyExport, woocommerce: writeWooExport, magento: writeMagentoExport };

export async function sourcesMemory(work, { rows, timeoutMs }) {
  const figures = {};
  for (const [source, write] of Object.entries(WRITERS)) {
    const tenant = await startTenant(work, `sources-${source}`, {});
    const file = path.join(tenant.dir, `${source}-export.csv`);
    try {
      const written = write(file, rows);
      const sizeMb = Math.round(fs.statSync(file).size / 1024 / 1024);
      progress(`sources: ${source} export of ${written} rows (${sizeMb} MB) — push products --from ${source} --dry-run`);
      const measured = await measuredPush(tenant, file, written, timeoutMs, ['--from', source, '--dry-run']);
      figures[source] = {
        rows: written,
        fileMb: sizeMb,
        exitCode: measured.exitCode,
        ok: measured.ok,
        error: measured.error,
        entries: measured.rows?.total,
        wallMs: measured.wallMs,
        peakRssMb: measured.peakRssMb,
        timeMaxRssMb: measured.timeMaxRssMb,
        rssMb: measured.timeMaxRssMb ?? measured.peakRssMb,
      };
      progress(`sources: ${source}: exit ${measured.exitCode} in ${measured.wallMs} ms, peak RSS ${figures[source].rssMb} MB`);
    } finally {
      await tenant.close();
    }
  }
  return figures;
}
