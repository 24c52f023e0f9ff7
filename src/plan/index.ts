export { desiredState, VARIANT_RELATION_TYPE, type DesiredState, type VariantMode } from './desired.js';
export { planWrites, type DiffOptions } from './diff.js';
export { readNeeds, type ReadNeeds } from './keys.js';
export * from './remote.js';
export * from './types.js';
