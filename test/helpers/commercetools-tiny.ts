// A commercetools project small enough to write by hand, for tests about settings, auth and
// secrets rather than data: Sunrise's project settings, one category, a one-variant product and a
// product with two size variants, a price each and some stock. It needs no dataset.
import { type Api, setUpProject } from './sunrise.js';

export async function loadTinyProject(api: Api): Promise<void> {
  await setUpProject(api);
  await api
    .productTypes()
    .post({
      body: {
        key: 'tiny',
        name: 'Tiny',
        description: 'Products with a size',
        attributes: [
          {
            name: 'size',
            label: { en: 'Size' },
            type: { name: 'enum', values: ['S', 'M'].map((key) => ({ key, label: key })) },
            isRequired: false,
            isSearchable: false,
            attributeConstraint: 'CombinationUnique',
          },
        ],
      },
    })
    .execute();
  const category = await api
    .categories()
    .post({ body: { key: 'kitchen', name: { en: 'Kitchen' }, slug: { en: 'kitchen' } } })
    .execute();
  const price = (centAmount: number) => [{ value: { currencyCode: 'EUR', centAmount } }];
  const size = (key: string) => [{ name: 'size', value: key }];
  const products = [
    { key: 'tiny-mug', name: 'Tiny Mug', masterVariant: { sku: 'TINY-MUG', prices: price(1200) }, variants: [] },
    {
      key: 'tiny-tee',
      name: 'Tiny Tee',
      masterVariant: { sku: 'TINY-TEE-S', prices: price(2000), attributes: size('S') },
      variants: [{ sku: 'TINY-TEE-M', prices: price(2000), attributes: size('M') }],
    },
  ];
  for (const { key, name, masterVariant, variants } of products) {
    await api
      .products()
      .post({
        body: {
          key,
          productType: { typeId: 'product-type', key: 'tiny' },
          name: { en: name },
          slug: { en: key },
          categories: [{ typeId: 'category', id: category.body.id }],
          masterVariant,
          variants,
          publish: true,
        },
      })
      .execute();
  }
  await api
    .inventory()
    .post({ body: { sku: 'TINY-MUG', quantityOnStock: 5 } })
    .execute();
}
