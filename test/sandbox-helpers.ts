// Shared by the sandbox tests: plain fetch calls against a running sandbox.

import { startSandbox, type SandboxHandle, type SandboxOptions } from '../src/sandbox/index.js';

export interface Reply {
  status: number;
  /** Parsed JSON, or the raw text when the body is not JSON. */
  body: any;
  headers: Headers;
}

export interface CallOptions {
  /** Bearer key; null sends no Authorization header. Default: the sandbox's first key. */
  key?: string | null;
  signal?: AbortSignal;
}

/** A string body is sent as is (to test malformed JSON); anything else is JSON-encoded. */
export async function call(sb: SandboxHandle, method: string, path: string, body?: unknown, opts: CallOptions = {}): Promise<Reply> {
  const key = opts.key === undefined ? sb.keys[0] : opts.key;
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (key !== null && key !== undefined) headers.Authorization = `Bearer ${key}`;
  const res = await fetch(sb.url + path, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    signal: opts.signal,
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON (a proxy's HTML 502): keep the text
  }
  return { status: res.status, body: parsed, headers: res.headers };
}

/** Runs `fn` against a fresh sandbox and always closes it. */
export async function withSandbox<T>(opts: SandboxOptions, fn: (sb: SandboxHandle) => Promise<T>): Promise<T> {
  const sb = await startSandbox(opts);
  try {
    return await fn(sb);
  } finally {
    await sb.close();
  }
}

/** Bound helpers for one sandbox, plus a product factory. */
export function client(getSandbox: () => SandboxHandle) {
  const get = (path: string) => call(getSandbox(), 'GET', path);
  const post = (path: string, body: unknown = {}) => call(getSandbox(), 'POST', path, body);
  const put = (path: string, body: unknown) => call(getSandbox(), 'PUT', path, body);
  const del = (path: string) => call(getSandbox(), 'DELETE', path);
  const product = async (sku: string, extra: Record<string, unknown> = {}): Promise<any> => {
    const r = await post('/products', { sku, name: `Product ${sku}`, ...extra });
    if (r.status !== 201) throw new Error(`creating ${sku}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body.product;
  };
  return { get, post, put, del, product };
}
