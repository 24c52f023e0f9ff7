// Every error becomes an exit code and a hint here, and only here.
import { ConfigError, InputError, InterruptedError, LockedError, SourceError, UsageError } from '../errors.js';
import { AuthenticationError, BadResponseError, ForbiddenError, JasperApiError, NetworkError, NotFoundError, ValidationError } from '../jasper/errors.js';

export const EXIT_OK = 0;
export const EXIT_ROWS_FAILED = 1;
export const EXIT_USAGE = 2;
export const EXIT_CONFIG = 3;
export const EXIT_TEMPORARY = 75;
export const EXIT_INTERRUPTED = 130;

export interface ExitReport {
  code: number;
  message: string;
  hint?: string;
  details?: string[];
}

export function reportForError(error: unknown): ExitReport {
  if (error instanceof UsageError) return { code: EXIT_USAGE, message: error.message };
  if (error instanceof InputError) return { code: EXIT_USAGE, message: error.message, details: error.details };
  if (error instanceof ConfigError) return { code: EXIT_CONFIG, message: error.message, ...(error.hint ? { hint: error.hint } : {}) };
  if (error instanceof LockedError) return { code: EXIT_TEMPORARY, message: error.message, hint: 'Try again later, or pass --wait.' };
  if (error instanceof InterruptedError) return { code: EXIT_INTERRUPTED, message: error.message };
  if (error instanceof JasperApiError) return reportForApiError(error);
  if (error instanceof SourceError) return { code: error.lasting ? EXIT_CONFIG : EXIT_TEMPORARY, message: error.message, hint: error.hint };
  const message = error instanceof Error ? error.message : String(error);
  return { code: 1, message: `unexpected error: ${message}` };
}

export function reportForApiError(error: JasperApiError): ExitReport {
  if (error instanceof AuthenticationError) {
    return {
      code: EXIT_CONFIG,
      message: 'Jasper refused the API key (401): it is missing, revoked or wrong.',
      hint: 'Generate a key in Jasper under Settings > API Key, then run `jasper-push rotate-key`.',
    };
  }
  if (error instanceof ForbiddenError) {
    return {
      code: EXIT_CONFIG,
      message: "Jasper accepted the key but refused the call (403): the key's user lacks permission.",
      hint: 'Use a key of an API user allowed to manage products (Settings > API Key).',
    };
  }
  // /ping answers 200 with {"time"} at the API root; a 404, a 405 or an HTML page means another URL.
  if (error.path === 'ping' && (error instanceof NotFoundError || error instanceof ValidationError || error instanceof BadResponseError)) {
    const answer = error instanceof BadResponseError ? 'something that is not the Jasper API' : String(error.status);
    return {
      code: EXIT_CONFIG,
      message: `The URL answered ${answer} for /ping: it is not the Jasper API root.`,
      hint: 'The API URL must end with /api/v1, e.g. https://acme.pim.jasperpim.com/api/v1',
    };
  }
  if (error instanceof NetworkError) {
    switch (error.failure) {
      case 'dns':
        return { code: EXIT_TEMPORARY, message: `The tenant host could not be found (${error.code}).`, hint: "Check the API URL's host name, and your DNS." };
      case 'refused':
        return {
          code: EXIT_TEMPORARY,
          message: `The connection was refused (${error.code}).`,
          hint: 'Check the API URL (host and port); the tenant may be down.',
        };
      case 'tls':
        return {
          code: EXIT_CONFIG,
          message: `The TLS handshake failed (${error.code}).`,
          hint: 'The certificate does not match the host: check the API URL, or a proxy intercepting HTTPS.',
        };
      default:
        return { code: EXIT_TEMPORARY, message: `The connection failed (${error.code ?? 'network error'}).`, hint: 'Try again later.' };
    }
  }
  if (error instanceof ValidationError) return { code: 1, message: `Jasper refused the data: ${error.message}` };
  if (error.temporary) {
    const what =
      error.kind === 'timeout'
        ? 'did not answer in time'
        : error.kind === 'rate-limited'
          ? 'kept answering 429 (rate limited)'
          : 'answered with a server error';
    return { code: EXIT_TEMPORARY, message: `The tenant ${what}: ${error.message}`, hint: 'Try again later; a push can continue with --resume.' };
  }
  return { code: EXIT_CONFIG, message: error.message };
}
