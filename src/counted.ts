/** A count with its noun, singular for exactly one: "1 write", "3 writes", "1 inventory record". */
export function counted(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : plural}`;
}

/** Every one of a count, read right for one: "the 1 row" is "1 row", else "all 3 rows". */
export function everyOne(count: number, singular: string, plural = `${singular}s`): string {
  return count === 1 ? counted(count, singular) : `all ${counted(count, singular, plural)}`;
}
