// commercetools categories → the §3 category tree: each category's path of names from its root in
// --locale, with slug, description and meta fields. Siblings with the same name in that language
// would be one path in Jasper: the first is kept, the others counted.
import type { Category } from '@commercetools/platform-sdk';
import { cleanName, type Localize } from './attributes.js';

export interface CategoryTree {
  /** Category id → its path of names. */
  paths: Map<string, string[]>;
  /** The categories section of a JSON catalog, parents first. */
  entries: CategoryEntry[];
  /** Categories left out: a sibling has the same name in the locale. */
  duplicates: number;
}

export interface CategoryEntry {
  path: string[];
  slug?: string;
  desc?: string;
  seo_meta_title?: string;
  seo_meta_desc?: string;
  seo_meta_keywords?: string;
}

/** Every category's path of names from its root, and the §3 entries, parents first. */
export function categoryTree(categories: readonly Category[], localize: Localize): CategoryTree {
  const byId = new Map(categories.map((category) => [category.id, category]));
  const paths = new Map<string, string[]>();
  const pathOf = (category: Category, seen: Set<string> = new Set()): string[] => {
    const known = paths.get(category.id);
    if (known) return known;
    const name = cleanName(localize(category.name) ?? category.key ?? category.id) || category.id;
    const parent = category.parent ? byId.get(category.parent.id) : undefined;
    // A cycle cannot exist in commercetools; the guard keeps a broken answer from looping.
    const levels = parent && !seen.has(parent.id) ? [...pathOf(parent, new Set([...seen, category.id])), name] : [name];
    paths.set(category.id, levels);
    return levels;
  };
  const entries: CategoryEntry[] = [];
  let duplicates = 0;
  const taken = new Set<string>();
  const ordered = [...categories].sort((a, b) => pathOf(a).length - pathOf(b).length || byOrderHint(a, b));
  for (const category of ordered) {
    const levels = pathOf(category);
    const key = levels.join(' > ').toLowerCase();
    if (taken.has(key)) {
      duplicates++;
      continue;
    }
    taken.add(key);
    const entry: CategoryEntry = { path: levels };
    const slug = localize(category.slug);
    if (slug) entry.slug = slug;
    const desc = localize(category.description);
    if (desc) entry.desc = desc;
    const title = localize(category.metaTitle);
    if (title) entry.seo_meta_title = title;
    const metaDesc = localize(category.metaDescription);
    if (metaDesc) entry.seo_meta_desc = metaDesc;
    const keywords = localize(category.metaKeywords);
    if (keywords) entry.seo_meta_keywords = keywords;
    entries.push(entry);
  }
  return { paths, entries, duplicates };
}

/**
 * Siblings in commercetools' order: orderHints are decimals between 0 and 1 ("0.05", "0.5"), which
 * compare character by character as they do as numbers. Not localeCompare: which of two siblings
 * with the same name keeps its slug must not follow the machine's locale.
 */
function byOrderHint(a: Category, b: Category): number {
  const [x, y] = [a.orderHint ?? '', b.orderHint ?? ''];
  return x < y ? -1 : x > y ? 1 : 0;
}
