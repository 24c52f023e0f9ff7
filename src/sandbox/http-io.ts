// Reading request bodies and writing responses on node:http.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError, MESSAGES } from './http-errors.js';

/** Far above any catalog write; a larger body is a client bug, not a load test. */
export const MAX_BODY_BYTES = 20 * 1024 * 1024;

export class BodyTooLargeError extends Error {}

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    // Keep draining so the client can still read our answer, but stop storing.
    if (size > MAX_BODY_BYTES) tooLarge = true;
    else chunks.push(buf);
  }
  if (tooLarge) throw new BodyTooLargeError(`Request body over ${MAX_BODY_BYTES} bytes.`);
  return Buffer.concat(chunks);
}

/** undefined for an empty body; 400 for anything that is not JSON. */
export function parseJsonBody(raw: Buffer): unknown {
  const text = raw.toString('utf8').replace(/^\uFEFF/, '');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, { message: MESSAGES.malformedJson });
  }
}

export function sendResponse(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}, contentType = 'application/json'): void {
  if (res.headersSent || res.destroyed) return;
  const text = contentType === 'application/json' ? JSON.stringify(body) : String(body);
  res.writeHead(status, {
    'Content-Type': contentType === 'application/json' ? 'application/json' : `${contentType}; charset=utf-8`,
    'Content-Length': String(Buffer.byteLength(text)),
    'Cache-Control': 'no-cache, private',
    ...headers,
  });
  res.end(text);
}

/** The Bearer token of the request, or undefined. */
export function bearerToken(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  const m = header ? /^Bearer\s+(\S.*)$/i.exec(header.trim()) : null;
  return m?.[1]?.trim();
}
