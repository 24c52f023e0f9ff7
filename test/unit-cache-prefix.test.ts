// CacheView.entriesUnder: what --prune may remove for one product, read by task-id prefix.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ChangeCache } from '../src/run/change-cache.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function cacheIn(): { dir: string; cache: ChangeCache } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jp-cache-'));
  dirs.push(dir);
  return { dir, cache: ChangeCache.load(dir, 'http://127.0.0.1:1/api/v1') };
}

const keys = (entries: Iterable<[string, unknown]>) => [...entries].map(([task]) => task).sort();

describe('change cache: entries under a prefix', () => {
  it('returns exactly the entries whose task id starts with the prefix, entries added after the first query and deletions included', () => {
    const { dir, cache } = cacheIn();
    cache.apply([
      { task: 'asset:A|https://x/1.jpg', outcome: 'created', remoteId: 1, hash: 'created' },
      { task: 'asset:A|https://x/2.jpg', outcome: 'created', remoteId: 2, hash: 'created' },
      { task: 'asset:AB|https://x/3.jpg', outcome: 'created', remoteId: 3, hash: 'created' },
      { task: 'barcode:A|UPC-A|123456789012', outcome: 'created', remoteId: 4, hash: 'created' },
      { task: 'product:A', outcome: 'created', remoteId: 9, hash: '0123456789abcdef' },
    ]);
    expect(keys(cache.entriesUnder('asset:A|'))).toEqual(['asset:A|https://x/1.jpg', 'asset:A|https://x/2.jpg']);
    expect([...cache.entriesUnder('asset:A|https://x/2')]).toEqual([['asset:A|https://x/2.jpg', { id: 2, hash: 'created' }]]);
    expect(keys(cache.entriesUnder('nothing:'))).toEqual([]);

    cache.apply([
      { task: 'asset:A|https://x/0.jpg', outcome: 'created', remoteId: 5, hash: 'created' },
      { task: 'asset:A|https://x/1.jpg', outcome: 'deleted', remoteId: 1 },
    ]);
    expect(keys(cache.entriesUnder('asset:A|'))).toEqual(['asset:A|https://x/0.jpg', 'asset:A|https://x/2.jpg']);
    expect(cache.get('asset:A|https://x/1.jpg')).toBeUndefined();

    // A deleted entry comes back when written again, once.
    cache.apply([{ task: 'asset:A|https://x/1.jpg', outcome: 'created', remoteId: 6, hash: 'created' }]);
    expect(keys(cache.entriesUnder('asset:A|'))).toEqual(['asset:A|https://x/0.jpg', 'asset:A|https://x/1.jpg', 'asset:A|https://x/2.jpg']);

    cache.apply([{ task: 'asset:A|https://x/0.jpg', outcome: 'deleted' }]);
    cache.close();
    const again = ChangeCache.load(dir, 'http://127.0.0.1:1/api/v1');
    expect(keys(again.entriesUnder('asset:A|'))).toEqual(['asset:A|https://x/1.jpg', 'asset:A|https://x/2.jpg']);
    expect(again.get('asset:A|https://x/1.jpg')).toEqual({ id: 6, hash: 'created' });
    again.close();
  });
});
