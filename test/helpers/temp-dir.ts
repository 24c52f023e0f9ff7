// A temporary folder for the test that asks for it, removed when that test ends.
import fs from 'node:fs';
import path from 'node:path';
import { onTestFinished } from 'vitest';
import { testTmpdir } from './cli.js';

export function tempDir(prefix = 'jp-unit-'): string {
  const dir = fs.mkdtempSync(path.join(testTmpdir(), prefix));
  onTestFinished(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}
