// The set-up loads tests share (tenantAfter in test/helpers/tenant.ts): a load runs once per
// worker, and each later caller gets a new tenant restored from what it left.
import fs from 'node:fs';
import { expect, it } from 'vitest';
import { type Tenant, tenantAfter } from './helpers/tenant.js';

it('restores a load made by hand, which left no config folder: the data, and what the load returned', async () => {
  let loads = 0;
  const load = async (t: Tenant) => {
    loads += 1;
    const created = await t.byHand('POST', '/products', { sku: 'HAND-1', name: 'Made by hand' });
    expect(fs.existsSync(t.env.JASPER_PUSH_CONFIG_DIR!)).toBe(false);
    return created.status;
  };
  // One at a time: a restored tenant listens on the port of the load's own, closed by then.
  for (const round of [1, 2]) {
    const { tenant, loaded } = await tenantAfter('tenant-set-up: one product made by hand', load);
    try {
      expect(loaded, `round ${round}`).toBe(201);
      expect(tenant.sandbox.state().products.map((product) => product.sku)).toEqual(['HAND-1']);
    } finally {
      await tenant.close();
    }
  }
  expect(loads).toBe(1);
});
