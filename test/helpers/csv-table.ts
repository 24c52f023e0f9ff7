// CSV files as tables of strings, for tests that rewrite an input (reorder, slice, split) and
// push it again: read with csv-parse, written with a cell quoted only where it must be.
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';

export type Table = string[][];

export const readTable = (file: string): Table => parse(fs.readFileSync(file), { bom: true });

const cell = (text: string) => (/[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

/** Writes the table (its folder made if missing) and returns the file's path. */
export function writeTable(file: string, table: Table): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, table.map((row) => row.map(cell).join(',')).join('\n') + '\n');
  return file;
}
