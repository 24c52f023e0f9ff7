// What the options table (e2e-options.test.ts) needs beyond the usual tenant: the CLI with stdout
// and stderr taken for terminals, a /ping with a skewed clock, and a two-product commercetools project.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { formatPingTime } from '../../src/sandbox/index.js';
import { BIN, type CliResult, collect } from './cli.js';
import { sunriseApi } from './sunrise.js';

/**
 * The CLI with stdout and stderr claiming to be terminals (colour is decided by them) and without
 * the NO_COLOR the usual helper sets: what a user at a terminal gets, short of a real pty.
 */
export function runAsTerminal(args: string[], env: Record<string, string | undefined>): Promise<CliResult> {
  const claimTerminal = 'data:text/javascript,for (const s of [process.stdout, process.stderr]) Object.defineProperty(s, "isTTY", { value: true });';
  const inherited = Object.entries(process.env).filter(([name]) => !name.startsWith('JASPER_') && !name.startsWith('VITEST') && name !== 'NODE_OPTIONS');
  const merged: Record<string, string> = {};
  for (const [name, value] of [...inherited, ...Object.entries(env)]) {
    if (value === undefined) delete merged[name];
    else merged[name] = value;
  }
  delete merged.NO_COLOR;
  delete merged.FORCE_COLOR;
  if (env.NO_COLOR !== undefined) merged.NO_COLOR = env.NO_COLOR;
  const child = spawn(process.execPath, ['--import', claimTerminal, BIN, ...args], { env: merged, stdio: ['pipe', 'pipe', 'pipe'] });
  return collect(child);
}

/** A /ping whose clock is `skewMs` off ours, in the API's date(1) format. */
export async function skewedPingServer(skewMs: number): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((request, response) => {
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ time: formatPingTime(new Date(Date.now() + skewMs)) }));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * Two products in languages en and de: MUG-1 published (its staged name since changed to "Mug v2"),
 * DRAFT-1 never published. Prices in EUR.
 */
export async function loadMugProject(mockUrl: string, projectKey: string): Promise<void> {
  const api = sunriseApi(mockUrl, projectKey);
  const project = await api.get().execute();
  await api
    .post({
      body: {
        version: project.body.version,
        actions: [
          { action: 'changeLanguages', languages: ['en', 'de'] },
          { action: 'changeCurrencies', currencies: ['EUR'] },
        ],
      },
    })
    .execute();
  const type = await api
    .productTypes()
    .post({ body: { key: 'plain', name: 'Plain', description: 'no attributes', attributes: [] } })
    .execute();
  const productType = { typeId: 'product-type' as const, id: type.body.id };
  /** A product named and slugged in English and German, one EUR price on its master variant. */
  const product = (key: string, [en, de]: [string, string], sku: string, cents: number, publish: boolean) =>
    api
      .products()
      .post({
        body: {
          key,
          productType,
          name: { en, de },
          slug: { en: en.toLowerCase(), de: de.toLowerCase() },
          masterVariant: { sku, prices: [{ value: { currencyCode: 'EUR', centAmount: cents } }] },
          publish,
        },
      })
      .execute();
  const mug = await product('mug', ['Mug', 'Tasse'], 'MUG-1', 1250, true);
  await api
    .products()
    .withId({ ID: mug.body.id })
    .post({ body: { version: mug.body.version, actions: [{ action: 'changeName', name: { en: 'Mug v2', de: 'Tasse v2' }, staged: true }] } })
    .execute();
  await product('draft', ['Draft', 'Entwurf'], 'DRAFT-1', 300, false);
}

export function writeFile(dir: string, name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}
