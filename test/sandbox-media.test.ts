// The sandbox's product assets and barcodes: the reference's shapes, status codes and validation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type SandboxHandle } from '../src/sandbox/index.js';
import { client } from './sandbox-helpers.js';

let sb: SandboxHandle;
beforeAll(async () => {
  sb = await startSandbox({ seed: 3 });
});
afterAll(() => sb.close());
const { get, post, put, del, product } = client(() => sb);

describe('sandbox: images and barcodes', () => {
  it('creates assets from image_url (answered as uri), the first as thumbnail; lists, updates and deletes them', async () => {
    const p = await product('ASSET-1');
    expect((await post(`/products/${p.id}/assets`, {})).body.errors).toEqual({ image_url: ['The image url field is required.'] });
    expect((await post(`/products/${p.id}/assets`, { image_url: 'not a url' })).body.errors).toEqual({ image_url: ['The image url must be a valid URL.'] });
    const main = await post(`/products/${p.id}/assets`, { image_url: 'https://cdn.example.com/a.jpg' });
    expect(main.status).toBe(201);
    expect(main.body.product_asset).toMatchObject({ product_id: p.id, uri: 'https://cdn.example.com/a.jpg', thumbnail: 1, sort_order: 1 });
    const second = await post(`/products/${p.id}/assets`, { image_url: 'https://cdn.example.com/b.jpg' });
    expect(second.body.product_asset).toMatchObject({ thumbnail: 0, sort_order: 2 });
    // Like the API, POST never deduplicates.
    await post(`/products/${p.id}/assets`, { image_url: 'https://cdn.example.com/a.jpg' });
    expect((await get(`/products/${p.id}/assets`)).body.product_assets).toHaveLength(3);
    expect((await get(`/products/${p.id}`)).body.product.assets).toHaveLength(3);
    const updated = await put(`/products/${p.id}/assets/${second.body.product_asset.id}`, { alttext: 'Back', thumbnail: true });
    expect(updated.body.product_asset).toMatchObject({ alttext: 'Back', thumbnail: 1, uri: 'https://cdn.example.com/b.jpg' });
    expect((await del(`/products/${p.id}/assets/${second.body.product_asset.id}`)).status).toBe(200);
    expect((await get(`/products/${p.id}/assets/${second.body.product_asset.id}`)).status).toBe(404);
    expect((await del(`/products/${p.id}/assets/${second.body.product_asset.id}`)).status).toBe(404);
  });

  it('creates barcodes with the digit count of their type, answers them without an envelope, and deletes them', async () => {
    const p = await product('BARCODE-1');
    expect((await post(`/products/${p.id}/barcodes`, { type: 'UPC-B', barcode: '123' })).body.errors).toEqual({ type: ['The selected type is invalid.'] });
    expect((await post(`/products/${p.id}/barcodes`, { type: 'UPC-A', barcode: '12345678901' })).body.errors).toEqual({
      barcode: ['The barcode must be 12 digits for the type UPC-A.'],
    });
    expect((await post(`/products/${p.id}/barcodes`, { type: 'Custom', barcode: 'AB12' })).status).toBe(422);
    expect((await post(`/products/${p.id}/barcodes`, { type: 'ITF-14', barcode: '01234567891234' })).status).toBe(201);
    expect((await post(`/products/${p.id}/barcodes`, { type: 'EAN', barcode: '4006381333931' })).status).toBe(201);
    const upc = await post(`/products/${p.id}/barcodes`, { type: 'UPC-A', barcode: '123456789012' });
    expect(upc.status).toBe(201);
    expect(upc.body).toMatchObject({ product_id: p.id, type: 'UPC-A', barcode: '123456789012' });
    expect((await get(`/products/${p.id}/barcodes`)).body.barcodes).toHaveLength(3);
    expect((await put(`/products/${p.id}/barcodes/${upc.body.id}`, { barcode: '1234' })).status).toBe(422);
    expect((await put(`/products/${p.id}/barcodes/${upc.body.id}`, { barcode: '999999999999' })).body.barcode).toBe('999999999999');
    const deleted = await del(`/products/${p.id}/barcodes/${upc.body.id}`);
    expect(deleted.body).toMatchObject({ id: upc.body.id, barcode: '999999999999' });
    expect((await get(`/products/${p.id}/barcodes`)).body.barcodes.map((code: { type: string }) => code.type)).toEqual(['ITF-14', 'EAN']);
  });

  it('upserts a list of barcodes by type: POST keeps the others, PUT deletes them; one bad entry writes nothing', async () => {
    const p = await product('BARCODE-2');
    const upc = (await post(`/products/${p.id}/barcodes`, { type: 'UPC-A', barcode: '123456789000' })).body;
    await post(`/products/${p.id}/barcodes`, { type: 'ITF-14', barcode: '01234567891234' });
    const bad = await post(`/products/${p.id}/barcodes/upsert`, { barcodes: [{ type: 'UPC-A', barcode: '1' }] });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.errors)).toEqual(['barcodes.0.barcode']);
    const kept = await post(`/products/${p.id}/barcodes/upsert`, {
      barcodes: [
        { type: 'UPC-A', barcode: '123456789123' },
        { type: 'Custom', barcode: '0000444498765321' },
      ],
    });
    expect(kept.status).toBe(200);
    expect(kept.body.barcodes.map((code: { id: number; type: string; barcode: string }) => [code.type, code.barcode])).toEqual([
      ['UPC-A', '123456789123'],
      ['ITF-14', '01234567891234'],
      ['Custom', '0000444498765321'],
    ]);
    expect(kept.body.barcodes[0].id).toBe(upc.id);
    const replaced = await put(`/products/${p.id}/barcodes/upsert`, { barcodes: [{ type: 'Custom', barcode: '42' }] });
    expect(replaced.body.barcodes.map((code: { type: string; barcode: string }) => [code.type, code.barcode])).toEqual([['Custom', '42']]);
  });

  it('deletes a related link (and 404s when there is none)', async () => {
    const a = await product('REL-A');
    const b = await product('REL-B');
    const type = (await post('/product-relation-types', { name: 'Cross-sell' })).body.product_relation_type;
    expect((await post(`/products/${a.id}/relations/${b.id}/type/${type.id}`, {})).status).toBe(201);
    expect((await del(`/products/${a.id}/relations/${b.id}/type/${type.id}`)).status).toBe(200);
    expect((await del(`/products/${a.id}/relations/${b.id}/type/${type.id}`)).status).toBe(404);
  });
});
