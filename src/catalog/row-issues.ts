// What reading one input row produces: the entity (complete or not), its match key when
// one could be read, and the row's issues. A row with an error is still returned so it
// can be listed as rejected with its key.

import type { Issue, ProductInput, SourceLocation } from './types.js';

export interface RowResult<T> {
  value: T;
  key?: string;
  issues: Issue[];
}

export class RowIssues {
  readonly list: Issue[] = [];

  constructor(private readonly location: SourceLocation) {}

  error(column: string | undefined, message: string): void {
    this.add('error', column, message);
  }

  warning(column: string | undefined, message: string): void {
    this.add('warning', column, message);
  }

  get hasErrors(): boolean {
    return this.list.some((issue) => issue.severity === 'error');
  }

  private add(severity: Issue['severity'], column: string | undefined, message: string): void {
    this.list.push({ location: this.location, ...(column === undefined ? {} : { column }), message, severity });
  }
}

export function emptyProduct(loc: SourceLocation, sku: string): ProductInput {
  return {
    loc,
    sku,
    options: [],
    categories: [],
    fields: {},
    prices: [],
    attributes: [],
    inventory: [],
    related: [],
  };
}

/** Keeps the first occurrence of each string. */
export function unique(values: string[]): string[] {
  return [...new Set(values)];
}
