// Peak memory of reading a commercetools project: a generated project of N products (3 variants,
// 5 prices and a stock entry each) in the commercetools mock on 127.0.0.1, read by the built CLI
// with `validate products --from commercetools` under /usr/bin/time. Run it for two sizes: a read
// that holds one page at a time keeps the same peak however large the project.
//
//   node bench/commercetools-memory.mjs 1000 4000
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApiBuilderFromCtpClient } from '@commercetools/platform-sdk';
import { ClientBuilder } from '@commercetools/ts-client';
import { CommercetoolsMock } from '@labdigital/commercetools-mock';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
const VARIANTS = 3;
const IN_FLIGHT = 16;

async function measure(products) {
  const mock = new CommercetoolsMock({ defaultProjectKey: 'bench', silent: true });
  await mock.app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${mock.app.server.address().port}`;
  const api = createApiBuilderFromCtpClient(
    new ClientBuilder().withProjectKey('bench').withHttpMiddleware({ host: url, httpClient: fetch }).build(),
  ).withProjectKey({ projectKey: 'bench' });
  const project = await api.get().execute();
  await api.post({ body: { version: project.body.version, actions: [{ action: 'changeLanguages', languages: ['en'] }] } }).execute();
  await api
    .productTypes()
    .post({
      body: {
        key: 'tee',
        name: 'Tee',
        description: 'bench',
        attributes: [{ name: 'size', label: { en: 'Size' }, type: { name: 'text' }, isRequired: false, isSearchable: false, attributeConstraint: 'None' }],
      },
    })
    .execute();
  const category = await api
    .categories()
    .post({ body: { name: { en: 'Bench' }, slug: { en: 'bench' } } })
    .execute();
  const started = Date.now();
  const jobs = [];
  for (let index = 0; index < products; index++) jobs.push(index);
  const worker = async () => {
    for (let index = jobs.shift(); index !== undefined; index = jobs.shift()) {
      const variant = (v) => ({
        sku: `B-${index}-${v}`,
        attributes: [{ name: 'size', value: ['S', 'M', 'L'][v] }],
        prices: ['DE', 'US', 'GB']
          .map((country, n) => ({ country, value: { currencyCode: 'EUR', centAmount: 1000 + index + n } }))
          .concat([{ value: { currencyCode: 'EUR', centAmount: 999 } }, { value: { currencyCode: 'USD', centAmount: 1099 } }]),
        images: [{ url: `https://img.example/${index}/${v}.jpg`, dimensions: { w: 1, h: 1 } }],
      });
      await api
        .products()
        .post({
          body: {
            key: `bench-${index}`,
            name: { en: `Bench tee ${index} with a longer name` },
            slug: { en: `bench-${index}` },
            description: { en: 'x'.repeat(400) },
            productType: { typeId: 'product-type', key: 'tee' },
            categories: [{ typeId: 'category', id: category.body.id }],
            masterVariant: variant(0),
            variants: [variant(1), variant(2)],
            publish: true,
          },
        })
        .execute();
      for (let v = 0; v < VARIANTS; v++) {
        await api
          .inventory()
          .post({ body: { sku: `B-${index}-${v}`, quantityOnStock: index % 50 } })
          .execute();
      }
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  const loadMs = Date.now() - started;
  const env = { ...process.env, CTP_API_URL: `${url}/bench`, CTP_CLIENT_ID: 'bench', CTP_CLIENT_SECRET: 'bench-secret', NO_COLOR: '1' };
  // Not spawnSync: the mock answers from this very process.
  const run = await new Promise((resolve) => {
    const child = spawn(
      '/usr/bin/time',
      ['-f', '%M %e', process.execPath, path.join(ROOT, 'bin/jasper-push.js'), 'validate', 'products', '--from', 'commercetools', '--source-concurrency', '4'],
      { env },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
  await mock.app.close();
  const [rssKb, seconds] = run.stderr.trim().split('\n').pop().split(' ').map(Number);
  return {
    products,
    skus: products * VARIANTS,
    exit: run.status,
    peakRssMb: Math.round(rssKb / 1024),
    readSeconds: seconds,
    loadMs,
    said: run.stdout.split('\n')[0],
  };
}

for (const size of sizes.length > 0 ? sizes : [1000, 4000]) console.log(JSON.stringify(await measure(size)));
