// jasper-push convert --from <source> <file...> --out <dir>: flags → options → convert() → rendering.
import { loadColumnMap } from '../../catalog/index.js';
import { DEFAULT_PRICE_BASE } from '../../config/settings.js';
import { UsageError } from '../../errors.js';
import { convert, type ConvertResult } from '../../convert/index.js';
import { parseSourceName, sourceInput } from '../../sources/registry.js';
import type { SourceFlags } from '../../sources/source-options.js';
import type { CommandContext } from '../context.js';
import { EXIT_OK, EXIT_ROWS_FAILED } from '../exit-codes.js';
import { sourceEnvironment } from '../source-environment.js';
import { counted } from '../../counted.js';

/** With the flags of the source it reads (`--from`, SPEC §10, §11). */
export interface ConvertCommandOptions extends SourceFlags {
  out?: string;
  map?: string;
  priceBase?: string;
  skipInvalid?: boolean;
}

export async function runConvert(context: CommandContext, files: string[], flags: ConvertCommandOptions): Promise<number> {
  if (!flags.from) throw new UsageError('convert needs --from <source>: shopify, woocommerce, magento or commercetools.');
  if (!flags.out) throw new UsageError('convert needs --out <dir>: the folder the section 3 files go to.');
  const { source } = sourceInput(flags, 'convert', 'products', files, sourceEnvironment(context));
  if (parseSourceName(flags.from) === 'jasper') throw new UsageError('--from jasper files are section 3 already: nothing to convert.');
  const result = await convert({
    files,
    out: flags.out,
    source,
    priceBase: (flags.priceBase ?? context.store.get(context.store.currentName)['price-base'] ?? DEFAULT_PRICE_BASE).toUpperCase(),
    ...(flags.map ? { columnMap: await loadColumnMap(flags.map) } : {}),
    ...(flags.skipInvalid ? { skipInvalid: true } : {}),
  });
  return render(context, result);
}

function render(context: CommandContext, result: ConvertResult): number {
  const { term } = context;
  if ('counts' in result) {
    // An API source's read, in --out as read; the source has said what it read.
    if (term.json) term.resultJson({ ...result, exitCode: EXIT_OK });
    else for (const file of result.files) term.result(`  → ${file}`);
    return EXIT_OK;
  }
  // Like a push: rows left out (--skip-invalid) are a partial result.
  const exitCode = result.invalidRows > 0 ? EXIT_ROWS_FAILED : EXIT_OK;
  for (const warning of result.warnings) term.warn(warning);
  if (term.json) {
    term.resultJson({ ...result, exitCode });
    return exitCode;
  }
  term.result(`${term.chalk.green('✔')} ${counted(result.products, 'product')} and ${counted(result.variants, 'variant')} → ${result.files.products}`);
  term.result(`  ${result.categories} category paths → ${result.files.categories}`);
  if (result.files.failures)
    term.result(`  ${result.invalidRows} invalid rows left out → ${result.files.failures} (fix them and convert or push that file with --from ${result.from})`);
  return exitCode;
}
