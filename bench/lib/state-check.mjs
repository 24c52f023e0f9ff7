// Does the sandbox hold exactly the generated catalog? The expectation comes from the generator's
// own rows (not from jasper-push's reader), so the check is independent of the code under test.
import { catalogRows } from '../generate-catalog.mjs';

const norm = (text) => String(text).trim().toLowerCase();

/** One CSV line (RFC 4180 quoting, no embedded newlines: the generator writes none). */
export function parseCsvLine(line) {
  const cells = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') ((cell += '"'), i++);
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') (cells.push(cell), (cell = ''));
    else cell += ch;
  }
  cells.push(cell);
  return cells;
}

const list = (text) => (text === '' ? [] : text.split('|'));

/** The generated catalog as plain expectations per SKU. Works for the simple catalog too. */
export function expectedFromLines(lines) {
  const iterator = lines[Symbol.iterator]();
  const header = parseCsvLine(iterator.next().value).map(norm);
  const products = new Map();
  for (const line of iterator) {
    if (line === '') continue;
    const cells = parseCsvLine(line);
    const row = Object.fromEntries(header.map((name, i) => [name, cells[i] ?? '']));
    const prices = { US: {} };
    if (row.msrp) prices.US.msrp = Number(row.msrp);
    if (row.cost) prices.US.cost = Number(row.cost);
    if (row['price:ca:msrp']) prices.CA = { msrp: Number(row['price:ca:msrp']) };
    const inventory = {};
    for (const [name, value] of Object.entries(row)) {
      if (name.startsWith('inventory:') && value !== '') inventory[norm(name.slice(10))] = Number(value);
    }
    const attributes = {}; // keys in name order, as the state view lists them
    if (row['attr:country[multiselect]']) attributes.country = list(row['attr:country[multiselect]']).sort();
    if (row['attr:material']) attributes.material = [row['attr:material']];
    products.set(row.sku, {
      sku: row.sku,
      name: row.name,
      parent: row.parent_sku || undefined,
      options: ['option:size', 'option:color'].filter((name) => row[name]).length,
      categories: list(row.categories ?? '')
        .map((p) => p.split(' > ').map(norm).join(' > '))
        .sort(),
      prices,
      inventory,
      attributes,
      related: list(row['related:accessories'] ?? ''),
    });
  }
  for (const product of products.values()) product.children = [];
  for (const product of products.values()) if (product.parent) products.get(product.parent)?.children.push(product.sku);
  return products;
}

export const expectedCatalog = (options) => expectedFromLines(catalogRows(options));

/**
 * Problems (empty = exact): duplicates of any entity, missing or extra products, and each
 * product's prices (one per base), inventory (one per location), attribute values, category
 * assignments and relations (no duplicate (related_id, relation_type_id) pair) against the catalog.
 */
export function catalogProblems(state, expected) {
  const problems = [];
  const counts = { duplicates: 0, missing: 0, extra: 0, wrong: 0 };
  const duplicates = (what, items, key) => {
    const seen = new Map();
    for (const item of items) seen.set(key(item), (seen.get(key(item)) ?? 0) + 1);
    for (const [name, count] of seen) {
      if (count > 1) (counts.duplicates++, problems.push(`${what} "${name}" exists ${count} times`));
    }
  };
  duplicates('product', state.products, (p) => p.sku);
  duplicates('category', state.categories, (c) => `${c.parent_id ?? 0}/${norm(c.name)}`);
  duplicates('option', state.options, (o) => norm(o.name));
  for (const o of state.options) duplicates(`value of option ${o.name}`, o.values, (v) => v.value);
  duplicates('attribute', state.attributes, (a) => norm(a.name));
  for (const a of state.attributes) duplicates(`type value of ${a.name}`, a.typeValues, (v) => v.value);
  duplicates('relation type', state.relationTypes, (t) => norm(t.name));

  const view = viewOf(state);
  for (const product of state.products) {
    if (!expected.has(product.sku)) (counts.extra++, problems.push(`product ${product.sku} is not in the catalog`));
  }
  for (const want of expected.values()) {
    const product = view.bySku.get(want.sku);
    if (!product) {
      counts.missing++;
      problems.push(`product ${want.sku} is missing`);
      continue;
    }
    const before = problems.length;
    const p = (text) => problems.push(`product ${want.sku}: ${text}`);
    if (product.name !== want.name) p(`name "${product.name}" ≠ "${want.name}"`);
    duplicates(`${want.sku} price base`, product.prices, (row) => row.base.toUpperCase());
    duplicates(`${want.sku} inventory location`, product.inventory, (row) => norm(row.location));
    duplicates(`${want.sku} relation`, product.relations, (r) => `${r.related_id}/${r.relation_type_id}`);
    duplicates(`${want.sku} category assignment`, product.categories, (a) => a.category_id);
    if (product.prices.length !== Object.keys(want.prices).length) p(`${product.prices.length} prices, expected ${Object.keys(want.prices).length}`);
    for (const [base, fields] of Object.entries(want.prices)) {
      const row = product.prices.find((r) => r.base.toUpperCase() === base);
      for (const [field, value] of Object.entries(fields)) {
        if (!row || Math.abs(Number(row[field]) - value) > 0.0001) p(`${base} ${field} ${row?.[field]} ≠ ${value}`);
      }
    }
    if (product.inventory.length !== Object.keys(want.inventory).length)
      p(`${product.inventory.length} inventory rows, expected ${Object.keys(want.inventory).length}`);
    for (const [location, count] of Object.entries(want.inventory)) {
      const row = product.inventory.find((r) => norm(r.location) === location);
      if (row?.count_on_hand !== count) p(`inventory at ${location} ${row?.count_on_hand} ≠ ${count}`);
    }
    const attributes = view.attributes(product);
    if (JSON.stringify(attributes) !== JSON.stringify(want.attributes)) p(`attributes ${JSON.stringify(attributes)} ≠ ${JSON.stringify(want.attributes)}`);
    const categories = view.categories(product);
    if (JSON.stringify(categories) !== JSON.stringify(want.categories)) p(`categories ${JSON.stringify(categories)} ≠ ${JSON.stringify(want.categories)}`);
    const relations = view.relations(product);
    const wantRelations = [...want.children.map((sku) => `variant:${sku}`), ...want.related.map((sku) => `accessories:${sku}`)].sort();
    if (JSON.stringify(relations) !== JSON.stringify(wantRelations)) p(`relations ${JSON.stringify(relations)} ≠ ${JSON.stringify(wantRelations)}`);
    if (want.parent && product.option_values.length !== want.options) p(`${product.option_values.length} option values, expected ${want.options}`);
    if (problems.length > before) counts.wrong++;
  }
  return { exact: problems.length === 0, products: state.products.length, expected: expected.size, ...counts, problems };
}

/** Lookups that turn ids back into names, shared by the check and the fingerprint. */
function viewOf(state) {
  const bySku = new Map(state.products.map((p) => [p.sku, p]));
  const skuById = new Map(state.products.map((p) => [p.id, p.sku]));
  const attributeName = new Map(state.attributes.map((a) => [a.id, norm(a.name)]));
  const typeName = new Map(state.relationTypes.map((t) => [t.id, norm(t.name)]));
  const categoryById = new Map(state.categories.map((c) => [c.id, c]));
  const categoryPath = (id) => {
    const names = [];
    for (let c = categoryById.get(id); c; c = c.parent_id == null ? undefined : categoryById.get(c.parent_id)) names.unshift(norm(c.name));
    return names.join(' > ');
  };
  return {
    bySku,
    attributes: (product) =>
      Object.fromEntries(
        product.attributes.map((held) => [attributeName.get(held.attribute_id), held.values.map((v) => v.value).sort()]).sort(([a], [b]) => (a < b ? -1 : 1)),
      ),
    categories: (product) => product.categories.map((a) => categoryPath(a.category_id)).sort(),
    relations: (product) => product.relations.map((r) => `${typeName.get(r.relation_type_id)}:${skuById.get(r.related_id)}`).sort(),
  };
}

/** Per SKU, everything a user sees of a product, without ids: two runs' states compare equal. */
export function fingerprint(state) {
  const view = viewOf(state);
  const out = new Map();
  for (const product of state.products) {
    const prints = JSON.stringify({
      name: product.name,
      prices: product.prices.map((r) => [r.base, r.msrp, r.map, r.cost, r.sell_price].join('/')).sort(),
      inventory: product.inventory.map((r) => `${norm(r.location)}=${r.count_on_hand}`).sort(),
      attributes: view.attributes(product),
      categories: view.categories(product),
      relations: view.relations(product),
      options: product.option_values.length,
    });
    out.set(product.sku, (out.get(product.sku) ?? []).concat(prints));
  }
  return out;
}

/** How many SKUs differ between two fingerprints (missing on either side counts). */
export function fingerprintDiff(a, b) {
  const differing = [];
  for (const sku of new Set([...a.keys(), ...b.keys()])) {
    if (JSON.stringify(a.get(sku)) !== JSON.stringify(b.get(sku))) differing.push(sku);
  }
  return differing;
}
