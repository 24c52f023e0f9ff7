// One CSV record as text: the run files, the converted catalogs and a source's spool all write CSV
// that csv-parse (and a spreadsheet) reads back cell for cell.

export function csvLine(cells: readonly (string | number | undefined)[]): string {
  return cells.map((cell) => csvCell(cell === undefined ? '' : String(cell))).join(',');
}

/** Quoted when it holds a quote, a comma or a line break, or starts or ends with white space (a reader would trim it). */
function csvCell(value: string): string {
  return /[",\r\n]/.test(value) || /^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
