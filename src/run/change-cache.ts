// The change cache: per tenant, what was last confirmed written (Jasper id + content hash) by
// entity key. Kept beside the profiles, outside any working tree; filled only from confirmed
// outcomes (the journal), so a crash never marks unwritten data as done.
//
// A 100,000-product catalog has about 800,000 entries, so both the file and the memory are
// compact: the file is one JSON array per line, read and written in chunks (never one giant
// string); in memory each key maps to a slot in typed columns instead of an object per entry.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import type { CacheEntry, CacheView } from '../plan/remote.js';
import type { TaskId } from '../plan/types.js';
import { type JournalEntry, isDone } from './journal.js';

const FORMAT_VERSION = 2;
const CHUNK_BYTES = 1 << 20;

/** The first line of the file. */
interface CacheHeader {
  version: number;
  apiUrl: string;
}

/** Version 1 kept everything in one JSON document; it is still read, and rewritten as version 2. */
interface CacheFileV1 {
  version: 1;
  apiUrl: string;
  entries: Record<TaskId, [number | null, string | null]>;
}

type Line = [TaskId, number | null, string | null];

export function tenantId(apiUrl: string): string {
  return createHash('sha256').update(apiUrl).digest('hex').slice(0, 16);
}

export class ChangeCache implements CacheView {
  private readonly slots = new Map<TaskId, number>();
  private readonly columns = new EntryColumns();
  private readonly index = new PrefixIndex();
  /** Whether anything differs from the file: an unchanged nightly run does not rewrite it. */
  private changed = false;
  private format: number | undefined;

  private constructor(
    readonly file: string,
    readonly apiUrl: string,
  ) {}

  static load(directory: string, apiUrl: string): ChangeCache {
    const cache = new ChangeCache(path.join(directory, 'cache', `${tenantId(apiUrl)}.json`), apiUrl);
    try {
      cache.read();
      // Read as it is on disk, unless an old format must be rewritten.
      cache.changed = cache.format !== FORMAT_VERSION;
    } catch {
      // No cache yet, or an unreadable one: start empty (a full read of Jasper follows).
      cache.slots.clear();
    }
    return cache;
  }

  get size(): number {
    return this.slots.size;
  }

  get(id: TaskId): CacheEntry | undefined {
    const slot = this.slots.get(id);
    return slot === undefined ? undefined : this.columns.entry(slot);
  }

  /** Every entry whose task id starts with `prefix` (what --prune may remove for one product). */
  *entriesUnder(prefix: TaskId): Iterable<[TaskId, CacheEntry]> {
    for (const task of this.index.under(prefix, this.slots)) yield [task, this.columns.entry(this.slots.get(task)!)];
  }

  /** Record confirmed outcomes; ids of 0 (presence-only entities) are kept as 0; a deletion removes the entry. */
  apply(entries: Iterable<Pick<JournalEntry, 'task' | 'outcome' | 'remoteId' | 'hash'>>): void {
    for (const entry of entries) {
      if (entry.outcome === 'deleted') {
        if (this.slots.delete(entry.task)) this.changed = true;
        continue;
      }
      if (!isDone(entry.outcome)) continue;
      const slot = this.slots.get(entry.task);
      const id = entry.remoteId ?? (slot === undefined ? undefined : this.columns.entry(slot).id);
      this.set(entry.task, id, entry.hash);
    }
  }

  save(): void {
    if (!this.changed) return;
    fs.mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
    const temporary = `${this.file}.${process.pid}.tmp`;
    const fd = fs.openSync(temporary, 'w', 0o600);
    try {
      const header: CacheHeader = { version: FORMAT_VERSION, apiUrl: this.apiUrl };
      let chunk = JSON.stringify(header) + '\n';
      for (const [task, slot] of this.slots) {
        const { id, hash } = this.columns.entry(slot);
        const line: Line = [task, id ?? null, hash ?? null];
        chunk += JSON.stringify(line) + '\n';
        if (chunk.length >= CHUNK_BYTES) {
          fs.writeSync(fd, chunk);
          chunk = '';
        }
      }
      fs.writeSync(fd, chunk);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    // A crash leaves the old file or the new one, never a torn one.
    fs.renameSync(temporary, this.file);
    this.changed = false;
  }

  private set(task: TaskId, id: number | undefined, hash: string | undefined): void {
    let slot = this.slots.get(task);
    if (slot !== undefined) {
      const current = this.columns.entry(slot);
      if (current.id === id && current.hash === hash) return;
    } else {
      this.slots.set(task, (slot = this.columns.add()));
      this.index.added(task);
    }
    this.columns.write(slot, id, hash);
    this.changed = true;
  }

  private read(): void {
    let header: CacheHeader | undefined;
    forEachLine(this.file, (text, first) => {
      if (first && text.startsWith('{')) {
        const parsed = JSON.parse(text) as CacheHeader | CacheFileV1;
        if (parsed.apiUrl !== this.apiUrl) throw new Error('another tenant');
        if (parsed.version === 1 && 'entries' in parsed) {
          for (const [task, [id, hash]] of Object.entries(parsed.entries)) this.set(task, id ?? undefined, hash ?? undefined);
        }
        header = parsed;
        this.format = parsed.version;
        return;
      }
      if (header?.version !== FORMAT_VERSION) throw new Error('unknown format');
      const [task, id, hash] = JSON.parse(text) as Line;
      this.set(task, id ?? undefined, hash ?? undefined);
    });
  }
}

/** Calls `onLine` for each non-empty line of the file, reading it a chunk at a time. */
function forEachLine(file: string, onLine: (text: string, first: boolean) => void): void {
  const fd = fs.openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(CHUNK_BYTES);
    // Keeps a character split across two chunks whole.
    const decoder = new StringDecoder('utf8');
    let rest = '';
    let first = true;
    const emit = (text: string) => {
      if (text === '') return;
      onLine(text, first);
      first = false;
    };
    for (;;) {
      const read = fs.readSync(fd, buffer, 0, buffer.length, null);
      if (read === 0) break;
      const lines = (rest + decoder.write(buffer.subarray(0, read))).split('\n');
      rest = lines.pop()!;
      for (const line of lines) emit(line);
    }
    emit(rest + decoder.end());
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Task ids in sorted order, built on the first prefix query (only --prune asks), so a prefix is
 * a binary search instead of a scan of every entry. Ids added later wait in a short list that
 * is folded in once it grows; removed ids are filtered out by the live slots.
 */
class PrefixIndex {
  private sorted: TaskId[] | undefined;
  private recent: TaskId[] = [];

  added(task: TaskId): void {
    if (this.sorted) this.recent.push(task);
  }

  under(prefix: TaskId, live: ReadonlyMap<TaskId, number>): TaskId[] {
    if (!this.sorted || this.recent.length > 10_000) {
      this.sorted = [...live.keys()].sort();
      this.recent = [];
    }
    const found: TaskId[] = [];
    let low = 0;
    let high = this.sorted.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.sorted[middle]! < prefix) low = middle + 1;
      else high = middle;
    }
    for (let at = low; at < this.sorted.length && this.sorted[at]!.startsWith(prefix); at++) {
      if (live.has(this.sorted[at]!)) found.push(this.sorted[at]!);
    }
    for (const task of this.recent) if (task.startsWith(prefix) && live.has(task) && !found.includes(task)) found.push(task);
    return found;
  }
}

const HEX_HASH = /^[0-9a-f]{16}$/;
const NO_HASH = 0;
const HEX = 1;
/** Kinds from here up index the table of other hashes. */
const FIRST_OTHER = 2;
const MAX_KIND = 255;

/**
 * Entries as columns: an id (NaN for none) and a hash, which is nearly always 16 hex digits
 * (stored as two 32-bit halves) or one of a few other strings ("present", an attribute's type),
 * stored as an index into a table of them.
 */
class EntryColumns {
  private count = 0;
  private ids = new Float64Array(1024);
  private high = new Uint32Array(1024);
  private low = new Uint32Array(1024);
  private kind = new Uint8Array(1024);
  private readonly otherHashes: string[] = [];
  /** Past the table's size (never seen in practice), other hashes are kept by slot. */
  private readonly overflow = new Map<number, string>();

  add(): number {
    if (this.count === this.ids.length) this.grow();
    return this.count++;
  }

  write(slot: number, id: number | undefined, hash: string | undefined): void {
    this.ids[slot] = id ?? Number.NaN;
    this.overflow.delete(slot);
    if (hash === undefined) this.kind[slot] = NO_HASH;
    else if (HEX_HASH.test(hash)) {
      this.kind[slot] = HEX;
      this.high[slot] = Number.parseInt(hash.slice(0, 8), 16);
      this.low[slot] = Number.parseInt(hash.slice(8), 16);
    } else {
      let index = this.otherHashes.indexOf(hash);
      if (index === -1 && FIRST_OTHER + this.otherHashes.length < MAX_KIND) index = this.otherHashes.push(hash) - 1;
      if (index === -1) {
        this.kind[slot] = MAX_KIND;
        this.overflow.set(slot, hash);
      } else this.kind[slot] = FIRST_OTHER + index;
    }
  }

  entry(slot: number): CacheEntry {
    const id = this.ids[slot]!;
    const kind = this.kind[slot]!;
    const hash =
      kind === NO_HASH
        ? undefined
        : kind === HEX
          ? this.high[slot]!.toString(16).padStart(8, '0') + this.low[slot]!.toString(16).padStart(8, '0')
          : kind === MAX_KIND
            ? this.overflow.get(slot)
            : this.otherHashes[kind - FIRST_OTHER];
    return { id: Number.isNaN(id) ? undefined : id, hash };
  }

  private grow(): void {
    const size = this.ids.length * 2;
    const copy = <T extends Float64Array | Uint32Array | Uint8Array>(from: T, to: T): T => {
      to.set(from);
      return to;
    };
    this.ids = copy(this.ids, new Float64Array(size));
    this.high = copy(this.high, new Uint32Array(size));
    this.low = copy(this.low, new Uint32Array(size));
    this.kind = copy(this.kind, new Uint8Array(size));
  }
}
