// Small reads of a sandbox's data shared by e2e tests (the exact-catalog check is test/helpers/oracle).
import type { SandboxState } from '../../src/sandbox/index.js';

const norm = (text: string) => text.trim().toLowerCase();

/** The sandbox's id of the category at `path` (names compared as Jasper does), or undefined. */
export function categoryIdByPath(state: SandboxState, path: string[]): number | undefined {
  let parent: number | null = null;
  let id: number | undefined;
  for (const name of path) {
    id = state.categories.find((category) => (category.parent_id ?? null) === parent && norm(category.name) === norm(name))?.id;
    if (id === undefined) return undefined;
    parent = id;
  }
  return id;
}

/** Writes (POST/PUT/DELETE) the sandbox received. */
export function writeCount(requests: { method: string }[]): number {
  return requests.filter((request) => request.method !== 'GET').length;
}
