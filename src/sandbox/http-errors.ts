// Errors a route throws to answer with something other than success. Bodies follow Laravel,
// which the real API runs on: `{"message": ...}` and, for validation, `errors` per field.

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(typeof body === 'object' && body && 'message' in body ? String(body.message) : `HTTP ${status}`);
  }
}

export type FieldErrors = Record<string, string[]>;

export const MESSAGES = {
  unauthenticated: 'Unauthenticated.',
  notFound: 'Not found.',
  malformedJson: 'Malformed JSON body.',
  invalid: 'The given data was invalid.',
  serverError: 'Server Error',
  tooManyRequests: 'Too Many Attempts.',
  serviceUnavailable: 'Service Unavailable',
} as const;

/** 404 for an id that does not exist, e.g. `notFound('Product')` → "Product not found." */
export function notFound(entity: string): HttpError {
  return new HttpError(404, { message: `${entity} not found.` });
}

/** 422 with Laravel's validation envelope. */
export function invalid(errors: FieldErrors): HttpError {
  return new HttpError(422, { message: MESSAGES.invalid, errors });
}

/** 422 for a single field. */
export function invalidField(field: string, message: string): HttpError {
  return invalid({ [field]: [message] });
}

/** Laravel's wording for a wrong method on a known path. */
export function methodNotAllowed(method: string, allowed: string[]): HttpError {
  return new HttpError(
    405,
    { message: `The ${method} method is not supported for this route. Supported methods: ${allowed.join(', ')}.` },
    { Allow: allowed.join(', ') },
  );
}
