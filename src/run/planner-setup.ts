// The batch planner of a push, assembled from what the push read: the change cache (or none, for
// --full and --reconcile), Jasper's state, and the carried work kept on disk in the scratch store.
import type { CatalogScan } from '../catalog/index.js';
import { BatchPlanner } from '../plan/batch-planner.js';
import type { DesiredBuilder, DesiredState } from '../plan/desired.js';
import type { PlanBuilder } from '../plan/plan-builder.js';
import { EMPTY_CACHE, type RemoteSnapshot } from '../plan/remote.js';
import type { PushOptions } from '../report/push-result.js';
import type { ChangeCache } from './change-cache.js';
import type { ScratchStore } from './scratch-store.js';

export interface PlannerParts {
  scan: CatalogScan;
  builder: DesiredBuilder;
  desired: DesiredState;
  remote: RemoteSnapshot;
  cache: ChangeCache;
  useCache: boolean;
  scratch: ScratchStore;
  firstBatch?: (plan: PlanBuilder) => void;
}

/** The batch planner of a push: the carried work and the products of finished batches on disk. */
export function batchPlanner(options: PushOptions, { scan, cache, scratch, ...parts }: PlannerParts): BatchPlanner {
  return new BatchPlanner({
    diff: { kind: options.kind, variantMode: options.variantMode, rewrite: Boolean(options.full), prune: Boolean(options.prune) },
    cache: parts.useCache ? cache : EMPTY_CACHE,
    history: cache,
    desired: parts.desired,
    remote: parts.remote,
    builder: parts.builder,
    inputSkus: scan.index,
    categories: scan.categories,
    ...(options.batchSize ? { batchProducts: options.batchSize } : {}),
    settled: scratch.statuses(),
    carried: { lateLinks: scratch.queue(), waitingVariants: scratch.skuSet() },
    ...(parts.firstBatch ? { firstBatch: parts.firstBatch } : {}),
  });
}
