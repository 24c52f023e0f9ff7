// HTTP failures become domain errors here, so nothing above the client reads status codes.

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export type NetworkFailure = 'dns' | 'refused' | 'tls' | 'reset' | 'other';

interface CallContext {
  method: HttpMethod;
  path: string;
}

export abstract class JasperApiError extends Error {
  abstract readonly kind: string;
  readonly method: HttpMethod;
  readonly path: string;
  readonly status: number | undefined;

  constructor(message: string, context: CallContext, status?: number) {
    super(message);
    this.method = context.method;
    this.path = context.path;
    this.status = status;
  }

  /** Worth retrying: the same call may succeed later. */
  get temporary(): boolean {
    return false;
  }

  /** A write that failed this way may still have been applied by the server. */
  get outcomeUnknown(): boolean {
    return false;
  }
}

/** 401: the key is missing, revoked or wrong. */
export class AuthenticationError extends JasperApiError {
  readonly kind = 'authentication';
  override name = 'AuthenticationError';
}

/** 403: the key works but may not do this. */
export class ForbiddenError extends JasperApiError {
  readonly kind = 'forbidden';
  override name = 'ForbiddenError';
}

/** 404: no such resource (or, at the root, the URL is not the API root). */
export class NotFoundError extends JasperApiError {
  readonly kind = 'not-found';
  override name = 'NotFoundError';
}

/** 400/405/409/422: the server refused the data; its message says why. Not retried. */
export class ValidationError extends JasperApiError {
  readonly kind = 'validation';
  override name = 'ValidationError';
  constructor(
    message: string,
    context: CallContext,
    status: number,
    readonly fieldErrors: Record<string, string[]> = {},
  ) {
    super(message, context, status);
  }
}

/** 429: slow down; Retry-After when the server gave one. The call was not applied. */
export class RateLimitedError extends JasperApiError {
  readonly kind = 'rate-limited';
  override name = 'RateLimitedError';
  constructor(
    message: string,
    context: CallContext,
    readonly retryAfterMs: number | undefined,
  ) {
    super(message, context, 429);
  }
  override get temporary(): boolean {
    return true;
  }
}

/** Worth retrying, but a write that failed this way may already have been applied. */
abstract class UncertainOutcomeError extends JasperApiError {
  override get temporary(): boolean {
    return true;
  }
  override get outcomeUnknown(): boolean {
    return this.method !== 'GET';
  }
}

/** 5xx: the server failed; a write may or may not have been applied. */
export class ServerError extends UncertainOutcomeError {
  readonly kind = 'server';
  override name = 'ServerError';
}

/** No answer within the per-call timeout. */
export class TimeoutError extends UncertainOutcomeError {
  readonly kind = 'timeout';
  override name = 'TimeoutError';
}

/** The connection failed: DNS, refused, TLS, reset. */
export class NetworkError extends JasperApiError {
  readonly kind = 'network';
  override name = 'NetworkError';
  constructor(
    message: string,
    context: CallContext,
    readonly failure: NetworkFailure,
    readonly code: string | undefined,
  ) {
    super(message, context);
  }
  override get temporary(): boolean {
    return this.failure !== 'tls';
  }
  /** Refused or unresolved connections never reached the server; a reset one might have. */
  override get outcomeUnknown(): boolean {
    return this.method !== 'GET' && (this.failure === 'reset' || this.failure === 'other');
  }
}

/** A 2xx answer we cannot read (not JSON, or missing the expected envelope). */
export class BadResponseError extends JasperApiError {
  readonly kind = 'bad-response';
  override name = 'BadResponseError';
}

export function isJasperApiError(error: unknown): error is JasperApiError {
  return error instanceof JasperApiError;
}

/** 401/403: stop the whole run, it will not fix itself. */
export function isAuthFailure(error: unknown): boolean {
  return error instanceof AuthenticationError || error instanceof ForbiddenError;
}
