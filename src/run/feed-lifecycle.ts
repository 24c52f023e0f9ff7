// SPEC §12: what a feed stops listing. A feed's products that this run's input no longer lists
// are disabled (never deleted), unless another feed pushed them too; and a run that would disable
// more than --max-disable of a feed (a truncated export looks exactly like that) writes nothing.
import path from 'node:path';
import { InputError } from '../errors.js';
import { DISABLED_HASH } from '../plan/keys.js';
import type { PlanBuilder } from '../plan/plan-builder.js';
import type { FeedBook, FeedProduct } from './feed-book.js';

/** The share of a feed's products a run may disable unless told otherwise (SPEC §12). */
export const DEFAULT_MAX_DISABLE = 0.1;
/** SKUs named in the refusal; the dry run lists them all. */
const SKUS_SHOWN = 20;

export interface FeedDisables {
  feed: string;
  /** The feed's products enabled before this run. */
  total: number;
  /** Those missing from this run's input and pushed by this feed alone. */
  products: FeedProduct[];
  /** This tool never pushed the feed before: nothing is disabled, its products are recorded for the next run. */
  firstRun: boolean;
}

/** The feed's name when --feed is not given: the source and the input files' base names. */
export function defaultFeedName(files: readonly string[], source = 'jasper'): string {
  return `${source}:${files
    .map((file) => path.basename(file))
    .sort()
    .join('+')}`;
}

export function productsToDisable(book: FeedBook, feed: string, listed: (sku: string) => boolean): FeedDisables {
  if (!book.known(feed)) return { feed, total: 0, products: [], firstRun: true };
  let total = 0;
  const products: FeedProduct[] = [];
  for (const product of book.enabledProducts(feed)) {
    total++;
    if (!product.shared && !listed(product.sku)) products.push(product);
  }
  return { feed, total, products, firstRun: false };
}

/** What --disable-missing says on a feed's first run (SPEC §12). */
export function firstRunNote(disables: FeedDisables | undefined): string | undefined {
  if (!disables?.firstRun) return undefined;
  return `First run of feed "${disables.feed}": nothing is disabled this time; its products are recorded, and the next run disables the ones its input no longer lists.`;
}

/** Refuses the run (exit 2, before any write) when it would disable more than `maxDisable` of the feed. */
export function assertWithinMaxDisable(disables: FeedDisables, maxDisable: number): void {
  const { feed, total, products } = disables;
  if (products.length === 0 || products.length <= maxDisable * total) return;
  const share = `${formatPercent(products.length / total)} %`;
  const shown = products.slice(0, SKUS_SHOWN).map((product) => product.sku);
  if (products.length > SKUS_SHOWN) shown.push(`… and ${products.length - SKUS_SHOWN} more (--dry-run lists them all)`);
  throw new InputError(
    `${products.length} of the ${total} products of feed "${feed}" (${share}) are missing from this input and would be disabled, ` +
      `more than --max-disable ${formatPercent(maxDisable)} %. A truncated export looks exactly like this, so nothing was written. ` +
      'Check the export; if those products really are gone, run again with --max-disable 100%.',
    shown,
  );
}

/** One product update per disabled product, `enabled: false`, journaled and resumable like any write. */
export function planDisables(plan: PlanBuilder, products: readonly FeedProduct[]): void {
  for (const { sku, id } of products) {
    plan.task('product', sku, 'update', { entity: 'product', sku, id, body: { enabled: false } }, [], [], DISABLED_HASH);
  }
}

/** "10 %", "100%", "2.5" (percent) → a share between 0 and 1; undefined for anything else. */
export function parsePercent(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*%?\s*$/.exec(text);
  if (!match) return undefined;
  const percent = Number(match[1]);
  return percent <= 100 ? percent / 100 : undefined;
}

function formatPercent(share: number): string {
  return String(Math.round(share * 1000) / 10);
}
