// The change cache: per tenant, what was last confirmed written (Jasper id + content hash) by
// entity key. Kept beside the profiles, outside any working tree; filled only from confirmed
// outcomes (the journal), so a crash never marks unwritten data as done.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { CacheEntry, CacheView } from '../plan/remote.js';
import type { TaskId } from '../plan/types.js';
import { type JournalEntry, isDone } from './journal.js';
import { writeFileAtomic } from './atomic-write.js';

interface CacheFile {
  version: 1;
  apiUrl: string;
  entries: Record<TaskId, [number | null, string | null]>;
}

export function tenantId(apiUrl: string): string {
  return createHash('sha256').update(apiUrl).digest('hex').slice(0, 16);
}

export class ChangeCache implements CacheView {
  private readonly entries = new Map<TaskId, CacheEntry>();

  private constructor(
    readonly file: string,
    readonly apiUrl: string,
  ) {}

  static load(directory: string, apiUrl: string): ChangeCache {
    const cache = new ChangeCache(path.join(directory, 'cache', `${tenantId(apiUrl)}.json`), apiUrl);
    try {
      const data = JSON.parse(fs.readFileSync(cache.file, 'utf8')) as CacheFile;
      if (data.version === 1 && data.apiUrl === apiUrl) {
        for (const [id, [remoteId, hash]] of Object.entries(data.entries)) {
          cache.entries.set(id, { ...(remoteId === null ? {} : { id: remoteId }), ...(hash === null ? {} : { hash }) });
        }
      }
    } catch {
      // No cache yet, or an unreadable one: start empty (a full read of Jasper follows).
    }
    return cache;
  }

  get size(): number {
    return this.entries.size;
  }

  get(id: TaskId): CacheEntry | undefined {
    return this.entries.get(id);
  }

  /** Record confirmed outcomes; ids of 0 (presence-only entities) are kept as 0. */
  apply(entries: Iterable<Pick<JournalEntry, 'task' | 'outcome' | 'remoteId' | 'hash'>>): void {
    for (const entry of entries) {
      if (!isDone(entry.outcome)) continue;
      const previous = this.entries.get(entry.task);
      const id = entry.remoteId ?? previous?.id;
      this.entries.set(entry.task, { ...(id === undefined ? {} : { id }), ...(entry.hash === undefined ? {} : { hash: entry.hash }) });
    }
  }

  save(): void {
    const data: CacheFile = { version: 1, apiUrl: this.apiUrl, entries: {} };
    for (const [id, entry] of this.entries) data.entries[id] = [entry.id ?? null, entry.hash ?? null];
    fs.mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
    writeFileAtomic(this.file, JSON.stringify(data));
  }
}
