import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectIssues, read, useTempDir } from './catalog-helpers.js';

const temp = useTempDir();

describe('large and unusual input', () => {
  it('accepts a multi-byte character split across read chunks and rejects a truncated one at the end', async () => {
    const split = join(temp(), 'split.csv');
    // The default read size is 64 KiB; put "é" (2 bytes) across that boundary.
    const filler = 'x'.repeat(65536 - 'sku,name\nA-1,'.length - 1);
    await writeFile(split, `sku,name\nA-1,${filler}é\nA-2,ok\n`);
    const result = await read('products', split);
    expect(result.issues).toEqual([]);
    expect(result.catalog.products[0]?.name?.endsWith('é')).toBe(true);

    const truncated = join(temp(), 'truncated.csv');
    await writeFile(truncated, Buffer.concat([Buffer.from('sku,name\nA-1,a\nA-2,'), Buffer.from([0xe2, 0x82])]));
    expectIssues(await read('products', truncated), [{ severity: 'error', at: `${truncated}:3`, message: 'invalid UTF-8' }]);

    const surrogate = join(temp(), 'surrogate.csv');
    await writeFile(surrogate, Buffer.concat([Buffer.from('sku,name\r\nA-1,'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('\r\n')]));
    expectIssues(await read('products', surrogate), [{ severity: 'error', at: `${surrogate}:2`, message: 'invalid UTF-8' }]);
  });
  it('reports a 50 MB cell plainly, with its line, instead of crashing', async () => {
    const file = join(temp(), 'giant-cell.csv');
    const out = createWriteStream(file);
    out.write('sku,desc_long\nA-1,short\nA-2,"');
    const chunk = 'y'.repeat(1024 * 1024);
    for (let i = 0; i < 50; i++) if (!out.write(chunk)) await once(out, 'drain');
    out.end('"\nA-3,after\n');
    await once(out, 'finish');

    const result = await read('products', file);
    expectIssues(result, [{ severity: 'error', at: `${file}:3`, message: 'the row is larger than 8 MiB' }]);
    expect(result.catalog.products).toEqual([]);
    expect(result.unreadableFiles).toEqual([file]);
  });

  // 25,000 rows of two lines each, about 2 MB: some thirty 64 KiB read chunks for the line count to
  // stay right across. The sizes users push (100,000 products and more) are the bench's
  // (`npm run bench`); here they only made this test take 3.4 s instead of 0.7 s.
  it('reads a 25,000-row products file, counting lines across read chunks', async () => {
    const file = join(temp(), 'big.csv');
    const out = createWriteStream(file);
    out.write('sku,name,parent_sku,option:Size,msrp,categories,attr:Material,inventory:Main,desc_long\n');
    for (let i = 0; i < 25_000; i++) {
      const line = `SKU-${i},Product ${i},,,${i % 100}.99,Apparel > Shirts|Sale,Cotton,${i % 30},"Text ${i}\nsecond line"\n`;
      if (!out.write(line)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');

    const result = await read('products', file);
    expect(result.issues).toEqual([]);
    expect(result.catalog.products).toHaveLength(25_000);
    expect(result.catalog.products.at(-1)?.loc.line).toBe(50_000);
  });
});
