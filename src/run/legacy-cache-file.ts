// The change cache's earlier file formats, read once to migrate them into the SQLite cache:
// version 1 was one JSON document; version 2 a header line, then one JSON array per line.
import fs from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import type { TaskId } from '../plan/types.js';

const CHUNK_BYTES = 1 << 20;

export interface LegacyEntry {
  task: TaskId;
  id: number | undefined;
  hash: string | undefined;
}

interface Header {
  version: number;
  apiUrl: string;
  /** Version 1 only. */
  entries?: Record<TaskId, [number | null, string | null]>;
}

/**
 * Calls `onEntry` for each entry of a version 1 or 2 file of `apiUrl`. Throws on a damaged file,
 * another tenant's or an unknown version, so the caller can start empty instead.
 */
export function readLegacyCache(file: string, apiUrl: string, onEntry: (entry: LegacyEntry) => void): void {
  let version: number | undefined;
  forEachLine(file, (text, first) => {
    if (first) {
      const header = JSON.parse(text) as Header;
      if (header.apiUrl !== apiUrl) throw new Error('another tenant');
      version = header.version;
      if (version === 1 && header.entries) {
        for (const [task, [id, hash]] of Object.entries(header.entries)) onEntry({ task, id: id ?? undefined, hash: hash ?? undefined });
      } else if (version !== 2) throw new Error(`unknown cache format ${String(version)}`);
      return;
    }
    if (version !== 2) throw new Error('unknown cache format');
    const [task, id, hash] = JSON.parse(text) as [TaskId, number | null, string | null];
    onEntry({ task, id: id ?? undefined, hash: hash ?? undefined });
  });
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
