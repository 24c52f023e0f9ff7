// Categories (parents first), options with their values and option sets, attributes with their
// select type values, and relation types: matched by name (case-insensitive) or value.
import { nameKey } from '../catalog/types.js';
import { compareFields } from './field-hash.js';
import { PRESENCE_HASH, SELECT_TYPES, categoryHash, legacyCategoryHash, optionSetMemberKey, typeValueKey } from './keys.js';
import type { DesiredState } from './desired.js';
import type { DiffOptions } from './diff.js';
import { bodyChanges } from './compare.js';
import type { PlanBuilder } from './plan-builder.js';
import type { RemoteSnapshot } from './remote.js';
import type { Body, Ref } from './types.js';

export class SharedEntityPlanner {
  constructor(
    private readonly plan: PlanBuilder,
    private readonly desired: DesiredState,
    private readonly remote: RemoteSnapshot,
    private readonly options: DiffOptions,
  ) {}

  run(): void {
    this.categories();
    this.options_();
    this.attributes();
    this.relationTypes();
  }

  private categories(): void {
    for (const category of this.desired.categories) {
      const hash = categoryHash(category.name, category.parentKey, category.fields);
      const parent: Ref | null = category.parentKey ? { entity: 'category', key: category.parentKey } : null;
      const body: Body = { name: category.name, ...category.fields };
      if (this.remote.categories) {
        const parentStatus = category.parentKey ? this.plan.statusOf('category', category.parentKey) : undefined;
        const parentId = category.parentKey ? (parentStatus?.state === 'known' ? parentStatus.id : undefined) : null;
        const match =
          parentId === undefined
            ? undefined
            : this.remote.categories.find((remote) => sameParent(remote.parent_id, parentId) && nameKey(remote.name) === nameKey(category.name));
        if (match) {
          const changes = bodyChanges(category.fields, match as unknown as Body);
          const rewrite = this.options.rewrite && Object.keys(category.fields).length > 0;
          if (Object.keys(changes).length > 0 || rewrite) {
            this.plan.task(
              'category',
              category.key,
              'update',
              { entity: 'category', name: category.name, parent, body: rewrite ? body : changes, id: match.id },
              [],
              category.rows,
              hash,
            );
            this.plan.existing('category', category.key, match.id);
          } else {
            this.plan.known('category', category.key, match.id, category.rows, hash);
          }
          continue;
        }
        this.plan.task('category', category.key, 'create', { entity: 'category', name: category.name, parent, body }, [parent], category.rows, hash);
        continue;
      }
      const entry = this.plan.cached('category', category.key);
      const cached = compareFields(entry?.hash, hash, legacyCategoryHash(category.name, category.parentKey, category.fields));
      if (entry?.id !== undefined && cached.same) this.plan.known('category', category.key, entry.id, category.rows, cached.hash);
      else if (entry?.id !== undefined) {
        this.plan.task(
          'category',
          category.key,
          'update',
          { entity: 'category', name: category.name, parent, body, id: entry.id },
          [],
          category.rows,
          cached.hash,
        );
        this.plan.existing('category', category.key, entry.id);
      } else this.plan.task('category', category.key, 'create', { entity: 'category', name: category.name, parent, body }, [parent], category.rows, hash);
    }
  }

  private options_(): void {
    const remoteOptions = this.remote.options;
    for (const [key, option] of this.desired.options) {
      const id = remoteOptions ? remoteOptions.find((remote) => nameKey(remote.name) === key)?.id : this.plan.cached('option', key)?.id;
      if (id !== undefined) this.plan.known('option', key, id, [], PRESENCE_HASH);
      else this.plan.task('option', key, 'create', { entity: 'option', name: option.name }, [], [], PRESENCE_HASH);
    }
    for (const [key, value] of this.desired.optionValues) {
      const optionRef: Ref = { entity: 'option', key: value.option };
      const optionId = this.plan.idOf('option', value.option);
      const remoteValues = remoteOptions?.find((remote) => remote.id === optionId)?.values;
      const id =
        remoteOptions && optionId !== undefined
          ? remoteValues?.find((remote) => String(remote.value).trim() === value.value)?.id
          : remoteOptions
            ? undefined
            : this.plan.cached('optionValue', key)?.id;
      if (id !== undefined) this.plan.known('optionValue', key, id, [], PRESENCE_HASH);
      else this.plan.task('optionValue', key, 'create', { entity: 'optionValue', option: optionRef, value: value.value }, [optionRef], [], PRESENCE_HASH);
    }
    const remoteSets = this.remote.optionSets;
    for (const [key, set] of this.desired.optionSets) {
      const remoteSet = remoteSets?.find((remote) => nameKey(remote.name) === key);
      const id = remoteSets ? remoteSet?.id : this.plan.cached('optionSet', key)?.id;
      if (id !== undefined) this.plan.known('optionSet', key, id, [], PRESENCE_HASH);
      else this.plan.task('optionSet', key, 'create', { entity: 'optionSet', name: set.name }, [], [], PRESENCE_HASH);
      set.options.forEach((option, index) => {
        const memberKey = optionSetMemberKey(key, option);
        const optionId = this.plan.idOf('option', option);
        const isMember = remoteSets
          ? optionId !== undefined && Boolean(remoteSet?.optionIds?.includes(optionId))
          : this.plan.cached('optionSetOption', memberKey) !== undefined;
        const setRef: Ref = { entity: 'optionSet', key };
        const optionRef: Ref = { entity: 'option', key: option };
        if (isMember && id !== undefined) this.plan.known('optionSetOption', memberKey, id, [], PRESENCE_HASH);
        else
          this.plan.task(
            'optionSetOption',
            memberKey,
            'create',
            { entity: 'optionSetOption', optionSet: setRef, option: optionRef, sortOrder: index + 1 },
            [setRef, optionRef],
            [],
            PRESENCE_HASH,
          );
      });
    }
  }

  private attributes(): void {
    const remoteAttributes = this.remote.attributes;
    for (const [key, attribute] of this.desired.attributes) {
      const remote = remoteAttributes?.find((candidate) => nameKey(candidate.name) === key);
      const entry = remoteAttributes ? undefined : this.plan.cached('attribute', key);
      // An attribute's cache entry keeps its type as the hash: whether values need type values depends on it.
      const type = remote?.type ?? entry?.hash ?? attribute.type ?? 'text';
      if (remote && attribute.type && remote.type !== attribute.type) {
        this.plan.note(`attribute "${attribute.name}" is ${remote.type} in Jasper, not ${attribute.type}; its values are written as ${remote.type}`);
      }
      const id = remote?.id ?? entry?.id;
      if (id !== undefined) this.plan.known('attribute', key, id, [], type);
      else this.plan.task('attribute', key, 'create', { entity: 'attribute', name: attribute.name, type }, [], [], type);
      if (!SELECT_TYPES.has(type)) continue;
      const attributeRef: Ref = { entity: 'attribute', key };
      for (const value of this.desired.attributeValuesUsed.get(key) ?? []) {
        const valueKey = typeValueKey(key, value);
        const existing = remote
          ? remote.typeValues.find((candidate) => String(candidate.value).trim() === value.trim())?.id
          : remoteAttributes
            ? undefined
            : this.plan.cached('typeValue', valueKey)?.id;
        if (existing !== undefined) this.plan.known('typeValue', valueKey, existing, [], PRESENCE_HASH);
        else this.plan.task('typeValue', valueKey, 'create', { entity: 'typeValue', attribute: attributeRef, value }, [attributeRef], [], PRESENCE_HASH);
      }
    }
  }

  private relationTypes(): void {
    for (const [key, type] of this.desired.relationTypes) {
      const id = this.remote.relationTypes
        ? this.remote.relationTypes.find((remote) => nameKey(remote.name) === key)?.id
        : this.plan.cached('relationType', key)?.id;
      if (id !== undefined) this.plan.known('relationType', key, id, [], PRESENCE_HASH);
      else this.plan.task('relationType', key, 'create', { entity: 'relationType', name: type.name }, [], [], PRESENCE_HASH);
    }
  }
}

function sameParent(remoteParent: number | null | undefined, parentId: number | null): boolean {
  if (parentId === null) return remoteParent === null || remoteParent === undefined || Number(remoteParent) === 0;
  return Number(remoteParent) === parentId;
}
