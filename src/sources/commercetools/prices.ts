// commercetools prices → Jasper price bases (SPEC §11). A price for a country goes to that
// country's base, one without a country to the base named by its currency; --price-base-map
// renames either (`EUR=EU,USD=US`, or a country: `GB=UK`). Prices for a channel or a customer
// group, prices not valid today and volume tiers have no place in Jasper: left out and counted.
import type { Price, TypedMoney } from '@commercetools/platform-sdk';
import { UsageError } from '../../errors.js';

export interface PriceCounts {
  /** Prices for a channel or a customer group, left out. */
  scoped: number;
  /** Prices outside their validFrom / validUntil today, left out. */
  notValidNow: number;
  /** Volume tiers of kept prices (the base price is kept, the tiers are not). */
  tiers: number;
  /** A second unscoped price landing on a base that already has one (a country price wins). */
  superseded: number;
}

export function zeroPriceCounts(): PriceCounts {
  return { scoped: 0, notValidNow: 0, tiers: 0, superseded: 0 };
}

/** `EUR=EU,USD=US` → Map; keys are currencies (3 letters) or countries (2 letters). */
export function parsePriceBaseMap(text: string | undefined): Map<string, string> {
  const map = new Map<string, string>();
  if (!text) return map;
  for (const pair of text.split(',')) {
    if (pair.trim() === '') continue;
    const match = /^\s*([A-Za-z]{2,3})\s*=\s*([A-Za-z0-9_-]+)\s*$/.exec(pair);
    if (!match) throw new UsageError(`--price-base-map takes CURRENCY=BASE or COUNTRY=BASE pairs, e.g. EUR=EU,USD=US; "${pair.trim()}" is not one.`);
    map.set(match[1]!.toUpperCase(), match[2]!.toUpperCase());
  }
  return map;
}

/** The amount a TypedMoney states, in major units: cent amount (or precise amount) and fraction digits. */
export function moneyAmount(money: TypedMoney): number {
  const minor = money.type === 'highPrecision' ? money.preciseAmount : money.centAmount;
  const digits = money.fractionDigits;
  // toFixed keeps the decimal the minor units state (1999 / 100 → 19.99), not a binary neighbour.
  return Number((minor / 10 ** digits).toFixed(digits));
}

/** Each base's amount for one variant, in the order the prices came. */
export function variantPrices(prices: readonly Price[] | undefined, baseMap: ReadonlyMap<string, string>, counts: PriceCounts, now: Date): Map<string, number> {
  const chosen = new Map<string, { amount: number; byCountry: boolean }>();
  for (const price of prices ?? []) {
    if (price.channel || price.customerGroup) {
      counts.scoped++;
      continue;
    }
    if ((price.validFrom && new Date(price.validFrom) > now) || (price.validUntil && new Date(price.validUntil) <= now)) {
      counts.notValidNow++;
      continue;
    }
    counts.tiers += price.tiers?.length ?? 0;
    const byCountry = price.country !== undefined;
    const code = (price.country ?? price.value.currencyCode).toUpperCase();
    const base = baseMap.get(code) ?? code;
    const held = chosen.get(base);
    if (held && (held.byCountry || !byCountry)) {
      counts.superseded++;
      continue;
    }
    if (held) counts.superseded++;
    chosen.set(base, { amount: moneyAmount(price.value), byCountry });
  }
  return new Map([...chosen].map(([base, { amount }]) => [base, amount]));
}
