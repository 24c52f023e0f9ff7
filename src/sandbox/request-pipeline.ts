// One request, start to finish: record it, route it, then apply in order
// auth → rate limit / burst 429 → hang → error → latency → documented keys → handle (apply) →
// after-apply faults.
// 404 and 405 are answered without auth, as Laravel does (routing runs before middleware).

import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FaultEngine } from './faults.js';
import { documentedKeysOnly } from './documented-bodies.js';
import { HttpError, MESSAGES, methodNotAllowed } from './http-errors.js';
import { bearerToken, BodyTooLargeError, parseJsonBody, readBody, sendResponse } from './http-io.js';
import type { RouteMatch, Router } from './router.js';
import { PING_PATTERN } from './routes/index.js';
import type { Store } from './store.js';
import type { RequestRecord } from './types.js';

export const API_PREFIX = '/api/v1';
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

export interface PipelineDeps {
  store: Store;
  router: Router;
  faults: FaultEngine;
  keys: Set<string>;
  requests: RequestRecord[];
  /** Requests held open by the hang fault, ended on close. */
  hung: Set<ServerResponse>;
  /** Aborted when the sandbox closes: pending work stops and applies nothing. */
  closing: AbortSignal;
  clock: () => number;
  /** API root to use when the request carries no Host header. */
  fallbackRoot: string;
  /** Refuse a write whose body carries a key the reference does not document (422); it is logged either way. */
  strict: boolean;
}

interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  contentType?: string;
}

export async function handleRequest(deps: PipelineDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  const record: RequestRecord = { t: deps.clock(), method, path: req.url ?? '/', status: 0, applied: false };
  deps.requests.push(record);
  const reply = (a: Answer) => {
    if (res.destroyed) return;
    record.status = a.status;
    sendResponse(res, a.status, a.body, a.headers, a.contentType);
  };

  let raw: Buffer;
  try {
    raw = await readBody(req);
  } catch (err) {
    if (err instanceof BodyTooLargeError) reply({ status: 413, body: { message: 'Payload Too Large.' } });
    else res.destroy();
    return;
  }
  const url = new URL(req.url ?? '/', 'http://sandbox');
  const match = routeOf(deps.router, method, url.pathname);
  const latency = async () => {
    if (deps.faults.latencyMs > 0) await sleep(deps.faults.latencyMs, undefined, { signal: deps.closing }).catch(() => {});
  };

  if (match.kind === 'found' && !deps.keys.has(bearerToken(req) ?? '')) {
    await latency();
    return reply({ status: 401, body: { message: MESSAGES.unauthenticated } });
  }

  const pre = deps.faults.before({ isPing: match.kind === 'found' && match.route.pattern === PING_PATTERN });
  if (pre.kind === 'hang') {
    record.fault = 'hang';
    deps.hung.add(res);
    res.on('close', () => deps.hung.delete(res));
    return;
  }
  if (pre.kind === 'reject') {
    record.fault = pre.fault;
    await latency();
    return reply(pre);
  }
  await latency();
  if (deps.closing.aborted) return void res.destroy();

  const apiRoot = req.headers.host ? `http://${req.headers.host}${API_PREFIX}` : deps.fallbackRoot;
  const answer = dispatch(deps, record, match, method, raw, url.searchParams, apiRoot);
  const applied = match.kind === 'found' && WRITE_METHODS.has(method) && answer.status < 300;
  if (applied) {
    record.applied = true;
    try {
      deps.store.save();
    } catch (err) {
      return reply({ status: 500, body: { message: MESSAGES.serverError, detail: (err as Error).message } });
    }
    const after = deps.faults.after();
    if (after === 'drop-after-apply') {
      record.fault = after;
      req.socket.destroy();
      return;
    }
    if (after === 'error-after-apply') {
      record.fault = after;
      return reply({ status: 500, body: { message: MESSAGES.serverError } });
    }
  }
  reply({ ...answer, headers: { ...deps.faults.rateHeaders(), ...answer.headers } });
}

function routeOf(router: Router, method: string, pathname: string): RouteMatch {
  if (pathname !== API_PREFIX && !pathname.startsWith(`${API_PREFIX}/`)) return { kind: 'none' };
  return router.match(method, pathname.slice(API_PREFIX.length));
}

function dispatch(
  { store, strict }: Pick<PipelineDeps, 'store' | 'strict'>,
  record: RequestRecord,
  match: RouteMatch,
  method: string,
  raw: Buffer,
  query: URLSearchParams,
  apiRoot: string,
): Answer {
  try {
    if (match.kind === 'none') throw new HttpError(404, { message: MESSAGES.notFound });
    if (match.kind === 'wrong-method') throw methodNotAllowed(method, match.allowed);
    const body = BODY_METHODS.has(method) ? parseJsonBody(raw) : undefined;
    if (body !== undefined) documentedKeysOnly(match.route, body, record, strict);
    return match.route.handler({ store, params: match.params, query, body, apiRoot });
  } catch (err) {
    if (err instanceof HttpError) return { status: err.status, body: err.body, headers: err.headers };
    // A sandbox bug: answer like the API would, but say what broke so it gets fixed.
    return { status: 500, body: { message: MESSAGES.serverError, detail: (err as Error).message } };
  }
}
