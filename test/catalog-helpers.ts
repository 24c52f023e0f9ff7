// Shared by the catalog tests: fixture paths as a user types them, and one way to
// compare issues (severity, "file:line", column, message fragment).

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect } from 'vitest';
import { formatLocation, readCatalog, type CatalogKind, type Issue, type ReadResult } from '../src/catalog/index.js';

const fixture = (name: string): string => relative(process.cwd(), fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url)));
export const bad = (name: string): string => fixture(`bad/${name}`);
export const good = (name: string): string => fixture(`good/${name}`);

export function read(kind: CatalogKind, ...files: string[]): Promise<ReadResult> {
  return readCatalog(files, { kind, priceBase: 'US' });
}

export interface Expected {
  severity: Issue['severity'];
  at: string;
  column?: string;
  message: string;
}

/** Every issue, in order, as { severity, at: "file:line", column, message fragment }. */
export function expectIssues(result: ReadResult, expected: Expected[]): void {
  const actual = result.issues.map((issue) => ({
    severity: issue.severity,
    at: formatLocation(issue.location),
    column: issue.column,
    message: issue.message,
  }));
  expect(actual).toEqual(expected.map((e) => ({ severity: e.severity, at: e.at, column: e.column, message: expect.stringContaining(e.message) })));
}

export const skus = (result: ReadResult): string[] => result.catalog.products.map((product) => product.sku);

/** A temporary directory for generated inputs, removed after the file's tests. */
export function useTempDir(): () => string {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'jasper-catalog-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  return () => dir;
}
