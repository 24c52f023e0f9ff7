// Options that fit their command, and the smaller output points of issue 19, each through the
// built CLI: --help per command, exit 2 for a foreign option, config use of a missing profile,
// input errors that point the right way, convert's warnings, ping's JSON, a key that is a word.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { FIXTURES, runCli, scratch } from './helpers/cli.js';
import { startTenant, type Tenant } from './helpers/tenant.js';

const work = scratch('jp-options-');
afterAll(() => work.cleanup());
const env = { JASPER_PUSH_CONFIG_DIR: work.configDir };
const jp = (args: string[], extra: Record<string, string> = {}) => runCli(args, { env: { ...env, ...extra }, cwd: work.dir });

let tenant: Tenant | undefined;
afterEach(async () => {
  await tenant?.close();
  tenant = undefined;
});

/** The option names a --help lists. */
function listed(help: string): string[] {
  return [...help.matchAll(/^ {2}(?:-\w, )?(--[\w-]+)/gm)].map((match) => match[1]!);
}

describe('each command lists and takes only its own options', () => {
  it('push inventory and push categories list the run’s options only; push products also its catalog’s and sources’', async () => {
    const [inventory, categories, products, convert] = await Promise.all([
      jp(['push', 'inventory', '--help']),
      jp(['push', 'categories', '--help']),
      jp(['push', 'products', '--help']),
      jp(['convert', '--help']),
    ]);
    for (const help of [inventory, categories]) {
      expect(help.code).toBe(0);
      expect(listed(help.stdout)).toEqual(expect.arrayContaining(['--throttle-limit', '--dry-run', '--resume', '--notify']));
      for (const foreign of ['--prune', '--disable-missing', '--variant-mode', '--from', '--since', '--staged', '--media-url', '--feed']) {
        expect(listed(help.stdout)).not.toContain(foreign);
      }
    }
    expect(listed(products.stdout)).toEqual(
      expect.arrayContaining(['--prune', '--disable-missing', '--variant-mode', '--from', '--since', '--staged', '--notify']),
    );
    // convert writes the whole project: --since is a push's (and validate's).
    expect(listed(convert.stdout)).not.toContain('--since');
    expect(listed(convert.stdout)).toEqual(expect.arrayContaining(['--from', '--out', '--media-url']));
  });

  it('an option the command does not take is a usage error (exit 2), never ignored', async () => {
    const csv = path.join(FIXTURES, 'demo/products.csv');
    const cases = await Promise.all([
      jp(['push', 'inventory', 'inventory.csv', '--prune']),
      jp(['push', 'categories', 'categories.csv', '--variant-mode', 'parent']),
      jp(['push', 'products', csv, '--since', 'last']),
      jp(['push', 'products', csv, '--from', 'shopify', '--staged']),
      jp(['validate', 'products', csv, '--since', '2026-01-01T00:00:00Z']),
      jp(['convert', csv, '--from', 'magento', '--out', 'out', '--since', 'last']),
    ]);
    for (const result of cases) expect(result.code, result.stderr).toBe(2);
    expect(cases[0].stderr).toContain("unknown option '--prune'");
    expect(cases[2].stderr).toContain('--since goes with --from commercetools');
    expect(cases[3].stderr).toContain('--staged goes with --from commercetools; this command reads --from shopify');
    expect(cases[5].stderr).toContain("unknown option '--since'");
  });
});

describe('config use', () => {
  it('of a profile that does not exist exits 2 naming the profiles that do; config set --profile creates one', async () => {
    const created = await jp(['config', 'set', 'api-url', 'acme.pim.jasperpim.com', '--profile', 'acme']);
    expect(created.code, created.stderr).toBe(0);
    const typo = await jp(['config', 'use', 'acmee']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('No profile "acmee". The profiles are: acme.');
    const list = await jp(['config', 'list', '--json']);
    expect((JSON.parse(list.stdout) as { current: string }).current).toBe('default');
    const use = await jp(['config', 'use', 'acme']);
    expect(use.code, use.stderr).toBe(0);
    expect(use.stdout).toContain('Now using profile "acme"');
  });
});

describe('input problems point the right way', () => {
  it('a missing input file does not suggest --skip-invalid', async () => {
    tenant = await startTenant();
    const result = await tenant.push(['products', path.join(tenant.dir, 'no-such-file.csv')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no-such-file.csv');
    expect(result.stderr).not.toContain('--skip-invalid');
  });

  it('an unclosed quote does not hide the checks of the rows after it, nor report 0 rows', async () => {
    const file = path.join(work.dir, 'unclosed.csv');
    fs.writeFileSync(file, 'sku,name,msrp\nA-1,Good,ten\nA-2,"Never closed,12\nA-3,Third,eleven\nA-4,Fourth,13\n');
    const result = await jp(['validate', 'products', file]);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('unclosed.csv:2: column msrp: "ten" is not a number');
    expect(result.stdout).toMatch(/unclosed\.csv:3: CSV syntax error: a quoted cell that starts in this row is never closed/);
    expect(result.stdout).toContain('unclosed.csv:4: column msrp: "eleven" is not a number');
    expect(result.stdout).not.toMatch(/\b0 rows\b/);
    expect(result.stdout).toContain('3 rows read and checked, but');
  });

  it('convert --from magento without --media-url warns that the images are left out, as push and validate do', async () => {
    const file = path.join(work.dir, 'catalog_product.csv');
    fs.writeFileSync(file, 'sku,product_type,name,price,base_image\nM-1,simple,One,10,/m/1/m1.jpg\n');
    const out = path.join(work.dir, 'converted');
    const [converted, validated] = await Promise.all([
      jp(['convert', '--from', 'magento', file, '--out', out]),
      jp(['validate', 'products', '--from', 'magento', file]),
    ]);
    expect(converted.code, converted.stderr).toBe(0);
    expect(converted.stderr).toContain(`warning: ${file}:2: column base_image: images are paths relative to`);
    expect(validated.stdout).toContain('images are paths relative to');
  });
});

describe('ping and a key that is a word', () => {
  it('ping --json names the error’s failure as ping --commercetools --json does, and a key "wrong" does not mask the word in messages', async () => {
    tenant = await startTenant();
    const [human, json] = await Promise.all([
      jp(['ping'], { JASPER_API_URL: tenant.sandbox.url, JASPER_API_KEY: 'wrong' }),
      jp(['ping', '--json', '--api-key', 'wrong'], { JASPER_API_URL: tenant.sandbox.url }),
    ]);
    expect(human.code).toBe(3);
    expect(human.stderr).toContain('it is missing, revoked or wrong.');
    expect(json.code).toBe(3);
    const document = JSON.parse(json.stdout) as { error: Record<string, unknown> };
    expect(document.error.failure).toBe('authentication');
    expect(document.error).not.toHaveProperty('kind');
    // The key itself never stands as a value in what was printed.
    expect(json.stdout + json.stderr).not.toMatch(/[=:"' ]wrong["'\s]/);
  });
});
