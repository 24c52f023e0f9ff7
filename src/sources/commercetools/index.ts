// --from commercetools (SPEC §11): the project is read over its API into section 3 files
// (exporter.ts), which are then read like any section 3 catalog, so validation, the plan, batches,
// the change cache, --dry-run, --resume and the run files work as for any input. Where the files
// go (a push's spool, validate's scratch folder, convert's --out) is the command's business.
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../../errors.js';
import { type CatalogSource, readSection3File, type SourceRead, type SyncTarget } from '../catalog-api.js';
import type { SourceEnvironment, SourceOptions } from '../source-options.js';
import type { ExportCounts } from './exporter.js';
import { type ReadFlags, readFlags } from './read-flags.js';
import { type CommercetoolsSettings, commercetoolsSettings } from './settings.js';
import { CATEGORIES_FILE, EXPORT_INFO_FILE, PRODUCTS_FILE } from './spool-files.js';
import { lastSuccessfulRead, recordSuccessfulRead, type SyncKey } from './sync-state.js';
import { counted } from '../../counted.js';

export function commercetoolsSource(options: SourceOptions): CatalogSource {
  const flags = readFlags(options.flags, options.use);
  const { environment } = options;
  // Read when first needed: a command refused for its flags or its files needs no settings.
  let settings: CommercetoolsSettings | undefined;
  const project = () => (settings ??= commercetoolsSettings(environment));
  return {
    name: 'commercetools',
    open: (_files, context) => Promise.resolve({ rows: (file, sink) => readSection3File(file, context, sink) }),
    reader: {
      noun: 'project',
      spoolName: (tenant) => `commercetools-${project().projectKey}@${tenant}`,
      read: (folder, sync) => readProject(project(), flags, environment, folder, sync),
      reopen: (folder, sync) => projectRead(project(), readInfo(folder), folder, environment, syncOf(project(), flags, sync)),
    },
  };
}

interface Sync {
  stateDir: string;
  key: SyncKey;
}

function syncOf(settings: CommercetoolsSettings, flags: ReadFlags, target: SyncTarget | undefined): Sync | undefined {
  return target && { stateDir: target.stateDir, key: { settings, jasperApiUrl: target.apiUrl, staged: flags.staged } };
}

async function readProject(
  settings: CommercetoolsSettings,
  flags: ReadFlags,
  environment: SourceEnvironment,
  folder: string,
  target: SyncTarget | undefined,
): Promise<SourceRead> {
  const sync = syncOf(settings, flags, target);
  const since = flags.since === 'last' ? sync && lastSuccessfulRead(sync.stateDir, sync.key) : flags.since;
  if (flags.since === 'last' && since === undefined)
    environment.warn('No successful push from this project to this tenant yet: --since last reads the whole project this time.');
  // The SDK loads only for a read: every other command (and every other source) starts without it.
  const [{ CommercetoolsClient, verboseCalls }, { exportCommercetoolsProject }] = await Promise.all([import('./client.js'), import('./exporter.js')]);
  const spinner = environment.spinner(`Reading commercetools project ${settings.projectKey}`);
  try {
    const { counts } = await exportCommercetoolsProject(
      settings,
      {
        client: new CommercetoolsClient(settings, {
          concurrency: flags.concurrency,
          onCall: verboseCalls(environment),
          ...(flags.maxRetries === undefined ? {} : { maxRetries: flags.maxRetries }),
        }),
        priceBaseMap: flags.priceBaseMap,
        ...(flags.staged ? { staged: true } : {}),
        ...(flags.locale ? { locale: flags.locale } : {}),
        ...(since ? { since } : {}),
        onProgress: (counts) => (spinner.text = `Reading commercetools project ${settings.projectKey}: ${counts.products} products, ${counts.rows} rows`),
      },
      folder,
    );
    spinner.stop();
    return projectRead(settings, counts, folder, environment, sync);
  } finally {
    spinner.stop();
  }
}

function readInfo(folder: string): ExportCounts {
  try {
    return JSON.parse(fs.readFileSync(path.join(folder, EXPORT_INFO_FILE), 'utf8')) as ExportCounts;
  } catch {
    throw new UsageError(`Nothing to resume: no complete read of the project in ${folder}. Run the push without --resume.`);
  }
}

function projectRead(
  settings: CommercetoolsSettings,
  counts: ExportCounts,
  folder: string,
  environment: SourceEnvironment,
  sync: Sync | undefined,
): SourceRead {
  environment.say(describeRead(counts));
  return {
    // A --since read that found no change spools a products file without rows: not worth a nightly warning.
    files: [path.join(folder, CATEGORIES_FILE), ...(counts.rows > 0 ? [path.join(folder, PRODUCTS_FILE)] : [])],
    report: { name: 'commercetools', ...counts },
    // The spool's file names are the same for every project: the feed is the project (SPEC §12).
    feed: `commercetools:${settings.projectKey}`,
    ...(sync ? { settle: (runId: string | undefined) => recordSuccessfulRead(sync.stateDir, sync.key, counts.startedAt, runId) } : {}),
  };
}

/** One line saying what was read. */
function describeRead(counts: ExportCounts): string {
  const { prices } = counts;
  const products = counted(counts.products, 'product');
  const what = counts.since ? `${products} modified since ${counts.since}` : products;
  const parts = [
    counted(counts.variants, 'variant'),
    counted(counts.categories, 'category', 'categories'),
    counted(counts.inventoryEntries, 'inventory entry', 'inventory entries'),
  ];
  const leftOut = [
    prices.scoped ? counted(prices.scoped, 'channel or customer-group price') : '',
    prices.notValidNow ? `${counted(prices.notValidNow, 'price')} not valid today` : '',
    prices.tiers ? counted(prices.tiers, 'price tier') : '',
    prices.superseded ? `${counted(prices.superseded, 'price')} superseded by a country price` : '',
    counts.variantsWithoutSku ? `${counted(counts.variantsWithoutSku, 'variant')} without SKU` : '',
    counts.duplicateCategories ? `${counted(counts.duplicateCategories, 'category', 'categories')} with a duplicate path` : '',
  ].filter((part) => part !== '');
  return `commercetools ${counts.project} (${counts.staged ? 'staged' : 'published'}, ${counts.locale}): read ${what} (${parts.join(', ')})${leftOut.length > 0 ? `; left out ${leftOut.join(', ')}` : ''}.`;
}
