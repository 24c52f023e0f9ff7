// A tenant's name in file names (its change cache, its lock, a source's spool, a run's
// run.json): short, safe in any file system, and the same for the same API URL.
import { createHash } from 'node:crypto';

export function tenantId(apiUrl: string): string {
  return createHash('sha256').update(apiUrl).digest('hex').slice(0, 16);
}
