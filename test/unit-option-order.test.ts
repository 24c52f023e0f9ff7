// The order of option names in an option set's name: ICU's English (root) order on every machine,
// computed without ICU for names of ASCII letters, digits and spaces. Checked against the collator
// itself, which the planner used for every name before.
import { describe, expect, it } from 'vitest';
import { byOptionName } from '../src/plan/desired.js';
import { mulberry32 } from '../src/sandbox/prng.js';

const english = new Intl.Collator('en-US');

/** Names of up to `length` characters drawn from `characters`, the same ones on every run. */
function names(characters: string, count: number, length: number, seed: number): string[] {
  const random = mulberry32(seed);
  const pick = () => characters[Math.floor(random() * characters.length)]!;
  return Array.from({ length: count }, () => Array.from({ length: Math.floor(random() * (length + 1)) }, pick).join(''));
}

describe('option names in English order', () => {
  it.each([
    ['every plain character', 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ', 8, 1],
    ['few characters, so that most pairs differ only in case, length or spaces', 'sS1 ', 5, 2],
    ['letters that share a primary weight', 'aAzZ', 4, 3],
  ])('orders plain names as the collator does: %s', (_, characters, length, seed) => {
    const list = names(characters, 4000, length, seed);
    const differing = list.slice(1).filter((name, index) => Math.sign(byOptionName(list[index]!, name)) !== Math.sign(english.compare(list[index]!, name)));
    expect(differing).toEqual([]);
    expect([...list].sort(byOptionName)).toEqual([...list].sort(english.compare));
  });

  it('orders these as the collator does: spaces first, digits before letters, lowercase first', () => {
    const sorted = ['Size', 'size', 'Shoe Size', 'Shoes', 'Color 2', 'Color', 'Color 10', 'SIZE', 'sIze'].sort(byOptionName);
    expect(sorted).toEqual(['Color', 'Color 10', 'Color 2', 'Shoe Size', 'Shoes', 'size', 'sIze', 'Size', 'SIZE']);
  });

  it('leaves any other name to the collator: Ä sorts with A, not after Z', () => {
    expect(['Zubehör', 'Ärmel', 'Farbe'].sort(byOptionName)).toEqual(['Ärmel', 'Farbe', 'Zubehör']);
    expect(byOptionName('Größe', 'Grosse')).toBe(english.compare('Größe', 'Grosse'));
  });
});
