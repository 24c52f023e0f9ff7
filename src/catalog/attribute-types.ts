// One type per attribute across the whole push. The type comes from a CSV header hint
// (`attr:Country[multiselect]`) or the JSON `attributes` section; naming the same
// attribute with two different types is an error wherever the second one appears,
// because the planner can create an attribute only once.

import { formatLocation, type AttributeType, type SourceLocation } from './types.js';

interface Declaration {
  type: AttributeType;
  where: SourceLocation;
}

export class AttributeTypes {
  private readonly declared = new Map<string, Declaration>();

  /** The conflict message when `name` is already declared with another type. */
  conflict(name: string, type: AttributeType): string | undefined {
    const earlier = this.declared.get(name);
    if (earlier === undefined || earlier.type === type) return undefined;
    return `attribute "${name}" is declared as ${type} here but as ${earlier.type} at ${formatLocation(earlier.where)}`;
  }

  declare(name: string, type: AttributeType, where: SourceLocation): void {
    if (!this.declared.has(name)) this.declared.set(name, { type, where });
  }

  typeOf(name: string): AttributeType | undefined {
    return this.declared.get(name)?.type;
  }

  /** Every declared attribute and its type. */
  all(): Map<string, AttributeType> {
    return new Map([...this.declared].map(([name, { type }]) => [name, type]));
  }
}
