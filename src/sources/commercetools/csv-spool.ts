// products.csv needs its header before its first row, but which option, attribute, price and
// stock columns exist is known only after the last product. So rows go to a JSON-lines spill file
// as they come (memory stays flat), and the CSV is written from it once the header is known.
import fs from 'node:fs';
import readline from 'node:readline';
import { csvLine } from '../../files/csv-line.js';
import type { ExportRow } from './product-rows.js';

const FIELD_ORDER = ['sku', 'name', 'parent_sku', 'enabled', 'categories', 'desc_long', 'product_url', 'page_title'];
const PREFIX_ORDER = ['price:', 'option:', 'attr:', 'inventory:', 'images', 'barcode:'];
const DEFAULT_LOCATION = 'inventory:default';

export class CsvSpool {
  private readonly spill: fs.WriteStream;
  /** Case-folded column key (attribute type hint dropped) → the header first seen for it. */
  private readonly headers = new Map<string, string>([
    // A read of nothing (--since with no change) is still a valid, empty products file.
    ['sku', 'sku'],
    ['name', 'name'],
  ]);
  rows = 0;

  constructor(private readonly spillFile: string) {
    this.spill = fs.createWriteStream(spillFile, { encoding: 'utf8' });
  }

  async add(row: ExportRow): Promise<void> {
    const cells: ExportRow = {};
    for (const [header, value] of Object.entries(row)) {
      const key = columnKey(header);
      if (!this.headers.has(key)) this.headers.set(key, header);
      cells[key] = value;
    }
    this.rows++;
    if (!this.spill.write(`${JSON.stringify(cells)}\n`)) await new Promise<void>((resolve) => this.spill.once('drain', () => resolve()));
  }

  /** Writes the CSV (header, then every row in the order added) and removes the spill file. */
  async writeCsv(file: string): Promise<void> {
    await new Promise<void>((resolve, reject) => this.spill.end((error?: Error | null) => (error ? reject(error) : resolve())));
    const keys = [...this.headers.keys()].sort(compareColumns);
    const out = fs.createWriteStream(file, { encoding: 'utf8' });
    const write = async (line: string) => {
      if (!out.write(`${line}\n`)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
    };
    await write(csvLine(keys.map((key) => this.headers.get(key)!)));
    const lines = readline.createInterface({ input: fs.createReadStream(this.spillFile, { encoding: 'utf8' }), crlfDelay: Infinity });
    for await (const line of lines) {
      if (line === '') continue;
      const cells = JSON.parse(line) as ExportRow;
      await write(csvLine(keys.map((key) => cells[key] ?? '')));
    }
    await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
    fs.rmSync(this.spillFile, { force: true });
  }

  async discard(): Promise<void> {
    await new Promise<void>((resolve) => this.spill.end(() => resolve()));
    fs.rmSync(this.spillFile, { force: true });
  }
}

/** §3 header names are case-insensitive, and `attr:Color` and `attr:Color[selectbox]` are one column. */
function columnKey(header: string): string {
  return header.replace(/\[[a-z]+\]$/, '').toLowerCase();
}

function compareColumns(a: string, b: string): number {
  const rank = (key: string) => {
    const field = FIELD_ORDER.indexOf(key);
    if (field >= 0) return field;
    const prefix = PREFIX_ORDER.findIndex((start) => key.startsWith(start));
    return FIELD_ORDER.length + (prefix >= 0 ? prefix : PREFIX_ORDER.length);
  };
  const byRank = rank(a) - rank(b);
  if (byRank !== 0) return byRank;
  if (a === DEFAULT_LOCATION || b === DEFAULT_LOCATION) return a === DEFAULT_LOCATION ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
