// A private SQLite database for data a single command works through and then forgets: the
// scan's index of a catalog's rows, the products a push must read or has planned. SQLite keeps
// it in a temporary file it unlinks itself (an empty file name), so memory holds only the page
// cache however large the catalog, and nothing is left behind, not even after kill -9.
import Database from 'better-sqlite3';

/** SQLite's page cache, in KiB: the rest of the data stays in the file (and the OS's cache). */
const PAGE_CACHE_KIB = 8 * 1024;

export function openScratchDatabase(): Database.Database {
  const db = new Database('');
  db.pragma(`cache_size = -${PAGE_CACHE_KIB}`);
  // Scratch data, never reopened: no journal, no syncs.
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  return db;
}
