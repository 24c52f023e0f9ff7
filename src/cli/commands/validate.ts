// jasper-push validate <kind> <file...>: the push's checks, offline.
import { loadColumnMap, readCatalog } from '../../catalog/index.js';
import { formatIssue } from '../../catalog/types.js';
import { DEFAULT_PRICE_BASE } from '../../config/settings.js';
import type { CommandContext } from '../context.js';
import { EXIT_OK, EXIT_USAGE } from '../exit-codes.js';
import { parseKind } from './push.js';

export interface ValidateOptions {
  map?: string;
  priceBase?: string;
}

export async function runValidate(context: CommandContext, kindName: string, files: string[], options: ValidateOptions): Promise<number> {
  const kind = parseKind(kindName);
  const { term } = context;
  const read = await readCatalog(files, {
    kind,
    priceBase: (options.priceBase ?? context.store.get(context.store.currentName)['price-base'] ?? DEFAULT_PRICE_BASE).toUpperCase(),
    ...(options.map ? { columnMap: await loadColumnMap(options.map) } : {}),
  });
  const errors = read.issues.filter((issue) => issue.severity === 'error');
  const warnings = read.issues.filter((issue) => issue.severity === 'warning');
  const { catalog } = read;
  const counts = {
    rows: read.rowCount,
    categories: catalog.categories.length,
    products: catalog.products.filter((product) => !product.parentSku).length,
    variants: catalog.products.filter((product) => product.parentSku).length,
    inventory: catalog.inventory.length + catalog.products.reduce((sum, product) => sum + product.inventory.length, 0),
    invalidRows: read.rejected.length,
  };
  if (term.json) {
    term.resultJson({
      valid: errors.length === 0,
      kind,
      files,
      counts,
      issues: read.issues.map((issue) => ({ ...issue.location, column: issue.column ?? null, severity: issue.severity, message: issue.message, text: formatIssue(issue) })),
    });
    return errors.length === 0 ? EXIT_OK : EXIT_USAGE;
  }
  for (const issue of read.issues) {
    const label = issue.severity === 'error' ? term.chalk.red('error') : term.chalk.yellow('warning');
    term.result(`${label} ${formatIssue(issue)}`);
  }
  const what = `${counts.rows} rows: ${counts.categories} categories, ${counts.products} products, ${counts.variants} variants, ${counts.inventory} inventory records`;
  if (errors.length === 0) {
    term.result(`${term.chalk.green('✔')} valid — ${what}${warnings.length ? `, ${warnings.length} warning${warnings.length === 1 ? '' : 's'}` : ''}`);
    return EXIT_OK;
  }
  term.result(`${term.chalk.red('✖')} ${errors.length} error${errors.length === 1 ? '' : 's'} in ${read.rejected.length} row${read.rejected.length === 1 ? '' : 's'} — ${what}`);
  return EXIT_USAGE;
}
