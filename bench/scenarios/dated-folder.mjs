// Issue 16: the nightly pair (products.csv, then inventory.csv with bins) pushed once, then the
// same two files copied to a dated folder (`2026-12-03/`) and pushed again. Where a row came from
// must not change what is written: the second night makes no write, only the reads a push makes
// to check the tenant. The sandbox is strict, so a write carrying an undocumented key fails.
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse';
import { writeCatalog } from '../generate-catalog.mjs';
import { requestStats } from '../lib/metrics.mjs';
import { outcome, progress, startTenant, UNTHROTTLED } from '../lib/tenant.mjs';

const SEED = 11;
const NIGHT = '2026-12-03';

/** products.csv's `inventory:<Location>` cells as inventory.csv rows, each with a bin; returns the row count. */
async function writeStockFeed(products, file) {
  const out = fs.createWriteStream(file);
  out.write('sku,location,count_on_hand,bin\n');
  let rows = 0;
  let locations;
  for await (const record of fs.createReadStream(products).pipe(parse())) {
    if (!locations) {
      locations = record.flatMap((name, index) => (name.startsWith('inventory:') ? [[name.slice('inventory:'.length), index]] : []));
      continue;
    }
    for (const [location, index] of locations) {
      if (record[index] === '') continue;
      if (!out.write(`${record[0]},${location},${record[index]},BIN-${record[0].slice(-3)}\n`)) await new Promise((resolve) => out.once('drain', resolve));
      rows++;
    }
  }
  await new Promise((resolve, reject) => out.end((error) => (error ? reject(error) : resolve())));
  return rows;
}

export async function datedFolder(work, { products, timeoutMs, name = 'dated' }) {
  const tenant = await startTenant(work, name, {});
  try {
    const productsFile = path.join(tenant.dir, 'products.csv');
    const inventoryFile = path.join(tenant.dir, 'inventory.csv');
    const rows = writeCatalog(productsFile, { products, seed: SEED });
    const stockRows = await writeStockFeed(productsFile, inventoryFile);
    const push = async (label, kind, file) => {
      tenant.since();
      const result = await tenant.push([kind, file, '--json', ...UNTHROTTLED], { timeoutMs });
      const seen = requestStats(tenant.since());
      progress(`${name}: ${label}: exit ${result.code}, ${seen.calls} calls (${seen.writes} writes) in ${Math.round(result.wallMs)} ms`);
      return {
        ...outcome(result),
        calls: seen.calls,
        reads: seen.reads,
        writes: seen.writes,
        wallMs: Math.round(result.wallMs),
      };
    };
    progress(`${name}: ${rows} products and ${stockRows} inventory rows (with bins), no latency, unthrottled`);
    const first = {
      products: await push('first night, products.csv', 'products', productsFile),
      inventory: await push('first night, inventory.csv', 'inventory', inventoryFile),
    };
    const night = path.join(tenant.dir, NIGHT);
    fs.mkdirSync(night);
    for (const file of [productsFile, inventoryFile]) fs.copyFileSync(file, path.join(night, path.basename(file)));
    const dated = {
      products: await push(`${NIGHT}/products.csv`, 'products', path.join(night, 'products.csv')),
      inventory: await push(`${NIGHT}/inventory.csv`, 'inventory', path.join(night, 'inventory.csv')),
    };
    const undocumented = tenant.sandbox.requests.filter((request) => request.undocumented).length;
    return { products: rows, stockRows, first, dated, datedWrites: dated.products.writes + dated.inventory.writes, undocumented };
  } finally {
    await tenant.close();
  }
}
