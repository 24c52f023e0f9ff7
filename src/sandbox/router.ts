// The route table is data: method + pattern + handler, one file per entity family under
// routes/. Matching is by path segments; `:name` captures a URL-decoded segment, so a SKU
// containing an encoded slash (%2F) still lands in one parameter.

import type { Store } from './store.js';

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface RouteContext {
  store: Store;
  params: Record<string, string>;
  query: URLSearchParams;
  /** Parsed JSON body; undefined when none was sent. */
  body: unknown;
  /** Absolute API root as the client addressed it, for pagination links. */
  apiRoot: string;
}

export interface RouteResult {
  status: number;
  body: unknown;
}

export interface Route {
  method: Method;
  pattern: string;
  handler: (ctx: RouteContext) => RouteResult;
}

export function route(method: Method, pattern: string, handler: Route['handler']): Route {
  return { method, pattern, handler };
}

export function ok(body: unknown): RouteResult {
  return { status: 200, body };
}

export function created(body: unknown): RouteResult {
  return { status: 201, body };
}

export type RouteMatch = { kind: 'found'; route: Route; params: Record<string, string> } | { kind: 'wrong-method'; allowed: Method[] } | { kind: 'none' };

interface CompiledRoute {
  route: Route;
  segments: string[];
}

export class Router {
  private readonly compiled: CompiledRoute[];

  constructor(routes: Route[]) {
    this.compiled = routes.map((r) => ({ route: r, segments: splitPath(r.pattern) }));
  }

  /** `path` is relative to the API root, e.g. `/products/12/prices`. */
  match(method: string, path: string): RouteMatch {
    const segments = splitPath(path);
    const allowed = new Set<Method>();
    for (const c of this.compiled) {
      const params = matchSegments(c.segments, segments);
      if (!params) continue;
      if (c.route.method === method) return { kind: 'found', route: c.route, params };
      allowed.add(c.route.method);
    }
    return allowed.size > 0 ? { kind: 'wrong-method', allowed: [...allowed] } : { kind: 'none' };
  }
}

/** A trailing slash is ignored, as Laravel does. */
function splitPath(path: string): string[] {
  const parts = path.split('/').filter((s, i, all) => !(s === '' && (i === 0 || i === all.length - 1)));
  return parts;
}

function matchSegments(pattern: string[], actual: string[]): Record<string, string> | undefined {
  if (pattern.length !== actual.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i] as string;
    const a = actual[i] as string;
    if (p.startsWith(':')) {
      const decoded = safeDecode(a);
      if (decoded === undefined || decoded === '') return undefined;
      params[p.slice(1)] = decoded;
    } else if (p !== a) {
      return undefined;
    }
  }
  return params;
}

function safeDecode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
