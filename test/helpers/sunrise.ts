// Loads commercetools' Sunrise sample data (the commercetools-sunrise dataset, test/helpers/datasets.ts)
// into the mock through the commercetools API, as a project would hold it: the product type, channels,
// a b2b customer group, the category tree, published products with their 17 prices per variant, and
// stock without a channel and per store channel.
import fs from 'node:fs';
import path from 'node:path';
import { type ApiRoot, createApiBuilderFromCtpClient, type PriceDraft, type ProductDraft, type ProductVariantDraft } from '@commercetools/platform-sdk';
import { ClientBuilder } from '@commercetools/ts-client';
import { parse } from 'csv-parse/sync';
import { dataset } from './datasets.js';

type Row = Record<string, string>;
export type Api = ReturnType<ApiRoot['withProjectKey']>;

interface EnumValue {
  key: string;
  label: string | Record<string, string>;
}
interface TypeAttribute {
  name: string;
  type: { name: string; values?: EnumValue[]; elementType?: { name: string } };
}

export function sunriseApi(mockUrl: string, projectKey: string): Api {
  const client = new ClientBuilder().withProjectKey(projectKey).withHttpMiddleware({ host: mockUrl, httpClient: fetch }).build();
  return createApiBuilderFromCtpClient(client).withProjectKey({ projectKey });
}

const sunriseFile = (file: string) => path.join(dataset('commercetools-sunrise').dir, file);

function csv(file: string): Row[] {
  return parse<Row>(fs.readFileSync(sunriseFile(file), 'utf8'), { columns: true, skip_empty_lines: true });
}

/** The Sunrise project's settings: its name, languages, currencies and countries. */
export async function setUpProject(api: Api): Promise<void> {
  const project = await api.get().execute();
  await api
    .post({
      body: {
        version: project.body.version,
        actions: [
          { action: 'changeName', name: 'Sunrise Fashion' },
          { action: 'changeLanguages', languages: ['en', 'de'] },
          { action: 'changeCurrencies', currencies: ['EUR', 'USD'] },
          { action: 'changeCountries', countries: ['DE', 'IT', 'GB', 'US', 'AT'] },
        ],
      },
    })
    .execute();
}

/** Loads everything; `products` limits the number of products (for quick tests). */
export async function loadSunrise(api: Api, options: { products?: number } = {}): Promise<void> {
  await setUpProject(api);
  const [productType] = JSON.parse(fs.readFileSync(sunriseFile('product-type.json'), 'utf8')) as { attributes: TypeAttribute[] }[];
  await api
    .productTypes()
    .post({ body: productType as never })
    .execute();
  const attributes = new Map(productType!.attributes.map((attribute) => [attribute.name, attribute]));

  const channels = JSON.parse(fs.readFileSync(sunriseFile('channels.json'), 'utf8')) as { key: string; custom?: unknown }[];
  const channelIds = new Map<string, string>();
  for (const { custom: _custom, ...channel } of channels) {
    channelIds.set(channel.key, (await api.channels().post({ body: channel }).execute()).body.id);
  }
  const group = await api
    .customerGroups()
    .post({ body: { groupName: 'b2b', key: 'b2b' } })
    .execute();

  // parentId names the parent's externalId; English paths find a product's categories.
  const categoryIds = new Map<string, string>();
  const pathById = new Map<string, string>();
  for (const row of csv('categories.csv')) {
    const parent = row['parentId'] ? categoryIds.get(row['parentId']) : undefined;
    const created = await api
      .categories()
      .post({
        body: {
          key: row['key']!,
          externalId: row['externalId']!,
          name: { en: row['name.en']!, de: row['name.de']!, it: row['name.it']! },
          slug: { en: row['slug.en']!, de: row['slug.de']!, it: row['slug.it']! },
          ...(parent ? { parent: { typeId: 'category', id: parent } } : {}),
        },
      })
      .execute();
    categoryIds.set(row['externalId']!, created.body.id);
    pathById.set(created.body.id, parent ? `${pathById.get(parent)}>${row['name.en']}` : row['name.en']!);
  }
  const categoryByPath = new Map([...pathById].map(([id, name]) => [name, id]));

  const products: Row[][] = [];
  for (const row of csv('products.csv')) {
    if (row['productType'] === 'main') products.push([row]);
    else products[products.length - 1]!.push(row);
  }
  const variant = (row: Row): ProductVariantDraft => ({
    sku: row['sku']!,
    prices: row['prices']!.split(';').map((text) => price(text, channelIds, group.body.id)),
    images: row['images'] ? [{ url: row['images'], dimensions: { w: 400, h: 400 } }] : [],
    attributes: variantAttributes(row, attributes),
  });
  for (const rows of products.slice(0, options.products ?? products.length)) {
    const [main, ...others] = rows;
    const localized = (field: string) =>
      Object.fromEntries(['en', 'de'].filter((language) => main![`${field}.${language}`]).map((language) => [language, main![`${field}.${language}`]!]));
    const draft: ProductDraft = {
      productType: { typeId: 'product-type', key: 'main' },
      name: localized('name'),
      slug: localized('slug'),
      ...(main!['description.en'] ? { description: localized('description') } : {}),
      categories: main!['categories']!.split(';').map((name) => ({ typeId: 'category' as const, id: categoryByPath.get(name)! })),
      masterVariant: variant(main!),
      variants: others.map(variant),
      publish: true,
    };
    await api.products().post({ body: draft }).execute();
  }

  const skus = new Set(
    products
      .slice(0, options.products ?? products.length)
      .flat()
      .map((row) => row['sku']),
  );
  const stock = [...csv('inventory.csv'), ...csv('inventory-stores.csv'), ...csv('inventory-stores-us.csv')].filter((row) => skus.has(row['sku']));
  for (let start = 0; start < stock.length; start += 25) {
    await Promise.all(
      stock.slice(start, start + 25).map((row) =>
        api
          .inventory()
          .post({
            body: {
              sku: row['sku']!,
              quantityOnStock: Number(row['quantityOnStock']),
              ...(row['supplyChannel'] ? { supplyChannel: { typeId: 'channel', id: channelIds.get(row['supplyChannel'])! } } : {}),
            },
          })
          .execute(),
      ),
    );
  }
}

/** `[COUNTRY-]CURRENCY AMOUNT[ customerGroup][#channelKey]`, amounts in cents. */
function price(text: string, channelIds: ReadonlyMap<string, string>, groupId: string): PriceDraft {
  const [main, channel] = text.trim().split('#');
  const [money, amount, customerGroup] = main!.split(' ');
  const [country, currency] = money!.includes('-') ? money!.split('-') : [undefined, money];
  return {
    value: { currencyCode: currency!, centAmount: Number(amount) },
    ...(country ? { country } : {}),
    ...(customerGroup ? { customerGroup: { typeId: 'customer-group', id: groupId } } : {}),
    ...(channel ? { channel: { typeId: 'channel', id: channelIds.get(channel)! } } : {}),
  };
}

/** The row's attribute columns as commercetools values: enums as { key, label }, ltext per language. */
function variantAttributes(row: Row, types: ReadonlyMap<string, TypeAttribute>): { name: string; value: unknown }[] {
  const out: { name: string; value: unknown }[] = [];
  for (const [name, type] of types) {
    const kind = type.type.name;
    if (kind === 'ltext') {
      const value = Object.fromEntries(['en', 'de'].filter((language) => row[`${name}.${language}`]).map((language) => [language, row[`${name}.${language}`]]));
      if (Object.keys(value).length > 0) out.push({ name, value });
      continue;
    }
    const cell = row[name];
    if (cell === undefined || cell === '') continue;
    if (kind === 'enum' || kind === 'lenum') {
      const value = type.type.values!.find((candidate) => candidate.key === cell);
      if (value) out.push({ name, value });
    } else if (kind === 'boolean') out.push({ name, value: cell.toLowerCase() === 'true' });
    else if (kind === 'text' || kind === 'datetime') out.push({ name, value: cell });
  }
  return out;
}
