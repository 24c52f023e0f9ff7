// The shared entities a push plans before any product (SPEC §4: categories, options with their
// values and option sets, attributes with their select type values, relation types), for a
// tenant that has none, some or all of them: read from Jasper's lists, or vouched for by the
// change cache when the lists were not read. Exact tasks (action, payload, deps, rows, hash),
// outcomes and known ids; plain data through the planner a push runs.
import { describe, expect, it } from 'vitest';
import { type Catalog, type CategoryInput, type SourceLocation, emptyCatalog } from '../src/catalog/types.js';
import { PRESENCE_HASH, categoryHash, legacyCategoryHash } from '../src/plan/keys.js';
import type { CacheEntry, CacheView, RemoteSnapshot } from '../src/plan/remote.js';
import type { EntityKind, Plan, PlannedOutcome, Task, TaskPayload } from '../src/plan/types.js';
import { catalogOf, emptyTenant, plan, product } from './helpers/planning.js';

const SHARED: ReadonlySet<EntityKind> = new Set([
  'category',
  'option',
  'optionValue',
  'optionSet',
  'optionSetOption',
  'attribute',
  'typeValue',
  'relationType',
]);

const ref = (entity: EntityKind, key: string) => ({ entity, key });

function task(
  entity: EntityKind,
  key: string,
  action: Task['action'],
  payload: TaskPayload,
  deps: string[] = [],
  rows: SourceLocation[] = [],
  hash = PRESENCE_HASH,
): Task {
  return { id: `${entity}:${key}`, entity, key, action, payload, deps, rows, hash };
}

function unchanged(entity: EntityKind, key: string, remoteId: number, hash: string = PRESENCE_HASH, rows: SourceLocation[] = []): PlannedOutcome {
  return { id: `${entity}:${key}`, entity, key, outcome: 'unchanged', rows, remoteId, hash };
}

/** The shared entities' part of a plan. */
function shared(result: Plan): { tasks: Task[]; outcomes: PlannedOutcome[]; known: Record<string, number>; notes: string[] } {
  return {
    tasks: result.tasks.filter((candidate) => SHARED.has(candidate.entity)),
    outcomes: result.outcomes.filter((candidate) => SHARED.has(candidate.entity)),
    known: Object.fromEntries(Object.entries(result.known).filter(([id]) => SHARED.has(id.slice(0, id.indexOf(':')) as EntityKind))),
    notes: result.notes,
  };
}

function cacheOf(entries: Record<string, CacheEntry>): CacheView {
  return { get: (id) => entries[id], entriesUnder: (prefix) => Object.entries(entries).filter(([id]) => id.startsWith(prefix)) };
}

/** A tenant whose lists were read (empty unless given). */
function tenant(remote: Partial<RemoteSnapshot> = {}): RemoteSnapshot {
  return { ...emptyTenant([]), ...remote };
}

/** A push whose lists were not read: the change cache answers for them. */
const NOT_READ: RemoteSnapshot = { products: new Map(), missingSkus: new Set() };

const categoryRow = (line: number, path: string[], fields: Partial<CategoryInput> = {}): CategoryInput => ({ loc: { file: 'c.csv', line }, path, ...fields });

const categories = (...rows: CategoryInput[]): Catalog => ({ ...emptyCatalog(), categories: rows });

describe('categories', () => {
  it('a tenant with none: every level is created, parents first, with the row fields in the body and the parent as a dependency', async () => {
    const catalog = categories(categoryRow(2, ['Apparel', 'Shirts'], { desc: 'Tops', slug: 'shirts', is_visible: false }), categoryRow(3, ['Home']));
    const result = shared(await plan(catalog, tenant()));
    expect(result.tasks).toEqual([
      task(
        'category',
        'apparel',
        'create',
        { entity: 'category', name: 'Apparel', parent: null, body: { name: 'Apparel' } },
        [],
        [],
        categoryHash('Apparel', undefined, {}),
      ),
      task(
        'category',
        'home',
        'create',
        { entity: 'category', name: 'Home', parent: null, body: { name: 'Home' } },
        [],
        [{ file: 'c.csv', line: 3 }],
        categoryHash('Home', undefined, {}),
      ),
      task(
        'category',
        'apparel > shirts',
        'create',
        { entity: 'category', name: 'Shirts', parent: ref('category', 'apparel'), body: { name: 'Shirts', desc: 'Tops', slug: 'shirts', is_visible: false } },
        ['category:apparel'],
        [{ file: 'c.csv', line: 2 }],
        categoryHash('Shirts', 'apparel', { desc: 'Tops', slug: 'shirts', is_visible: false }),
      ),
    ]);
    expect(result.outcomes).toEqual([]);
    expect(result.known).toEqual({});
  });

  it('a path named by a product makes its categories too, named as first written, matched case-insensitively', async () => {
    const catalog = catalogOf(product('A', { categories: [['Apparel ', 'Shirts']] }), product('B', { categories: [['APPAREL', 'shirts', 'Tees']] }));
    const result = shared(await plan(catalog, emptyTenant(['A', 'B'])));
    expect(result.tasks.map((candidate) => [candidate.id, (candidate.payload as { name: string }).name, candidate.deps])).toEqual([
      ['category:apparel', 'Apparel ', []],
      ['category:apparel > shirts', 'Shirts', ['category:apparel']],
      ['category:apparel > shirts > tees', 'Tees', ['category:apparel > shirts']],
    ]);
  });

  it('a tenant with all of them: each is found by its parent and its name, whatever the case; a root has parent_id null, none or 0', async () => {
    const catalog = categories(
      categoryRow(2, ['Apparel', 'Shirts']),
      categoryRow(3, ['Home']),
      categoryRow(4, ['Toys']),
      categoryRow(5, ['Books']),
      categoryRow(6, ['Apparel', 'Shoes']),
    );
    const remote = tenant({
      categories: [
        // Same names under other parents come first: they must not match.
        { id: 20, parent_id: 1, name: 'Home' },
        { id: 21, parent_id: 3, name: 'Shirts' },
        { id: 1, parent_id: null, name: ' APPAREL ' },
        { id: 2, name: 'home' } as unknown as { id: number; parent_id: null; name: string },
        { id: 3, parent_id: 0, name: 'Toys' },
        { id: 4, parent_id: '0' as unknown as number, name: 'Books' },
        { id: 5, parent_id: 1, name: 'shirts' },
        { id: 6, parent_id: '1' as unknown as number, name: 'Shoes' },
      ],
    });
    const result = shared(await plan(catalog, remote));
    expect(result.tasks).toEqual([]);
    const line = (at: number) => [{ file: 'c.csv', line: at }];
    expect(result.outcomes).toEqual([
      unchanged('category', 'apparel', 1, categoryHash('Apparel', undefined, {})),
      unchanged('category', 'home', 2, categoryHash('Home', undefined, {}), line(3)),
      unchanged('category', 'toys', 3, categoryHash('Toys', undefined, {}), line(4)),
      unchanged('category', 'books', 4, categoryHash('Books', undefined, {}), line(5)),
      unchanged('category', 'apparel > shirts', 5, categoryHash('Shirts', 'apparel', {}), line(2)),
      unchanged('category', 'apparel > shoes', 6, categoryHash('Shoes', 'apparel', {}), line(6)),
    ]);
    expect(result.known).toEqual({
      'category:apparel': 1,
      'category:home': 2,
      'category:toys': 3,
      'category:books': 4,
      'category:apparel > shirts': 5,
      'category:apparel > shoes': 6,
    });
  });

  it('a tenant with some: a root under another parent is no match, and the child of a new category is new too', async () => {
    const catalog = categories(categoryRow(2, ['Garden', 'Tools']), categoryRow(3, ['Home']));
    const remote = tenant({
      categories: [
        { id: 9, parent_id: 5, name: 'Garden' },
        { id: 10, parent_id: 9, name: 'Tools' },
        { id: 2, parent_id: null, name: 'Home' },
      ],
    });
    const result = shared(await plan(catalog, remote));
    expect(result.tasks).toEqual([
      task(
        'category',
        'garden',
        'create',
        { entity: 'category', name: 'Garden', parent: null, body: { name: 'Garden' } },
        [],
        [],
        categoryHash('Garden', undefined, {}),
      ),
      task(
        'category',
        'garden > tools',
        'create',
        { entity: 'category', name: 'Tools', parent: ref('category', 'garden'), body: { name: 'Tools' } },
        ['category:garden'],
        [{ file: 'c.csv', line: 2 }],
        categoryHash('Tools', 'garden', {}),
      ),
    ]);
    expect(result.outcomes).toEqual([unchanged('category', 'home', 2, categoryHash('Home', undefined, {}), [{ file: 'c.csv', line: 3 }])]);
    expect(result.known).toEqual({ 'category:home': 2 });
  });

  it('a category found with other fields is updated by its id with only the fields that differ; its children match under that id', async () => {
    const catalog = categories(categoryRow(2, ['Apparel'], { desc: 'New', slug: 'apparel' }), categoryRow(3, ['Apparel', 'Shirts']));
    const remote = tenant({
      categories: [
        { id: 1, parent_id: null, name: 'Apparel', desc: 'Old', slug: 'apparel' },
        { id: 4, parent_id: 1, name: 'Shirts' },
      ],
    });
    const result = shared(await plan(catalog, remote));
    expect(result.tasks).toEqual([
      task(
        'category',
        'apparel',
        'update',
        { entity: 'category', name: 'Apparel', parent: null, body: { desc: 'New' }, id: 1 },
        [],
        [{ file: 'c.csv', line: 2 }],
        categoryHash('Apparel', undefined, { desc: 'New', slug: 'apparel' }),
      ),
    ]);
    expect(result.outcomes).toEqual([unchanged('category', 'apparel > shirts', 4, categoryHash('Shirts', 'apparel', {}), [{ file: 'c.csv', line: 3 }])]);
    expect(result.known).toEqual({ 'category:apparel': 1, 'category:apparel > shirts': 4 });
  });

  it('--full writes the whole body of a found category that has fields, and leaves one with only a name', async () => {
    const catalog = categories(categoryRow(2, ['Apparel'], { desc: 'Same' }), categoryRow(3, ['Home']));
    const remote = tenant({
      categories: [
        { id: 1, parent_id: null, name: 'Apparel', desc: 'Same' },
        { id: 2, parent_id: null, name: 'Home' },
      ],
    });
    const result = shared(await plan(catalog, remote, { rewrite: true }));
    expect(result.tasks).toEqual([
      task(
        'category',
        'apparel',
        'update',
        { entity: 'category', name: 'Apparel', parent: null, body: { name: 'Apparel', desc: 'Same' }, id: 1 },
        [],
        [{ file: 'c.csv', line: 2 }],
        categoryHash('Apparel', undefined, { desc: 'Same' }),
      ),
    ]);
    expect(result.outcomes).toEqual([unchanged('category', 'home', 2, categoryHash('Home', undefined, {}), [{ file: 'c.csv', line: 3 }])]);
    // Without --full the same category is unchanged.
    expect(shared(await plan(catalog, remote)).tasks).toEqual([]);
  });

  it('not read from Jasper: the change cache vouches for a category by id and hash, an earlier version hash included', async () => {
    const catalog = categories(
      categoryRow(2, ['Apparel']),
      categoryRow(3, ['Apparel', 'Shirts']),
      categoryRow(4, ['Home'], { desc: 'x' }),
      categoryRow(5, ['Toys']),
      categoryRow(6, ['Garden']),
    );
    const cache = cacheOf({
      'category:apparel': { id: 1, hash: categoryHash('Apparel', undefined, {}) },
      'category:apparel > shirts': { id: 2, hash: legacyCategoryHash('Shirts', 'apparel', {}) },
      // Another input wrote its slug: it stays in the hash the write leaves.
      'category:home': { id: 3, hash: categoryHash('Home', undefined, { slug: 'home' }) },
      // Written without an id coming back: created again.
      'category:toys': { hash: categoryHash('Toys', undefined, {}) },
    });
    const result = shared(await plan(catalog, NOT_READ, { cache }));
    expect(result.tasks).toEqual([
      task(
        'category',
        'home',
        'update',
        { entity: 'category', name: 'Home', parent: null, body: { name: 'Home', desc: 'x' }, id: 3 },
        [],
        [{ file: 'c.csv', line: 4 }],
        categoryHash('Home', undefined, { slug: 'home', desc: 'x' }),
      ),
      task(
        'category',
        'toys',
        'create',
        { entity: 'category', name: 'Toys', parent: null, body: { name: 'Toys' } },
        [],
        [{ file: 'c.csv', line: 5 }],
        categoryHash('Toys', undefined, {}),
      ),
      task(
        'category',
        'garden',
        'create',
        { entity: 'category', name: 'Garden', parent: null, body: { name: 'Garden' } },
        [],
        [{ file: 'c.csv', line: 6 }],
        categoryHash('Garden', undefined, {}),
      ),
    ]);
    expect(result.outcomes).toEqual([
      unchanged('category', 'apparel', 1, categoryHash('Apparel', undefined, {}), [{ file: 'c.csv', line: 2 }]),
      unchanged('category', 'apparel > shirts', 2, categoryHash('Shirts', 'apparel', {}), [{ file: 'c.csv', line: 3 }]),
    ]);
    expect(result.known).toEqual({ 'category:apparel': 1, 'category:apparel > shirts': 2, 'category:home': 3 });
  });

  it('not read: a field another input wrote stays in the cached hash, and the category is unchanged', async () => {
    const catalog = categories(categoryRow(2, ['Apparel']));
    const cache = cacheOf({ 'category:apparel': { id: 1, hash: categoryHash('Apparel', undefined, { desc: 'Old' }) } });
    const result = shared(await plan(catalog, NOT_READ, { cache }));
    // Nothing the row names differs: the cached desc is another input's.
    expect(result.tasks).toEqual([]);
    expect(result.outcomes).toEqual([unchanged('category', 'apparel', 1, categoryHash('Apparel', undefined, { desc: 'Old' }), [{ file: 'c.csv', line: 2 }])]);
  });
});

describe('options, option values and option sets', () => {
  // P is the parent of two variants; Fit is declared with its values (a JSON catalog's options section).
  const catalog: Catalog = {
    ...catalogOf(
      product('P'),
      product('V1', {
        parentSku: 'P',
        options: [
          { name: 'Size', value: 'M' },
          { name: 'Color', value: 'Red' },
        ],
      }),
      product('V2', {
        parentSku: 'P',
        options: [
          { name: 'Size', value: ' L ' },
          { name: 'Color ', value: 'Blue' },
        ],
      }),
    ),
    options: [{ name: ' Fit ', values: [' Slim '] }],
  };
  const skus = ['P', 'V1', 'V2'];
  const set = 'color / size';
  /** The create of the set's member for `option`, at `sortOrder`, after `deps`. */
  const member = (option: string, sortOrder: number, deps: string[] = []) =>
    task(
      'optionSetOption',
      `${set}|${option}`,
      'create',
      { entity: 'optionSetOption', optionSet: ref('optionSet', set), option: ref('option', option), sortOrder },
      deps,
    );
  const setTasks = (result: { tasks: Task[] }) =>
    result.tasks.filter((candidate) => candidate.entity === 'optionSet' || candidate.entity === 'optionSetOption');

  it('a tenant with none: every option, value, the option set and its members (in name order) are created, each after what it refers to', async () => {
    const result = shared(await plan(catalog, emptyTenant(skus), { variantMode: 'parent' }));
    expect(result.tasks).toEqual([
      task('option', 'fit', 'create', { entity: 'option', name: 'Fit' }),
      task('option', 'color', 'create', { entity: 'option', name: 'Color' }),
      task('option', 'size', 'create', { entity: 'option', name: 'Size' }),
      task('optionValue', 'fit=Slim', 'create', { entity: 'optionValue', option: ref('option', 'fit'), value: 'Slim' }, ['option:fit']),
      task('optionValue', 'size=M', 'create', { entity: 'optionValue', option: ref('option', 'size'), value: 'M' }, ['option:size']),
      task('optionValue', 'color=Red', 'create', { entity: 'optionValue', option: ref('option', 'color'), value: 'Red' }, ['option:color']),
      task('optionValue', 'size=L', 'create', { entity: 'optionValue', option: ref('option', 'size'), value: 'L' }, ['option:size']),
      task('optionValue', 'color=Blue', 'create', { entity: 'optionValue', option: ref('option', 'color'), value: 'Blue' }, ['option:color']),
      task('optionSet', set, 'create', { entity: 'optionSet', name: 'Color / Size' }),
      member('color', 1, [`optionSet:${set}`, 'option:color']),
      member('size', 2, [`optionSet:${set}`, 'option:size']),
    ]);
    expect(result.outcomes).toEqual([]);
    expect(result.known).toEqual({});
  });

  it('a tenant with all of them: options by name, values by their own option and trimmed value, members by option id', async () => {
    const remote = tenant({
      missingSkus: new Set(skus),
      options: [
        // Size comes first and has a "Red" too: Color's value must come from Color.
        {
          id: 1,
          name: 'SIZE',
          values: [
            { id: 11, option_id: 1, value: ' M ' },
            { id: 12, option_id: 1, value: 'L' },
            { id: 13, option_id: 1, value: 'Red' },
          ],
        },
        {
          id: 2,
          name: 'Color ',
          values: [
            { id: 21, option_id: 2, value: 'Red' },
            { id: 22, option_id: 2, value: 'Blue' },
          ],
        },
        { id: 3, name: 'fit', values: [{ id: 31, option_id: 3, value: 'Slim' }] },
      ],
      optionSets: [{ id: 5, name: 'Color / Size', optionIds: [2, 1] }],
    });
    const result = shared(await plan(catalog, remote, { variantMode: 'parent' }));
    expect(result.tasks).toEqual([]);
    expect(result.outcomes).toEqual([
      unchanged('option', 'fit', 3),
      unchanged('option', 'color', 2),
      unchanged('option', 'size', 1),
      unchanged('optionValue', 'fit=Slim', 31),
      unchanged('optionValue', 'size=M', 11),
      unchanged('optionValue', 'color=Red', 21),
      unchanged('optionValue', 'size=L', 12),
      unchanged('optionValue', 'color=Blue', 22),
      unchanged('optionSet', set, 5),
      // A member is known by its set's id.
      unchanged('optionSetOption', `${set}|color`, 5),
      unchanged('optionSetOption', `${set}|size`, 5),
    ]);
  });

  it('a tenant with some: a missing value, an option without values, a set missing a member', async () => {
    const remote = tenant({
      missingSkus: new Set(skus),
      options: [
        { id: 1, name: 'Size', values: [{ id: 11, option_id: 1, value: 'M' }] },
        { id: 2, name: 'Color' },
      ],
      optionSets: [{ id: 5, name: 'color / size', optionIds: [1] }],
    });
    const result = shared(await plan(catalog, remote, { variantMode: 'parent' }));
    expect(result.tasks).toEqual([
      task('option', 'fit', 'create', { entity: 'option', name: 'Fit' }),
      task('optionValue', 'fit=Slim', 'create', { entity: 'optionValue', option: ref('option', 'fit'), value: 'Slim' }, ['option:fit']),
      task('optionValue', 'color=Red', 'create', { entity: 'optionValue', option: ref('option', 'color'), value: 'Red' }),
      task('optionValue', 'size=L', 'create', { entity: 'optionValue', option: ref('option', 'size'), value: 'L' }),
      task('optionValue', 'color=Blue', 'create', { entity: 'optionValue', option: ref('option', 'color'), value: 'Blue' }),
      member('color', 1),
    ]);
    expect(result.outcomes).toEqual([
      unchanged('option', 'color', 2),
      unchanged('option', 'size', 1),
      unchanged('optionValue', 'size=M', 11),
      unchanged('optionSet', set, 5),
      unchanged('optionSetOption', `${set}|size`, 5),
    ]);
    expect(result.known).toEqual({
      'option:color': 2,
      'option:size': 1,
      'optionValue:size=M': 11,
      [`optionSet:${set}`]: 5,
      [`optionSetOption:${set}|size`]: 5,
    });
  });

  it('a set Jasper lists without its members, and a new set: every member is created', async () => {
    const remote = tenant({
      missingSkus: new Set(skus),
      options: [
        { id: 1, name: 'Size', values: [] },
        { id: 2, name: 'Color', values: [] },
      ],
      optionSets: [{ id: 5, name: 'Color / Size' }],
    });
    const members = shared(await plan(catalog, remote, { variantMode: 'parent' })).tasks.filter((candidate) => candidate.entity === 'optionSetOption');
    expect(members).toEqual([member('color', 1), member('size', 2)]);

    // A set of that name missing: created, and so are its members, though Jasper has the options.
    const result = shared(await plan(catalog, { ...remote, optionSets: [{ id: 6, name: 'Size', optionIds: [1, 2] }] }, { variantMode: 'parent' }));
    expect(setTasks(result)).toEqual([
      task('optionSet', set, 'create', { entity: 'optionSet', name: 'Color / Size' }),
      member('color', 1, [`optionSet:${set}`]),
      member('size', 2, [`optionSet:${set}`]),
    ]);
  });

  it('not read from Jasper: the change cache vouches for options, values, sets and members', async () => {
    const cache = cacheOf({
      'option:size': { id: 1, hash: PRESENCE_HASH },
      'option:fit': { hash: PRESENCE_HASH },
      'optionValue:size=M': { id: 11, hash: PRESENCE_HASH },
      'optionValue:color=Red': { id: 21 },
      [`optionSet:${set}`]: { id: 5, hash: PRESENCE_HASH },
      [`optionSetOption:${set}|size`]: { id: 0, hash: PRESENCE_HASH },
    });
    const result = shared(await plan(catalog, { ...NOT_READ, missingSkus: new Set(skus) }, { variantMode: 'parent', cache }));
    expect(result.tasks).toEqual([
      task('option', 'fit', 'create', { entity: 'option', name: 'Fit' }),
      task('option', 'color', 'create', { entity: 'option', name: 'Color' }),
      task('optionValue', 'fit=Slim', 'create', { entity: 'optionValue', option: ref('option', 'fit'), value: 'Slim' }, ['option:fit']),
      task('optionValue', 'size=L', 'create', { entity: 'optionValue', option: ref('option', 'size'), value: 'L' }),
      task('optionValue', 'color=Blue', 'create', { entity: 'optionValue', option: ref('option', 'color'), value: 'Blue' }, ['option:color']),
      member('color', 1, ['option:color']),
    ]);
    expect(result.outcomes).toEqual([
      unchanged('option', 'size', 1),
      unchanged('optionValue', 'size=M', 11),
      unchanged('optionValue', 'color=Red', 21),
      unchanged('optionSet', set, 5),
      unchanged('optionSetOption', `${set}|size`, 5),
    ]);
  });

  it('not read, a member cached but not its set: the set and the member are written again', async () => {
    const cache = cacheOf({ [`optionSetOption:${set}|size`]: { id: 0, hash: PRESENCE_HASH }, 'option:size': { id: 1 }, 'option:color': { id: 2 } });
    const result = shared(await plan(catalog, { ...NOT_READ, missingSkus: new Set(skus) }, { variantMode: 'parent', cache }));
    expect(setTasks(result)).toEqual([
      task('optionSet', set, 'create', { entity: 'optionSet', name: 'Color / Size' }),
      member('color', 1, [`optionSet:${set}`]),
      member('size', 2, [`optionSet:${set}`]),
    ]);
  });

  // Options match by name whatever the case (one option "size" for "Size" and "size"): the
  // parent's set has one member per option, not "color / color / size / size" (a bug this test found).
  it('variants spelling an option in two cases give their parent one set member per option', async () => {
    const mixed = catalogOf(
      product('P'),
      product('V1', {
        parentSku: 'P',
        options: [
          { name: 'Size', value: 'M' },
          { name: 'Color', value: 'Red' },
        ],
      }),
      product('V2', {
        parentSku: 'P',
        options: [
          { name: 'size', value: 'L' },
          { name: 'color', value: 'Blue' },
        ],
      }),
    );
    const result = shared(await plan(mixed, emptyTenant(skus), { variantMode: 'parent' }));
    expect(setTasks(result).map((candidate) => candidate.id)).toEqual([`optionSet:${set}`, `optionSetOption:${set}|color`, `optionSetOption:${set}|size`]);
  });

  it('read from Jasper, the cache is not asked: a value cached under an option Jasper lacks is created', async () => {
    const cache = cacheOf({ 'optionValue:fit=Slim': { id: 31 }, 'option:fit': { id: 3 }, [`optionSetOption:${set}|size`]: { id: 0 } });
    const result = shared(await plan(catalog, tenant({ missingSkus: new Set(skus) }), { variantMode: 'parent', cache }));
    expect(result.tasks.map((candidate) => candidate.id)).toEqual([
      'option:fit',
      'option:color',
      'option:size',
      'optionValue:fit=Slim',
      'optionValue:size=M',
      'optionValue:color=Red',
      'optionValue:size=L',
      'optionValue:color=Blue',
      `optionSet:${set}`,
      `optionSetOption:${set}|color`,
      `optionSetOption:${set}|size`,
    ]);
  });
});

describe('attributes and their type values', () => {
  const catalog: Catalog = {
    ...catalogOf(
      product('A', {
        attributes: [
          { name: 'Material', values: ['Cotton'] },
          { name: 'country', values: ['Mexico '] },
          { name: 'Fabric', values: ['Silk'] },
        ],
      }),
      product('B', { attributes: [{ name: 'fabric', type: 'selectbox', values: ['Wool'] }] }),
    ),
    attributes: [
      { name: ' Country ', type: 'multiselect', values: [' USA ', 'Canada'] },
      { name: 'Finish', type: 'selectbox', values: [] },
    ],
  };
  const skus = ['A', 'B'];
  const country = ref('attribute', 'country');
  const fabric = ref('attribute', 'fabric');

  it('a tenant with none: each attribute is created with its type (text when none is given); a select gets one type value per value used', async () => {
    const result = shared(await plan(catalog, emptyTenant(skus)));
    expect(result.tasks).toEqual([
      task('attribute', 'country', 'create', { entity: 'attribute', name: 'Country', type: 'multiselect' }, [], [], 'multiselect'),
      task('typeValue', 'country=USA', 'create', { entity: 'typeValue', attribute: country, value: 'USA' }, ['attribute:country']),
      task('typeValue', 'country=Canada', 'create', { entity: 'typeValue', attribute: country, value: 'Canada' }, ['attribute:country']),
      task('typeValue', 'country=Mexico', 'create', { entity: 'typeValue', attribute: country, value: 'Mexico ' }, ['attribute:country']),
      // Declared without values and used by no row: no type value.
      task('attribute', 'finish', 'create', { entity: 'attribute', name: 'Finish', type: 'selectbox' }, [], [], 'selectbox'),
      task('attribute', 'material', 'create', { entity: 'attribute', name: 'Material', type: 'text' }, [], [], 'text'),
      // Untyped on A's row, typed by B's: a select.
      task('attribute', 'fabric', 'create', { entity: 'attribute', name: 'Fabric', type: 'selectbox' }, [], [], 'selectbox'),
      task('typeValue', 'fabric=Silk', 'create', { entity: 'typeValue', attribute: fabric, value: 'Silk' }, ['attribute:fabric']),
      task('typeValue', 'fabric=Wool', 'create', { entity: 'typeValue', attribute: fabric, value: 'Wool' }, ['attribute:fabric']),
    ]);
    expect(result.outcomes).toEqual([]);
    expect(result.notes).toEqual([]);
  });

  it("a tenant with all of them: known with Jasper's type, type values by trimmed value; another type in Jasper is a note and wins", async () => {
    const remote = tenant({
      missingSkus: new Set(skus),
      attributes: [
        {
          id: 1,
          name: 'COUNTRY',
          type: 'multiselect',
          typeValues: [
            { id: 11, value: ' USA ' },
            { id: 12, value: 'Canada' },
            { id: 13, value: 'Mexico' },
          ],
        },
        { id: 2, name: 'finish', type: 'selectbox', typeValues: [] },
        { id: 3, name: 'Material', type: 'selectbox', typeValues: [{ id: 31, value: 'Cotton' }] },
        { id: 4, name: 'Fabric', type: 'text', typeValues: [] },
      ],
    });
    const result = shared(await plan(catalog, remote));
    expect(result.tasks).toEqual([]);
    expect(result.outcomes).toEqual([
      unchanged('attribute', 'country', 1, 'multiselect'),
      unchanged('typeValue', 'country=USA', 11),
      unchanged('typeValue', 'country=Canada', 12),
      unchanged('typeValue', 'country=Mexico', 13),
      unchanged('attribute', 'finish', 2, 'selectbox'),
      // Untyped in the input, a select in Jasper: its values need type values.
      unchanged('attribute', 'material', 3, 'selectbox'),
      unchanged('typeValue', 'material=Cotton', 31),
      // A select in the input, text in Jasper: written as text, no type values.
      unchanged('attribute', 'fabric', 4, 'text'),
    ]);
    expect(result.notes).toEqual(['attribute "Fabric" is text in Jasper, not selectbox; its values are written as text']);
  });

  it('a tenant with some: a missing type value is created after nothing; the cache is not asked once the list was read', async () => {
    const remote = tenant({
      missingSkus: new Set(skus),
      attributes: [{ id: 1, name: 'Country', type: 'multiselect', typeValues: [{ id: 12, value: 'Canada' }] }],
    });
    const cache = cacheOf({ 'attribute:fabric': { id: 9, hash: 'selectbox' }, 'typeValue:fabric=Silk': { id: 91 }, 'typeValue:country=USA': { id: 92 } });
    const result = shared(await plan(catalog, remote, { cache }));
    expect(result.tasks).toEqual([
      task('typeValue', 'country=USA', 'create', { entity: 'typeValue', attribute: country, value: 'USA' }),
      task('typeValue', 'country=Mexico', 'create', { entity: 'typeValue', attribute: country, value: 'Mexico ' }),
      task('attribute', 'finish', 'create', { entity: 'attribute', name: 'Finish', type: 'selectbox' }, [], [], 'selectbox'),
      task('attribute', 'material', 'create', { entity: 'attribute', name: 'Material', type: 'text' }, [], [], 'text'),
      task('attribute', 'fabric', 'create', { entity: 'attribute', name: 'Fabric', type: 'selectbox' }, [], [], 'selectbox'),
      task('typeValue', 'fabric=Silk', 'create', { entity: 'typeValue', attribute: fabric, value: 'Silk' }, ['attribute:fabric']),
      task('typeValue', 'fabric=Wool', 'create', { entity: 'typeValue', attribute: fabric, value: 'Wool' }, ['attribute:fabric']),
    ]);
    expect(result.outcomes).toEqual([unchanged('attribute', 'country', 1, 'multiselect'), unchanged('typeValue', 'country=Canada', 12)]);
    expect(result.notes).toEqual([]);
  });

  it('not read from Jasper: the cache holds the id, and the type as the hash, which decides whether values need type values', async () => {
    const cache = cacheOf({
      'attribute:country': { id: 1, hash: 'multiselect' },
      'typeValue:country=USA': { id: 11, hash: PRESENCE_HASH },
      'typeValue:country=Canada': { hash: PRESENCE_HASH },
      // Cached as text, though B's row says selectbox: no type values.
      'attribute:fabric': { id: 4, hash: 'text' },
      // Created earlier without an id coming back: created again, as the type cached.
      'attribute:finish': { hash: 'multiselect' },
    });
    const result = shared(await plan(catalog, { ...NOT_READ, missingSkus: new Set(skus) }, { cache }));
    expect(result.tasks).toEqual([
      task('typeValue', 'country=Canada', 'create', { entity: 'typeValue', attribute: country, value: 'Canada' }),
      task('typeValue', 'country=Mexico', 'create', { entity: 'typeValue', attribute: country, value: 'Mexico ' }),
      task('attribute', 'finish', 'create', { entity: 'attribute', name: 'Finish', type: 'multiselect' }, [], [], 'multiselect'),
      task('attribute', 'material', 'create', { entity: 'attribute', name: 'Material', type: 'text' }, [], [], 'text'),
    ]);
    expect(result.outcomes).toEqual([
      unchanged('attribute', 'country', 1, 'multiselect'),
      unchanged('typeValue', 'country=USA', 11),
      unchanged('attribute', 'fabric', 4, 'text'),
    ]);
    expect(result.notes).toEqual([]);
  });
});

describe('relation types', () => {
  const catalog = catalogOf(
    product('P'),
    product('V', { parentSku: 'P', options: [{ name: 'Size', value: 'M' }] }),
    product('A', {
      related: [
        { type: 'Accessories', skus: ['P'] },
        { type: ' Spare Parts ', skus: ['P'] },
      ],
    }),
  );
  const skus = ['P', 'V', 'A'];
  const relationTypes = (result: Plan) => ({
    tasks: result.tasks.filter((candidate) => candidate.entity === 'relationType'),
    outcomes: result.outcomes.filter((candidate) => candidate.entity === 'relationType'),
  });

  it('a tenant with none: the Variant type (relation mode) and each link type are created', async () => {
    expect(relationTypes(await plan(catalog, emptyTenant(skus)))).toEqual({
      tasks: [
        task('relationType', 'variant', 'create', { entity: 'relationType', name: 'Variant' }),
        task('relationType', 'accessories', 'create', { entity: 'relationType', name: 'Accessories' }),
        task('relationType', 'spare parts', 'create', { entity: 'relationType', name: 'Spare Parts' }),
      ],
      outcomes: [],
    });
    // Parent mode links no variant: no Variant type.
    expect(relationTypes(await plan(catalog, emptyTenant(skus), { variantMode: 'parent' })).tasks.map((candidate) => candidate.key)).toEqual([
      'accessories',
      'spare parts',
    ]);
  });

  it('a tenant with some, matched by name; the cache is not asked once the list was read', async () => {
    const remote = tenant({
      missingSkus: new Set(skus),
      relationTypes: [
        { id: 1, name: 'VARIANT' },
        { id: 2, name: 'accessories ' },
      ],
    });
    const cache = cacheOf({ 'relationType:spare parts': { id: 3 } });
    expect(relationTypes(await plan(catalog, remote, { cache }))).toEqual({
      tasks: [task('relationType', 'spare parts', 'create', { entity: 'relationType', name: 'Spare Parts' })],
      outcomes: [unchanged('relationType', 'variant', 1), unchanged('relationType', 'accessories', 2)],
    });
  });

  it('not read from Jasper: the change cache vouches for those with an id', async () => {
    const cache = cacheOf({ 'relationType:variant': { id: 1, hash: PRESENCE_HASH }, 'relationType:accessories': { hash: PRESENCE_HASH } });
    expect(relationTypes(await plan(catalog, { ...NOT_READ, missingSkus: new Set(skus) }, { cache }))).toEqual({
      tasks: [
        task('relationType', 'accessories', 'create', { entity: 'relationType', name: 'Accessories' }),
        task('relationType', 'spare parts', 'create', { entity: 'relationType', name: 'Spare Parts' }),
      ],
      outcomes: [unchanged('relationType', 'variant', 1)],
    });
  });
});
