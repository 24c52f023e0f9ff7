// The sources `--from` names. File sources turn a platform's export into catalog rows; an API
// source (commercetools, SPEC §11) reads a project into section 3 files first (its `reader`).
// A new source is a folder and a line here.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UsageError } from '../errors.js';
import type { CatalogSource } from './catalog-api.js';
import { commercetoolsSource } from './commercetools/index.js';
import { jasperSource } from './jasper/index.js';
import { magentoSource } from './magento/index.js';
import { shopifySource } from './shopify/index.js';
import { DEFAULT_LOCATION, type SourceEnvironment, type SourceFlags, type SourceOptions, type SourceUse } from './source-options.js';
import { woocommerceSource } from './woocommerce/index.js';

const SOURCES = {
  jasper: () => jasperSource,
  shopify: shopifySource,
  woocommerce: woocommerceSource,
  magento: magentoSource,
  commercetools: commercetoolsSource,
} satisfies Record<string, (options: SourceOptions) => CatalogSource>;

type SourceName = keyof typeof SOURCES;
const SOURCE_NAMES = Object.keys(SOURCES) as SourceName[];

export function parseSourceName(text: string | undefined): SourceName {
  const name = (text ?? 'jasper').trim().toLowerCase();
  if (name in SOURCES) return name as SourceName;
  const bigcommerce = name === 'bigcommerce' ? ' BigCommerce is planned once its export layout is pinned down (SPEC §10).' : '';
  throw new UsageError(`Unknown source "${text}": --from takes ${SOURCE_NAMES.join(', ')}.${bigcommerce}`);
}

export interface SourceInput {
  source: CatalogSource;
  /** The files given on the command line: none for an API source. */
  files: string[];
}

/**
 * The source a command reads and the files it reads, from its `--from` and the source's own
 * flags, checked. An API source reads no files of the command line: a push reads it into the run
 * directory's spool (the core does), validate with `withSourceFiles`, convert into --out.
 */
export function sourceInput(flags: SourceFlags, use: SourceUse, kind: string, files: string[], environment: SourceEnvironment): SourceInput {
  const name = checkedSourceName(flags, kind);
  const command = use === 'convert' ? 'convert' : `${use} ${kind}`;
  const location = (flags.location ?? DEFAULT_LOCATION).trim();
  const source = SOURCES[name]({ use, command, location, ...(flags.mediaUrl ? { mediaUrl: flags.mediaUrl } : {}), flags, environment });
  if (source.reader && files.length > 0) throw new UsageError(`${command} --from ${name} reads the ${source.reader.noun} over its API; it takes no files.`);
  if (!source.reader && files.length === 0) throw new UsageError(`${command} needs at least one file.`);
  return { source, files };
}

/** Runs `use` on the input's files; an API source's are a read into a scratch folder, removed afterwards. */
export async function withSourceFiles<T>({ source, files }: SourceInput, use: (files: string[]) => Promise<T>): Promise<T> {
  if (!source.reader) return use(files);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), `jasper-push-${source.name}-`));
  try {
    return await use((await source.reader.read(scratch)).files);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
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
