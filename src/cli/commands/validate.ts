// jasper-push validate <kind> <file...>: the push's checks, offline.
import { type CatalogKind, type CatalogSource, loadColumnMap, scanCatalog } from '../../catalog/index.js';
import { formatIssue } from '../../catalog/types.js';
import { DEFAULT_PRICE_BASE } from '../../config/settings.js';
import type { SourceFlags } from '../../sources/source-options.js';
import type { CommandContext } from '../context.js';
import { EXIT_OK, EXIT_USAGE } from '../exit-codes.js';
import { sourceInput, withSourceFiles } from '../../sources/registry.js';
import { sourceEnvironment } from '../source-environment.js';
import { parseKind } from './push.js';
import { counted } from '../../counted.js';

/** With the flags of the source it reads (`--from`, SPEC §10, §11). */
export interface ValidateOptions extends SourceFlags {
  map?: string;
  priceBase?: string;
}

export async function runValidate(context: CommandContext, kindName: string, files: string[], options: ValidateOptions): Promise<number> {
  const kind = parseKind(kindName);
  const input = sourceInput(options, 'validate', kind, files, sourceEnvironment(context));
  return withSourceFiles(input, (read) => validateFiles(context, kind, input.source, read, options));
}

async function validateFiles(context: CommandContext, kind: CatalogKind, source: CatalogSource, files: string[], options: ValidateOptions): Promise<number> {
  const { term } = context;
  // A scan keeps only what the checks need, so a 100,000-row file validates in little memory.
  const scan = await scanCatalog(files, {
    kind,
    priceBase: (options.priceBase ?? context.store.get(context.store.currentName)['price-base'] ?? DEFAULT_PRICE_BASE).toUpperCase(),
    ...(options.map ? { columnMap: await loadColumnMap(options.map) } : {}),
    source,
  });
  const errors = scan.issues.filter((issue) => issue.severity === 'error');
  const warnings = scan.issues.filter((issue) => issue.severity === 'warning');
  const indexed = scan.index.counts();
  scan.index.close();
  const counts = {
    rows: scan.rowCount,
    categories: scan.categories.length,
    products: indexed.products,
    variants: indexed.variants,
    inventory: indexed.inventoryRows + indexed.productInventoryRecords,
    invalidRows: scan.rejected.length,
  };
  if (term.json) {
    term.resultJson({
      valid: errors.length === 0,
      kind,
      from: source.name,
      files,
      counts,
      issues: scan.issues.map((issue) => ({
        ...issue.location,
        column: issue.column ?? null,
        severity: issue.severity,
        message: issue.message,
        text: formatIssue(issue),
      })),
    });
    return errors.length === 0 ? EXIT_OK : EXIT_USAGE;
  }
  for (const issue of scan.issues) {
    const label = issue.severity === 'error' ? term.chalk.red('error') : term.chalk.yellow('warning');
    term.result(`${label} ${formatIssue(issue)}`);
  }
  const what = `${counted(counts.rows, 'row')}: ${counted(counts.categories, 'category', 'categories')}, ${counted(counts.products, 'product')}, ${counted(counts.variants, 'variant')}, ${counted(counts.inventory, 'inventory record')}`;
  if (errors.length === 0) {
    term.result(`${term.chalk.green('✔')} valid — ${what}${warnings.length ? `, ${counted(warnings.length, 'warning')}` : ''}`);
    return EXIT_OK;
  }
  const errorCount = counted(errors.length, 'error');
  // A file that cannot be read as a whole (broken quoting, not found) counts none of its rows: say so, not "0 products".
  if (scan.unreadableFiles.length > 0) {
    term.result(
      `${term.chalk.red('✖')} ${errorCount}; ${counted(counts.rows, 'row')} read and checked, but ${scan.unreadableFiles.join(', ')} cannot be used until the file error above is fixed`,
    );
    return EXIT_USAGE;
  }
  term.result(`${term.chalk.red('✖')} ${errorCount} in ${counted(scan.rejected.length, 'row')} — ${what}`);
  return EXIT_USAGE;
}
