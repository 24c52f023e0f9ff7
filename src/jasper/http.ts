// One HTTP call to the Jasper API through ky, with failures mapped to typed errors.
// ky's own retry is off: retries live in the run layer, because every attempt must pass
// the throttle queue and a create whose outcome is unknown needs a lookup before it is repeated.
import type { KyInstance } from 'ky';
import { deferFetchParserTierUp } from '../fetch-parser.js';
import {
  AuthenticationError,
  BadResponseError,
  ForbiddenError,
  type HttpMethod,
  type JasperApiError,
  NetworkError,
  type NetworkFailure,
  NotFoundError,
  RateLimitedError,
  ServerError,
  TimeoutError,
  ValidationError,
} from './errors.js';
import { redact } from './redact.js';

export interface ApiRequest {
  method: HttpMethod;
  /** Path below the API root, without a leading slash, e.g. `products/sku/TEE-1`. */
  path: string;
  body?: unknown;
  searchParams?: Record<string, string | number>;
}

/** Sends one request; resolves with the parsed JSON body of a 2xx answer, rejects with a JasperApiError. */
export interface Send {
  (request: ApiRequest): Promise<unknown>;
  /** Resolves once a call would go out at once (the HTTP client is loaded): ping times a round trip after it, and the throttle counts no call before it. */
  ready?(): Promise<void>;
}

export interface CallRecord {
  method: HttpMethod;
  path: string;
  status?: number;
  durationMs: number;
  error?: JasperApiError;
}

export interface HttpOptions {
  apiUrl: string;
  apiKey: string;
  timeoutMs: number;
  /** Called as each call leaves, before its answer: the throttle's slots are taken then. */
  onStart?: () => void;
  /** Called once per finished call (for --verbose and call counting). Never sees the key. */
  onCall?: (record: CallRecord) => void;
}

export function createHttpSender(options: HttpOptions): Send {
  // ky is loaded by the first call, not at start: loading it starts Node's fetch (about 25 ms),
  // which validate, convert and config never use.
  let client: Promise<KyInstance> | undefined;
  const loadClient = async (): Promise<KyInstance> => {
    deferFetchParserTierUp();
    const { default: ky } = await import('ky');
    return ky.create({
      prefixUrl: options.apiUrl,
      headers: {
        Authorization: `Bearer ${options.apiKey}`,
        Accept: 'application/json',
        'Content-Type': 'application/json',
      },
      timeout: options.timeoutMs,
      retry: 0,
      throwHttpErrors: false,
    });
  };
  const loadedClient = () => (client ??= loadClient());

  const send: Send = async (request) => {
    const kyClient = await loadedClient();
    const started = performance.now();
    options.onStart?.();
    const context = { method: request.method, path: request.path };
    let status: number | undefined;
    // ky's timeout ends at the headers; this one also bounds reading the body, which a server can stall.
    // A timer cleared at the end, not AbortSignal.timeout(): that one keeps every request alive for
    // the whole timeout, hundreds of megabytes at 400 calls/s.
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(new DOMException('no answer within the timeout', 'TimeoutError')), options.timeoutMs);
    try {
      const response = await kyClient(request.path, {
        signal: deadline.signal,
        method: request.method,
        ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
        ...(request.searchParams ? { searchParams: request.searchParams } : {}),
      });
      status = response.status;
      const text = await response.text();
      const body = parseJson(text);
      if (response.ok) {
        if (body === undefined && text.trim() !== '') {
          throw new BadResponseError(`${request.method} /${request.path}: the answer is not JSON`, context, status);
        }
        options.onCall?.({ ...context, status, durationMs: performance.now() - started });
        return body;
      }
      throw errorForStatus(response.status, body, response.headers.get('retry-after'), context);
    } catch (caught) {
      const error = toApiError(caught, context, options.apiKey);
      options.onCall?.({ ...context, status, durationMs: performance.now() - started, error });
      throw error;
    } finally {
      clearTimeout(timer);
    }
  };
  send.ready = async () => {
    await loadedClient();
  };
  return send;
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function errorForStatus(status: number, body: unknown, retryAfter: string | null, context: { method: HttpMethod; path: string }): JasperApiError {
  const where = `${context.method} /${context.path}`;
  const message = serverMessage(body);
  switch (true) {
    case status === 401:
      return new AuthenticationError(`${where}: 401 Unauthorized${message ? ` (${message})` : ''}`, context, status);
    case status === 403:
      return new ForbiddenError(`${where}: 403 Forbidden${message ? ` (${message})` : ''}`, context, status);
    case status === 404:
      return new NotFoundError(`${where}: 404 ${message ?? 'Not Found'}`, context, status);
    case status === 429:
      return new RateLimitedError(`${where}: 429 Too Many Requests`, context, parseRetryAfter(retryAfter));
    case status >= 500:
      return new ServerError(`${where}: ${status} ${message ?? 'server error'}`, context, status);
    default:
      return new ValidationError(message ?? `HTTP ${status}`, context, status, fieldErrors(body));
  }
}

/** The server's own words: Laravel's `message` plus the first field errors. */
function serverMessage(body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const record = body as Record<string, unknown>;
  const details = Object.values(fieldErrors(body)).flat();
  const message = typeof record.message === 'string' ? record.message : typeof record.error === 'string' ? record.error : undefined;
  if (details.length > 0) return details.join(' ');
  return message;
}

function fieldErrors(body: unknown): Record<string, string[]> {
  const errors = (body as { errors?: unknown } | undefined)?.errors;
  if (!errors || typeof errors !== 'object') return {};
  const result: Record<string, string[]> = {};
  for (const [field, value] of Object.entries(errors)) {
    result[field] = Array.isArray(value) ? value.map(String) : [String(value)];
  }
  return result;
}

/** Retry-After is delay-seconds or an HTTP date (RFC 9110 §10.2.3); anything else is ignored. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  // Digits only (a fraction is tolerated): Number() would also take "0x10", "1e3" or "-5".
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  if (!/[a-z]/i.test(text)) return undefined;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function toApiError(caught: unknown, context: { method: HttpMethod; path: string }, apiKey: string): JasperApiError {
  if (caught instanceof Error && 'kind' in caught && 'method' in caught) return caught as JasperApiError;
  const where = `${context.method} /${context.path}`;
  // ky's TimeoutError and the deadline's DOMException share the name.
  if (caught instanceof Error && caught.name === 'TimeoutError') {
    return new TimeoutError(`${where}: no answer within the timeout`, context);
  }
  const code = networkCode(caught);
  const failure = classifyNetworkCode(code);
  // fetch's own messages may quote a header value: never let the key ride along.
  const reason = code ? `${code}` : redact(caught instanceof Error ? caught.message : String(caught), [apiKey]);
  return new NetworkError(`${where}: connection failed (${reason})`, context, failure, code);
}

function networkCode(caught: unknown): string | undefined {
  let current: unknown = caught;
  for (let depth = 0; depth < 5 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

export function classifyNetworkCode(code: string | undefined): NetworkFailure {
  if (!code) return 'other';
  if (code === 'ENOTFOUND' || code.startsWith('EAI_')) return 'dns';
  if (code === 'ECONNREFUSED' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return 'refused';
  if (/CERT|SSL|TLS|ERR_SSL|SELF_SIGNED|UNABLE_TO_VERIFY/i.test(code)) return 'tls';
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE' || code === 'UND_ERR_CLOSED') return 'reset';
  return 'other';
}
