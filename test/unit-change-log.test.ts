// The change record of a write (SPEC §13): fields compared as Jasper stores them, a create
// recorded before its call stays a create, and changes.csv lists every field.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { RemoteProduct } from '../src/jasper/types.js';
import { DISABLED_HASH } from '../src/plan/keys.js';
import type { Task } from '../src/plan/types.js';
import { describeChange, sameValue } from '../src/run/change-fields.js';
import { ChangeLog } from '../src/run/change-log.js';
import { ChangeRecorder } from '../src/run/change-recorder.js';
import type { JasperClient } from '../src/jasper/client.js';
import { tempDir } from './helpers/temp-dir.js';

const product = (hash = 'h1', body: Record<string, unknown> = { name: 'Tee Classic', enabled: true }): Task => ({
  id: 'product:TEE-1',
  entity: 'product',
  key: 'TEE-1',
  action: 'update',
  payload: { entity: 'product', sku: 'TEE-1', body, id: 7 },
  deps: [],
  rows: [],
  hash,
});

const held: RemoteProduct = { id: 7, sku: 'TEE-1', name: 'Tee', enabled: 1, categories: [{ id: 3 }], prices: [{ id: 11, base: 'US', msrp: '20.00', cost: 8 }] };

describe('change records', () => {
  it('compares values as Jasper stores them', () => {
    expect(sameValue(true, 1)).toBe(true);
    expect(sameValue(false, 1)).toBe(false);
    expect(sameValue('20.00', 20)).toBe(true);
    expect(sameValue('', null)).toBe(true);
    expect(sameValue([3, 5], ['5', '3'])).toBe(true);
    expect(sameValue(['USA'], [])).toBe(false);
    expect(sameValue('007', '7')).toBe(false);
  });

  it('records only the fields a product update changes, and a disable as such', () => {
    const change = describeChange(product(), 'updated', 7, { product: held }, () => undefined);
    expect(change).toMatchObject({ action: 'updated', product: 'TEE-1', ids: { id: 7 }, fields: [{ field: 'name', before: 'Tee', after: 'Tee Classic' }] });
    const disable = describeChange(product(DISABLED_HASH, { enabled: false }), 'updated', 7, { product: held }, () => undefined);
    expect(disable).toMatchObject({ action: 'disabled', fields: [{ field: 'enabled', before: 1, after: false }] });
  });

  it('finds a price row by its id and names the fields it changes', () => {
    const task: Task = {
      id: 'price:TEE-1|US',
      entity: 'price',
      key: 'TEE-1|US',
      action: 'update',
      payload: { entity: 'price', product: { entity: 'product', key: 'TEE-1' }, base: 'US', body: { base: 'US', msrp: 22, cost: 8 }, id: 11 },
      deps: [],
      rows: [],
      hash: 'p',
    };
    expect(describeChange(task, 'updated', 11, { product: held }, () => 7).fields).toEqual([{ field: 'msrp', before: '20.00', after: 22 }]);
  });

  it('keeps a create recorded before its call a create when a resumed run updates it, and writes changes.csv', () => {
    const folder = tempDir('jp-changes-');
    const log = ChangeLog.open(folder);
    const base = { task: 'product:NEW-1', entity: 'product' as const, key: 'NEW-1', product: 'NEW-1', cache: [] };
    log.record({ ...base, action: 'created', ids: { id: null, variant: 0 }, fields: [{ field: 'name', before: null, after: 'New' }] });
    log.record({ ...base, action: 'updated', ids: { id: 42 }, fields: [{ field: 'name', before: 'New', after: 'Newer' }] });
    expect(log.get('product:NEW-1')).toMatchObject({ action: 'created', ids: { id: 42, variant: 0 }, fields: [{ field: 'name', after: 'New' }] });
    log.record({
      task: 'asset:TEE-1|u',
      entity: 'asset',
      key: 'TEE-1|u',
      product: 'TEE-1',
      action: 'deleted',
      ids: { product: 7, id: 3, url: 'u', sortOrder: 2 },
      fields: [],
      cache: [],
    });
    const csv = fs.readFileSync(log.writeCsv(), 'utf8').trim().split('\n');
    log.close();
    expect(csv).toEqual(['entity,key,field,before,after', 'product,NEW-1,name,,New', 'image,TEE-1|u,(deleted),u,']);
  });

  it('takes the state of a category before from the list the push read, without a second read', async () => {
    const folder = tempDir('jp-changes-');
    const reads: number[] = [];
    const client = { getCategory: async (id: number) => (reads.push(id), { id, name: 'Shirts', desc: 'Read again' }) } as unknown as JasperClient;
    const listed = { products: { get: () => undefined }, categories: [{ id: 5, parent_id: 0, name: 'Shirts', desc: 'Old shirts' }] };
    const recorder = new ChangeRecorder(ChangeLog.open(folder), client, undefined, listed);
    const task = (id: number): Task => ({
      id: `category:shirts${id}`,
      entity: 'category',
      key: `shirts${id}`,
      action: 'update',
      payload: { entity: 'category', name: 'Shirts', parent: null, body: { desc: 'New shirts' }, id },
      deps: [],
      rows: [],
      hash: 'c',
    });
    await recorder.around(
      task(5),
      () => 0,
      async () => ({ outcome: 'updated', remoteId: 5 }),
    );
    await recorder.around(
      task(6),
      () => 0,
      async () => ({ outcome: 'updated', remoteId: 6 }),
    );
    expect(recorder.log.get('category:shirts5')?.fields).toEqual([{ field: 'desc', before: 'Old shirts', after: 'New shirts' }]);
    expect(recorder.log.get('category:shirts6')?.fields).toEqual([{ field: 'desc', before: 'Read again', after: 'New shirts' }]);
    expect(reads).toEqual([6]);
    recorder.close();
  });
});
