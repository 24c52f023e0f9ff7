// The `--map file.json` column renames. A bad map file is a usage problem the user must
// fix before anything is read, so this throws a plain, file-naming Error (the CLI shows
// the message) instead of returning issues.

import { readFile } from 'node:fs/promises';
import { describeJsonSyntaxError } from './json-syntax.js';

const SHAPE = 'it must be a JSON object of "Source Header": "spec-header" pairs, e.g. { "Item Number": "sku" }';

export async function loadColumnMap(file: string): Promise<Record<string, string>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new Error(`cannot read the --map file ${file}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (cause) {
    const problem = describeJsonSyntaxError(text, cause);
    throw new Error(`the --map file ${file} is not valid JSON (line ${problem.line}, column ${problem.column}: ${problem.message})`, { cause });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`the --map file ${file} is not usable: ${SHAPE}`);
  }
  const map: Record<string, string> = {};
  const seen = new Map<string, string>();
  for (const [from, to] of Object.entries(parsed)) {
    if (typeof to !== 'string' || to.trim() === '' || from.trim() === '') {
      throw new Error(`the --map file ${file} is not usable: ${JSON.stringify(from)} → ${JSON.stringify(to)}; ${SHAPE}`);
    }
    // Keys are matched trimmed and case-insensitively, so two that fold together are ambiguous.
    const folded = from.trim().toLowerCase();
    const earlier = seen.get(folded);
    if (earlier !== undefined) {
      throw new Error(`the --map file ${file} maps ${JSON.stringify(earlier)} and ${JSON.stringify(from)}, which are the same header`);
    }
    seen.set(folded, from);
    map[from] = to;
  }
  return map;
}
