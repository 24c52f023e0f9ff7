// After an undo step, the change cache holds again what it held before the run for what the
// step took back (so pushing the earlier input writes nothing), and forgets what was left
// changed (so the next push reads Jasper instead of trusting it).
import type { ChangeCache, ConfirmedEntry } from '../run/change-cache.js';
import type { StepResult } from './undo-types.js';

export function restoreCacheEntries(cache: ChangeCache, result: StepResult): void {
  const renumbered = new Map(result.renumbered ?? []);
  const entries: ConfirmedEntry[] = [];
  for (const record of result.restored) {
    for (const [task, id, hash] of record.cache) {
      const newId = renumbered.get(task) ?? id;
      if (newId === null && hash === null) entries.push({ task, outcome: 'deleted' });
      else entries.push({ task, outcome: 'updated', ...(newId === null ? {} : { remoteId: newId }), ...(hash === null ? {} : { hash }) });
    }
  }
  for (const record of result.dropped) entries.push({ task: record.task, outcome: 'deleted' });
  cache.apply(entries);
}
