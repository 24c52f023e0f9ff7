// BatchPlanner with plain data: the work carried across batches (variants waiting for a parent
// further on, links to later products, inventory rows held until every product is planned), and
// what each batch learns of the batches before it.
import { describe, expect, it } from 'vitest';
import type { InventoryRowInput } from '../src/catalog/types.js';
import type { Plan, Task } from '../src/plan/types.js';
import { catalogOf, emptyTenant, plan, planBatches, product, type Results } from './helpers/planning.js';

const ids = (tasks: Task[]) => tasks.map((candidate) => candidate.id).sort();
const taskIds = (result: Plan) => result.tasks.map((candidate) => candidate.id);
const line = (sku: string, at: number) => product(sku, { loc: { file: 'p.csv', line: at } });

/** Every task created or failed as `fail` says, with ids from 500 on. */
function executed(fail: (id: string) => boolean): Results {
  let id = 500;
  return (batch) =>
    new Map(batch.tasks.map((task) => [task.id, fail(task.id) ? { outcome: 'failed', error: 'boom' } : { outcome: 'created', remoteId: id++ }]));
}

describe('planning in batches (a streamed push)', () => {
  const catalog = catalogOf(
    product('A', { categories: [['Apparel']], related: [{ type: 'Accessories', skus: ['B'] }], prices: [{ base: 'US', msrp: 1 }] }),
    product('P'),
    product('V', { parentSku: 'P', options: [{ name: 'Size', value: 'M' }] }),
    product('B'),
  );
  const tenant = emptyTenant(['A', 'P', 'V', 'B']);

  it('makes the same writes as planning the whole catalog at once', async () => {
    const whole = await plan(catalog, tenant);
    const { batches } = await planBatches(catalog, tenant, { batchProducts: 2 });
    expect(batches.map((batch) => batch.more)).toEqual([true, true, false]);
    expect(ids(batches.flatMap((batch) => batch.plan.tasks))).toEqual(ids(whole.tasks));
    // The link to B, further down, is planned once B is: in the last batch.
    expect(taskIds(batches[2]!.plan)).toEqual(['relatedLink:A|accessories|B']);
    // Each row is served once: the shared entities and the first products in the first batch.
    expect(batches.map((batch) => batch.rows.map((row) => row.key))).toEqual([['A', 'P'], ['V', 'B'], []]);
    expect(taskIds(batches[0]!.plan)).toContain('category:apparel');
  });

  it('a later batch uses the ids an earlier batch created, and skips what depends on a failure', async () => {
    const { batches } = await planBatches(catalog, tenant, { batchProducts: 2, results: executed((id) => id === 'product:P') });
    const plans = batches.map((batch) => batch.plan);
    // Relation mode: V is created on its own; its link to the failed parent is not.
    expect(plans[1]!.tasks.some((candidate) => candidate.id === 'variantLink:P>V')).toBe(false);
    expect(plans[1]!.outcomes.find((outcome) => outcome.id === 'variantLink:P>V')).toMatchObject({
      outcome: 'skipped',
      reason: expect.stringMatching(/product "P".*boom/),
    });
    const link = plans[2]!.tasks.find((candidate) => candidate.id === 'relatedLink:A|accessories|B')!;
    // A and B were created by earlier batches: their ids are known, not dependencies.
    expect(link.deps).toEqual([]);
    expect(plans[2]!.known['product:A']).toBeGreaterThanOrEqual(500);
    expect(plans[2]!.known['product:B']).toBeGreaterThanOrEqual(500);
  });

  it('a parent whose option set lost a member is skipped, not written with the set short', async () => {
    const rows = catalogOf(product('X'), product('P'), product('V', { parentSku: 'P', options: [{ name: 'Size', value: 'M' }] }));
    const { batches } = await planBatches(rows, emptyTenant(['X', 'P', 'V']), {
      batchProducts: 1,
      results: executed((id) => id === 'optionSetOption:size|size'),
    });
    expect(taskIds(batches[0]!.plan)).toContain('optionSetOption:size|size');
    const parent = batches.flatMap((batch) => batch.plan.outcomes).find((outcome) => outcome.id === 'product:P');
    expect(parent).toMatchObject({ outcome: 'skipped', reason: expect.stringMatching(/option set option "size\|size".*boom/) });
  });

  it('a batch planned before the one before it ran depends on its pending tasks instead', async () => {
    // No results told: the batches overlap, as when a push plans the next batch while the last one runs.
    const { batches } = await planBatches(catalog, tenant, { batchProducts: 2 });
    expect(batches[1]!.plan.tasks.find((candidate) => candidate.id === 'variantLink:P>V')?.deps).toContain('product:P');
    expect(batches[2]!.plan.tasks[0]!.deps.sort()).toEqual(['product:A', 'product:B', 'relationType:accessories']);
  });

  it('a variant whose parent comes later, in another batch, waits for a second read and is planned after its parent', async () => {
    const rows = catalogOf(
      line('V1', 2),
      { ...line('V2', 3), parentSku: 'P', options: [{ name: 'Size', value: 'L' }] },
      line('X', 4),
      line('P', 5),
      line('Y', 6),
    );
    rows.products[0] = { ...rows.products[0]!, parentSku: 'P', options: [{ name: 'Size', value: 'S' }] };
    const { batches } = await planBatches(rows, emptyTenant(['V1', 'V2', 'X', 'P', 'Y']), { batchProducts: 2, variantMode: 'parent' });
    const batchOf = (id: string) => batches.findIndex((batch) => batch.plan.tasks.some((candidate) => candidate.id === id));
    expect(batchOf('product:P')).toBeLessThan(batchOf('product:V1'));
    expect(batchOf('product:V1')).toBe(batchOf('product:V2'));
    expect(batches[batchOf('product:V1')]!.plan.tasks.find((candidate) => candidate.id === 'product:V1')!.deps).toContain('product:P');
    // Every row is served exactly once, the waiting variants by the batch that planned them.
    const served = batches.flatMap((batch) => batch.rows.map((row) => row.key));
    expect(served.sort()).toEqual(['P', 'V1', 'V2', 'X', 'Y']);
    expect(batches[batchOf('product:V1')]!.rows.map((row) => row.key)).toEqual(['V1', 'V2']);
  });

  it('holds the inventory rows of a products push until every product is planned', async () => {
    const stock = (sku: string, at: number): InventoryRowInput => ({
      sku,
      location: 'Main',
      count_on_hand: 3,
      loc: { file: 'c.json', path: `inventory[${at}]` },
    });
    const rows = { ...catalogOf(product('A'), product('B'), product('C')), inventory: [stock('A', 0), stock('C', 1)] };
    const { batches } = await planBatches(rows, emptyTenant(['A', 'B', 'C']), { batchProducts: 1 });
    const last = batches[batches.length - 1]!;
    expect(
      taskIds(last.plan)
        .filter((id) => id.startsWith('inventory:'))
        .sort(),
    ).toEqual(['inventory:A|main', 'inventory:C|main']);
    expect(batches.slice(0, -1).every((batch) => batch.rows.every((row) => row.kind === 'product'))).toBe(true);
    expect(last.rows.filter((row) => row.kind === 'inventory')).toHaveLength(2);
  });

  it('an inventory push plans its rows in batches of four writes per product of a batch', async () => {
    const stock = (sku: string, at: number): InventoryRowInput => ({ sku, location: `L${at}`, count_on_hand: at, loc: { file: 'i.csv', line: at + 2 } });
    const rows = { ...catalogOf(), inventory: Array.from({ length: 9 }, (_, at) => stock('A', at)) };
    const remote = { ...emptyTenant([]), products: new Map([['A', { id: 3, sku: 'A', inventory: [] }]]) };
    const { batches } = await planBatches(rows, remote, { batchProducts: 1, kind: 'inventory' });
    expect(batches.map((batch) => batch.plan.tasks.length)).toEqual([4, 4, 1]);
    expect(batches.map((batch) => batch.more)).toEqual([true, true, false]);
  });

  it('late links beyond a batch spill into further final batches, each saying whether more follow', async () => {
    // Twelve products each link to the last one; two products a batch take eight late links a batch.
    const last = 'Z';
    const linking = Array.from({ length: 12 }, (_, at) => line(`S${at}`, at + 2));
    for (const row of linking) row.related = [{ type: 'Accessories', skus: [last] }];
    const rows = catalogOf(...linking, line(last, 20));
    const { batches } = await planBatches(rows, emptyTenant([...linking.map((row) => row.sku), last]), { batchProducts: 2 });
    const links = batches.map((batch) => batch.plan.tasks.filter((candidate) => candidate.entity === 'relatedLink').length);
    expect(links.reduce((sum, count) => sum + count, 0)).toBe(12);
    expect(links.slice(-2)).toEqual([8, 4]);
    expect(batches.map((batch) => batch.more).slice(-2)).toEqual([true, false]);
  });
});
