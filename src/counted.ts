/** A count with its noun, singular for exactly one: "1 write", "3 writes", "1 inventory record". */
export function counted(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : plural}`;
}

/** All of a count, read right for one: "1 row", but "all 3 rows". */
export function everyOne(count: number, singular: string, plural = `${singular}s`): string {
  return count === 1 ? counted(count, singular) : `all ${counted(count, singular, plural)}`;
}
