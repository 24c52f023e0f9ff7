// mulberry32: a tiny seeded PRNG. Every fault decision draws from one instance, so the
// same seed and the same request sequence give the same faults, and a failing test replays.

export type Random = () => number;

export function mulberry32(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seed for when none is given; it is reported so the run can be replayed. */
export function randomSeed(): number {
  return Math.floor(Math.random() * 2 ** 32);
}
