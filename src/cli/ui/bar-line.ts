// One progress bar's line, fitted to the terminal's width: the bar shrinks first, then the parts
// that matter least go, so the line never runs off the edge (80 columns keep the overall ETA).
import { stripVTControlCharacters } from 'node:util';

/** The bar's width when the terminal has room. */
export const BAR_WIDTH = 24;
/** Narrower than this, a bar says nothing: it goes. */
const MIN_BAR_WIDTH = 5;
const FILLED = '\u2588';
const EMPTY = '\u2591';

export interface BarLineParts {
  /** Padded so the bars line up; the padding goes before anything else does. */
  label: string;
  /** `12/40 writes` */
  counts: string;
  /** What follows the counts, each with its own leading separator: dropped last to first when they do not fit. */
  optional: string[];
  /** Kept whatever the width: the overall line's ETA. */
  kept: string;
}

function width(text: string): number {
  return stripVTControlCharacters(text).length;
}

/** The line for `progress` (0–1) in `columns` columns; `paint` colours the bar. */
export function fitBarLine(parts: BarLineParts, progress: number, columns: number, paint: (bar: string) => string = (bar) => bar): string {
  // One column spare: writing the last one makes some terminals wrap.
  const room = Math.max(20, columns - 1);
  let optional = [...parts.optional];
  const tail = () => `${parts.counts}${optional.join('')}${parts.kept}`;
  const barRoom = room - width(parts.label) - width(tail()) - 2;
  if (barRoom >= MIN_BAR_WIDTH) return `${parts.label} ${paint(bar(progress, Math.min(BAR_WIDTH, barRoom)))} ${tail()}`;
  let label = parts.label;
  while (width(`${label} ${tail()}`) > room && optional.length > 0) optional = optional.slice(0, -1);
  if (width(`${label} ${tail()}`) > room) label = label.trimEnd();
  return `${label} ${tail()}`;
}

function bar(progress: number, size: number): string {
  const filled = Math.round(Math.min(1, Math.max(0, progress)) * size);
  return FILLED.repeat(filled) + EMPTY.repeat(size - filled);
}
