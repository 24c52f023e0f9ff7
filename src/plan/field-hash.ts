// Content hashes per field, for entities that several inputs describe with different fields: an
// inventory row from products.csv (count_on_hand) and from inventory.csv (count_on_hand and bin),
// a category from a product's path (its name) and from categories.csv (desc, slug), a product from
// two files with different columns. Every write to these entities only sets the fields it names,
// so what Jasper holds is the union of what was written: the cache keeps one hash per field, a
// push is unchanged when every field it names has the hash the cache holds, and a write merges
// its fields into the cached ones. One whole-content hash would make each input a change of the
// other on every run.
//
// The form is a query string behind a marker: `f:bin=1a2b3c4d&count_on_hand=5e6f7a8b`.
import { contentHash } from './hash.js';

const MARKER = 'f:';
/** Per field, 32 bits of the content hash: a changed value goes unnoticed once in 4 billion changes. */
const FIELD_HASH_HEX = 8;

/** The per-field hash of a set of fields; undefined values are left out (the input does not name them). */
export function fieldHashes(fields: Record<string, unknown>): string {
  const parts: [string, string][] = [];
  for (const [name, value] of Object.entries(fields)) {
    if (value !== undefined) parts.push([encodeURIComponent(name), contentHash(value).slice(0, FIELD_HASH_HEX)]);
  }
  return serialise(new Map(parts));
}

/** How a push's fields compare with what the change cache holds for the entity. */
export interface FieldComparison {
  /** The cache holds every wanted field with the same content: nothing to write. */
  same: boolean;
  /** What the cache holds once the wanted fields are written (or confirmed): the cached fields with the wanted ones over them. */
  hash: string;
}

/**
 * `legacy` is the whole-content hash earlier versions cached for the same content: a cache
 * written by them still counts as unchanged (and is rewritten in the per-field form), so an
 * upgrade does not rewrite a whole catalog.
 */
export function compareFields(cached: string | undefined, wanted: string, legacy?: string): FieldComparison {
  const have = parse(cached);
  if (!have) return { same: legacy !== undefined && cached === legacy, hash: wanted };
  let same = true;
  for (const [name, hash] of parse(wanted)!) {
    if (have.get(name) !== hash) {
      same = false;
      have.set(name, hash);
    }
  }
  return { same, hash: same ? cached! : serialise(have) };
}

function parse(hash: string | undefined): Map<string, string> | undefined {
  if (hash === undefined || !hash.startsWith(MARKER)) return undefined;
  const fields = new Map<string, string>();
  const body = hash.slice(MARKER.length);
  if (body === '') return fields;
  for (const part of body.split('&')) {
    const equals = part.indexOf('=');
    fields.set(part.slice(0, equals), part.slice(equals + 1));
  }
  return fields;
}

function serialise(fields: Map<string, string>): string {
  const names = [...fields.keys()].sort();
  return MARKER + names.map((name) => `${name}=${fields.get(name)!}`).join('&');
}
