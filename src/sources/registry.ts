// The sources `--from` names. File sources turn a platform's export into catalog rows;
// commercetools is read over its API (SPEC §11) and lands as section 3 files first.

import { UsageError } from '../errors.js';
import type { CatalogSource } from './catalog-api.js';
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
 * and `--media-url`, checked. commercetools is not read from files: the commands export the
 * project into section 3 files first (src/cli/commands/push-commercetools.ts), read as `jasper` files.
 */
export function sourceInput(flags: SourceFlags, kind: string, files: string[]): { source: CatalogSource; files: string[] } {
  const name = checkedSourceName(flags, kind);
  if (isFileSource(name)) {
    if (files.length === 0) throw new UsageError(`Give at least one ${kind} file.`);
    const location = (flags.location ?? DEFAULT_LOCATION).trim();
    return { source: FILE_SOURCES[name]({ location, ...(flags.mediaUrl ? { mediaUrl: flags.mediaUrl } : {}) }), files };
  }
  // The commands read a commercetools project themselves (src/cli/commands/push-commercetools.ts) and hand its files over as jasper files.
  throw new Error('--from commercetools is read by its own command path, not as files');
}

function checkedSourceName(flags: SourceFlags, kind: string): SourceName {
  const name = parseSourceName(flags.from);
  if (name !== 'jasper' && kind !== 'products') throw new UsageError(`--from ${name} reads product catalogs: use it with push products or validate products.`);
  if (flags.mediaUrl !== undefined && name !== 'magento') throw new UsageError('--media-url is the base of Magento image paths: it goes with --from magento.');
  if (flags.mediaUrl !== undefined && !/^https?:\/\/\S+$/i.test(flags.mediaUrl))
    throw new UsageError(`--media-url must be an http(s) URL; got "${flags.mediaUrl}".`);
  if ((flags.location ?? DEFAULT_LOCATION).trim() === '') throw new UsageError('--location needs a name.');
  if (flags.location !== undefined && name === 'jasper')
    throw new UsageError(
      '--location is for exports with one quantity per SKU (--from shopify, woocommerce, magento); section 3 files name their locations in inventory:<Location> columns.',
    );
  return name;
}
