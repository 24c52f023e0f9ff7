// An API source through the one pipeline: the registry's checks of its flags and files, and the
// core's spool (a complete read replaces the last, --resume reopens it, a second run is locked out)
// with a reader written here, so the seam is tested apart from commercetools.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CatalogSource, SourceRead, SourceReader } from '../src/catalog/index.js';
import { LockedError, UsageError } from '../src/errors.js';
import { tenantId } from '../src/files/tenant-id.js';
import { readIntoSpool, SPOOL_DIR } from '../src/run/source-spool.js';
import { sourceInput, withSourceFiles } from '../src/sources/registry.js';
import type { SourceEnvironment } from '../src/sources/source-options.js';

const environment: SourceEnvironment = {
  env: {},
  profile: () => ({}),
  allowHttp: false,
  secret: () => undefined,
  verbose: () => undefined,
  say: () => undefined,
  warn: () => undefined,
  spinner: () => ({ text: '', stop: () => undefined }),
};

describe('the registry, for an API source', () => {
  it('refuses files, and a flag that does not fit the command, before any settings are read', () => {
    expect(() => sourceInput({ from: 'commercetools' }, 'validate', 'products', ['a.csv'], environment)).toThrow(
      'validate products --from commercetools reads the project over its API; it takes no files.',
    );
    expect(() => sourceInput({ from: 'commercetools', since: 'last' }, 'validate', 'products', [], environment)).toThrow(/--since last belongs to a push/);
    expect(() => sourceInput({ from: 'commercetools', since: '2026-01-01' }, 'convert', 'products', [], environment)).toThrow(/--since goes with push/);
    expect(() => sourceInput({ from: 'commercetools', since: 'last', disableMissing: true }, 'push', 'products', [], environment)).toThrow(
      /--disable-missing needs the whole project/,
    );
    expect(() => sourceInput({ from: 'commercetools', sourceConcurrency: '17' }, 'push', 'products', [], environment)).toThrow(UsageError);
    const input = sourceInput({ from: 'commercetools', since: 'last' }, 'push', 'products', [], environment);
    expect(input.source.reader?.noun).toBe('project');
  });

  it('a file source needs files and has no reader: withSourceFiles hands its own files over', async () => {
    expect(() => sourceInput({ from: 'shopify' }, 'push', 'products', [], environment)).toThrow('push products needs at least one file.');
    const input = sourceInput({ from: 'shopify' }, 'push', 'products', ['export.csv'], environment);
    expect(input.source.reader).toBeUndefined();
    expect(await withSourceFiles(input, (files) => Promise.resolve(files))).toEqual(['export.csv']);
  });
});

/** A reader that writes one file per read, numbered, or fails when told to. */
function countingReader(): SourceReader & { reads: number; fail: boolean } {
  const readOf = (folder: string, count: number): SourceRead => ({
    files: [path.join(folder, 'products.csv')],
    report: { name: 'fake', read: count },
    feed: 'fake:feed',
  });
  return {
    reads: 0,
    fail: false,
    noun: 'store',
    spoolName: (tenant) => `fake@${tenant}`,
    async read(folder) {
      fs.mkdirSync(folder, { recursive: true });
      fs.writeFileSync(path.join(folder, 'products.csv'), `sku,name\nA,read ${++this.reads}\n`);
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (this.fail) throw new Error('the store went away');
      return readOf(folder, this.reads);
    },
    reopen(folder) {
      if (!fs.existsSync(path.join(folder, 'products.csv'))) throw new UsageError('Nothing to resume');
      return readOf(folder, this.reads);
    },
  };
}

describe('the spool of an API source', () => {
  let dir: string;
  const target = () => ({
    runDir: path.join(dir, 'runs'),
    stateDir: path.join(dir, 'state'),
    apiUrl: 'https://acme.example/api/v1',
  });
  const source = { name: 'fake' } as CatalogSource;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spool-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('replaces the last read only with a complete one, and --resume reopens the last', async () => {
    const reader = countingReader();
    const first = await readIntoSpool(source, reader, target());
    first.release();
    const spool = path.join(dir, 'runs', SPOOL_DIR, `fake@${tenantId(target().apiUrl)}`);
    expect(first.files).toEqual([path.join(spool, 'products.csv')]);
    expect(fs.readFileSync(first.files[0]!, 'utf8')).toContain('read 1');

    reader.fail = true;
    await expect(readIntoSpool(source, reader, target())).rejects.toThrow('the store went away');
    expect(fs.readFileSync(first.files[0]!, 'utf8')).toContain('read 1');
    expect(fs.readdirSync(path.join(dir, 'runs', SPOOL_DIR))).toEqual([path.basename(spool)]);

    const resumed = await readIntoSpool(source, reader, { ...target(), resume: true as const });
    resumed.release();
    expect(resumed.files).toEqual(first.files);
    expect(resumed.feed).toBe('fake:feed');
  });

  it('a second run while the first holds the spool is locked out, naming the source', async () => {
    const held = await readIntoSpool(source, countingReader(), target());
    try {
      const second = readIntoSpool(source, countingReader(), target());
      await expect(second).rejects.toThrow(LockedError);
      await expect(second).rejects.toThrow(/Another push is reading or pushing this fake store into/);
    } finally {
      held.release();
    }
    (await readIntoSpool(source, countingReader(), target())).release();
  });
});
