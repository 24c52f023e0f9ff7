// jasper-push convert --from <source> <file...> --out <dir>: flags → options → convert() → rendering.
import { loadColumnMap } from '../../catalog/index.js';
import { DEFAULT_PRICE_BASE } from '../../config/settings.js';
import { UsageError } from '../../errors.js';
import { convert } from '../../sources/convert/index.js';
import { parseSourceName, sourceInput } from '../../sources/registry.js';
import type { CommandContext } from '../context.js';
import type { CommercetoolsFlags } from './push-commercetools.js';
import { EXIT_OK, EXIT_ROWS_FAILED } from '../exit-codes.js';

export interface ConvertCommandOptions {
  from?: string;
  out?: string;
  location?: string;
  mediaUrl?: string;
  map?: string;
  priceBase?: string;
  skipInvalid?: boolean;
}

export async function runConvert(context: CommandContext, files: string[], flags: ConvertCommandOptions & CommercetoolsFlags): Promise<number> {
  if (!flags.from) throw new UsageError('convert needs --from <source>: shopify, woocommerce, magento or commercetools.');
  if (!flags.out) throw new UsageError('convert needs --out <dir>: the folder the section 3 files go to.');
  if (parseSourceName(flags.from) === 'commercetools') return convertCommercetools(context, files, flags.out, flags);
  const input = sourceInput(flags, 'products', files);
  const { source } = input;
  files = input.files;
  if (parseSourceName(flags.from) === 'jasper') throw new UsageError('--from jasper files are section 3 already: nothing to convert.');
  const { term } = context;
  const result = await convert({
    files,
    out: flags.out,
    source,
    priceBase: (flags.priceBase ?? context.store.get(context.store.currentName)['price-base'] ?? DEFAULT_PRICE_BASE).toUpperCase(),
    ...(flags.map ? { columnMap: await loadColumnMap(flags.map) } : {}),
    ...(flags.skipInvalid ? { skipInvalid: true } : {}),
  });
  // Like a push: rows left out (--skip-invalid) are a partial result.
  const exitCode = result.invalidRows > 0 ? EXIT_ROWS_FAILED : EXIT_OK;
  for (const warning of result.warnings) term.warn(warning);
  if (term.json) {
    term.resultJson({ ...result, exitCode });
    return exitCode;
  }
  term.result(`${term.chalk.green('✔')} ${result.products} products and ${result.variants} variants → ${result.files.products}`);
  term.result(`  ${result.categories} category paths → ${result.files.categories}`);
  if (result.files.failures)
    term.result(`  ${result.invalidRows} invalid rows left out → ${result.files.failures} (fix them and convert or push that file with --from ${result.from})`);
  return exitCode;
}

/** A commercetools project needs no conversion step of its own: its read writes section 3 files. */
async function convertCommercetools(context: CommandContext, files: string[], out: string, flags: CommercetoolsFlags): Promise<number> {
  if (files.length > 0) throw new UsageError('convert --from commercetools reads the project over its API; it takes no files.');
  if (flags.since !== undefined) throw new UsageError('--since goes with push: convert writes the whole project.');
  const { commercetoolsSettings, describeRead, readProject } = await import('./push-commercetools.js');
  const settings = commercetoolsSettings(context);
  const { files: written, counts } = await readProject(context, settings, flags, out, undefined);
  if (context.term.json) {
    context.term.resultJson({ from: 'commercetools', files: written, counts, exitCode: EXIT_OK });
    return EXIT_OK;
  }
  context.term.result(`${context.term.chalk.green('✔')} ${describeRead(counts)}`);
  for (const file of written) context.term.result(`  → ${file}`);
  return EXIT_OK;
}
