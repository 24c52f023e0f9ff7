// The catalogs and calls the undo tests share: a rich first load, its nightly, and the undo command.
import fs from 'node:fs';
import path from 'node:path';
import { runCli } from './cli.js';
import type { Tenant } from './tenant.js';

const HEADER =
  'sku,name,parent_sku,option:Size,categories,msrp,cost,price:CA:msrp,attr:Material,inventory:Main,inventory:Backroom,images,barcode:UPC-A,related:Accessories';
export const IMG = 'https://img.example';

/** The first load: a parent with two variants, images, a barcode, links, two price bases, stock in two locations, 30 simple products. */
export function firstLoad(): string[] {
  const simple = Array.from({ length: 30 }, (_, index) => `S-${String(index + 1).padStart(3, '0')},Simple ${index + 1},,,Sale,${10 + index},,,,${index},,,,`);
  return [
    HEADER,
    `TEE-1,Tee,,,Apparel > Shirts,20,8,25,Cotton,5,2,${IMG}/tee-1.jpg|${IMG}/tee-2.jpg,036000291452,CAP-1`,
    'TEE-1-S,Tee S,TEE-1,S,Apparel > Shirts,20,8,25,Cotton,3,1,,,',
    'TEE-1-M,Tee M,TEE-1,M,Apparel > Shirts,20,8,25,Cotton,4,0,,,',
    `CAP-1,Cap,,,Apparel > Hats,15,5,18,Wool,3,1,${IMG}/cap.jpg,,TEE-1`,
    ...simple,
  ];
}

/** The nightly: two names, two prices and two stock counts change, two products arrive, three leave, an image goes. */
export function nightly(): string[] {
  return firstLoad()
    .filter((line) => !/^S-0(28|29|30),/.test(line))
    .map((line) =>
      line
        .replace('TEE-1,Tee,,,Apparel > Shirts,20,8,25,Cotton,5,2', 'TEE-1,Tee Classic,,,Apparel > Shirts,22,8,25,Cotton,9,2')
        .replace(`|${IMG}/tee-2.jpg`, '')
        .replace('CAP-1,Cap,,,Apparel > Hats,15,5,18,Wool,3,1', 'CAP-1,Cap Deluxe,,,Apparel > Hats,15,5,19,Wool,3,0'),
    )
    .concat([`NEW-1,New One,,,Apparel > Hats,30,12,35,Linen,7,3,${IMG}/new-1.jpg,042100005264,CAP-1`, 'NEW-2,New Two,,,Sale,9,,,,1,,,,']);
}

export function write(dir: string, name: string, lines: string[]): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

export function csvRows(file: string): string[][] {
  return fs
    .readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(','));
}

export const undoCli = (t: Tenant, args: string[]) => runCli(['undo', ...args, '--run-dir', t.runDir], { env: t.env });
export const writes = (t: Tenant, from: number) => t.sandbox.requests.slice(from).filter((request) => request.method !== 'GET');
