// Per-field hashes: an entity two inputs describe with different fields is unchanged when the
// cache holds every field an input names, and a write merges its fields into the cached ones.
import { describe, expect, it } from 'vitest';
import { compareFields, fieldHashes } from '../src/plan/field-hash.js';
import { contentHash } from '../src/plan/hash.js';
import { inventoryHash, legacyInventoryHash } from '../src/plan/keys.js';

describe('field hashes', () => {
  it('a subset of the cached fields with the same values is unchanged, and keeps the cached hash', () => {
    const cached = fieldHashes({ count_on_hand: 5, bin: 'A-1' });
    expect(compareFields(cached, fieldHashes({ count_on_hand: 5 }))).toEqual({ same: true, hash: cached });
  });

  it('a changed or new field is a change; the result holds the cached fields with the wanted ones over them', () => {
    const cached = fieldHashes({ count_on_hand: 5, bin: 'A-1' });
    const changed = compareFields(cached, fieldHashes({ count_on_hand: 6 }));
    expect(changed.same).toBe(false);
    expect(changed.hash).toBe(fieldHashes({ count_on_hand: 6, bin: 'A-1' }));
    const added = compareFields(fieldHashes({ count_on_hand: 5 }), fieldHashes({ count_on_hand: 5, site: 'x' }));
    expect(added).toEqual({ same: false, hash: fieldHashes({ count_on_hand: 5, site: 'x' }) });
  });

  it('names with separators in them stay apart (attribute names are field names)', () => {
    const cached = fieldHashes({ 'a&b=c': ['x'], a: ['y'] });
    expect(compareFields(cached, fieldHashes({ 'a&b=c': ['x'] })).same).toBe(true);
    expect(compareFields(cached, fieldHashes({ 'a&b=c': ['y'] })).same).toBe(false);
  });

  it('nothing cached, or another hash form, is a change; the whole-content hash of earlier versions is recognised once', () => {
    const wanted = fieldHashes({ count_on_hand: 5 });
    expect(compareFields(undefined, wanted)).toEqual({ same: false, hash: wanted });
    expect(compareFields(contentHash({ other: 1 }), wanted)).toEqual({ same: false, hash: wanted });
    const row = { location: 'Main', count_on_hand: 5 };
    expect(compareFields(legacyInventoryHash(row), inventoryHash(row), legacyInventoryHash(row))).toEqual({ same: true, hash: inventoryHash(row) });
  });

  it('is the same whatever the key order', () => {
    expect(fieldHashes({ a: 1, b: { x: 1, y: 2 } })).toBe(fieldHashes({ b: { y: 2, x: 1 }, a: 1 }));
  });
});
