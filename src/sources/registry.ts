// The sources `--from` names. File sources turn a platform's export into catalog rows;
// commercetools is read over its API (SPEC §11) and lands as section 3 files first.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UsageError } from '../errors.js';
import type { CatalogSource } from './catalog-api.js';
import { exportCommercetoolsProject } from './commercetools/index.js';
import { jasperSource } from './jasper/index.js';
import { magentoSource } from './magento/index.js';
import { shopifySource } from './shopify/index.js';
import { DEFAULT_LOCATION, type SourceOptions } from './source-options.js';
import { woocommerceSource } from './woocommerce/index.js';

export const SOURCE_NAMES = ['jasper', 'shopify', 'woocommerce', 'magento', 'commercetools'] as const;
type SourceName = (typeof SOURCE_NAMES)[number];
/** The sources read from files given on the command line. */
type FileSourceName = Exclude<SourceName, 'commercetools'>;

const FILE_SOURCES: Record<FileSourceName, (options: SourceOptions) => CatalogSource> = {
  jasper: () => jasperSource,
  shopify: shopifySource,
  woocommerce: woocommerceSource,
  magento: magentoSource,
};

export function parseSourceName(text: string | undefined): SourceName {
  const name = (text ?? 'jasper').trim().toLowerCase();
  if ((SOURCE_NAMES as readonly string[]).includes(name)) return name as SourceName;
  const bigcommerce = name === 'bigcommerce' ? ' BigCommerce is planned once its export layout is pinned down (SPEC §10).' : '';
  throw new UsageError(`Unknown source "${text}": --from takes ${SOURCE_NAMES.join(', ')}.${bigcommerce}`);
}

function isFileSource(name: SourceName): name is FileSourceName {
  return name !== 'commercetools';
}

export interface SourceFlags {
  from?: string;
  location?: string;
  mediaUrl?: string;
}

/**
 * The files a command reads and the source to read them with, from its `--from`, `--location`
 * and `--media-url`, checked. A file source reads the files
 * given; commercetools takes none: the project is exported into section 3 files first, in a
 * fresh folder under `workDir`, which are then read as `jasper` files.
 */
export async function sourceInput(flags: SourceFlags, kind: string, files: string[], workDir = os.tmpdir()): Promise<{ source: CatalogSource; files: string[] }> {
  const name = checkedSourceName(flags, kind);
  if (isFileSource(name)) {
    if (files.length === 0) throw new UsageError(`Give at least one ${kind} file.`);
    const location = (flags.location ?? DEFAULT_LOCATION).trim();
    return { source: FILE_SOURCES[name]({ location, ...(flags.mediaUrl ? { mediaUrl: flags.mediaUrl } : {}) }), files };
  }
  if (files.length > 0) throw new UsageError('--from commercetools reads the project over its API: give no files.');
  const directory = fs.mkdtempSync(path.join(workDir, 'jasper-push-commercetools-'));
  return { source: jasperSource, files: await exportCommercetoolsProject(directory) };
}

function checkedSourceName(flags: SourceFlags, kind: string): SourceName {
  const name = parseSourceName(flags.from);
  if (name !== 'jasper' && kind !== 'products') throw new UsageError(`--from ${name} reads product catalogs: use it with push products or validate products.`);
  if (flags.mediaUrl !== undefined && name !== 'magento') throw new UsageError('--media-url is the base of Magento image paths: it goes with --from magento.');
  if (flags.mediaUrl !== undefined && !/^https?:\/\/\S+$/i.test(flags.mediaUrl)) throw new UsageError(`--media-url must be an http(s) URL; got "${flags.mediaUrl}".`);
  if ((flags.location ?? DEFAULT_LOCATION).trim() === '') throw new UsageError('--location needs a name.');
  if (flags.location !== undefined && name === 'jasper') throw new UsageError('--location is for exports with one quantity per SKU (--from shopify, woocommerce, magento); section 3 files name their locations in inventory:<Location> columns.');
  return name;
}
