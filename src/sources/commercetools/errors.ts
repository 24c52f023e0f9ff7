// commercetools failures as domain errors, each with the one remedy a partner needs. They are
// source errors: the CLI maps `lasting` to exit 3 (fix the settings) and the rest to exit 75 (try
// again later), as for Jasper (§8); `ping --commercetools` also names the failure.
import { SourceError } from '../../errors.js';

export type CommercetoolsFailure =
  | 'invalid-client' // wrong client ID or secret, or a deleted API client
  | 'scope' // the token lacks a permission the read needs
  | 'project-not-found' // the project key names no project this client can see
  | 'host' // DNS, refused connection, TLS: wrong region or host
  | 'unauthorized' // a token refused mid-run after renewal
  | 'temporary' // 429 / 5xx / timeouts after every retry
  | 'unexpected';

const LASTING: ReadonlySet<CommercetoolsFailure> = new Set(['invalid-client', 'scope', 'project-not-found', 'unauthorized', 'unexpected']);

export class CommercetoolsError extends SourceError {
  override name = 'CommercetoolsError';
  constructor(
    readonly failure: CommercetoolsFailure,
    message: string,
    hint: string,
    readonly status?: number,
  ) {
    super(message, hint, isLasting(failure, message, status));
  }
}

/** Fix the settings (exit 3) rather than try again later (exit 75). */
function isLasting(failure: CommercetoolsFailure, message: string, status: number | undefined): boolean {
  if (failure === 'host') return status === undefined && /certificate|TLS|SSL/i.test(message);
  return LASTING.has(failure);
}

interface RawSdkError {
  statusCode?: number;
  status?: number;
  code?: string;
  message?: string;
  body?: { message?: string; errors?: { code?: string; message?: string }[]; error?: string };
  cause?: { code?: string; message?: string; errors?: { code?: string }[] };
}

/** What the SDK threw → a CommercetoolsError naming the host, the project and the remedy. */
export function toCommercetoolsError(error: unknown, where: { apiUrl: string; authUrl: string; projectKey: string; during: string }): CommercetoolsError {
  if (error instanceof CommercetoolsError) return error;
  const raw = (typeof error === 'object' && error !== null ? error : {}) as RawSdkError;
  const status = raw.statusCode ?? raw.status;
  const code = raw.code ?? raw.body?.errors?.[0]?.code ?? raw.body?.error;
  const serverMessage = raw.body?.errors?.[0]?.message ?? raw.body?.message ?? raw.message ?? String(error);
  if (!status) {
    const cause = raw.cause?.code ?? raw.cause?.errors?.[0]?.code ?? raw.cause?.message ?? 'network error';
    return new CommercetoolsError(
      'host',
      `commercetools could not be reached while ${where.during} (${cause}).`,
      `Check the region in the API URL (${where.apiUrl}) and the auth URL (${where.authUrl}): an API client works only against its own region's hosts, e.g. https://api.europe-west1.gcp.commercetools.com and https://auth.europe-west1.gcp.commercetools.com.`,
    );
  }
  if (code === 'invalid_client' || (status === 401 && /client credentials/i.test(serverMessage))) {
    return new CommercetoolsError(
      'invalid-client',
      `commercetools refused the client ID or secret (invalid_client, ${status}).`,
      'Check ct-client-id, and store the secret again with `jasper-push rotate-key --commercetools`. An API client works only in its own region (the region in ct-api-url must be the one the Merchant Center shows with the client), and a deleted client stays refused.',
      status,
    );
  }
  if (code === 'invalid_scope' || code === 'insufficient_scope' || status === 403) {
    return new CommercetoolsError(
      'scope',
      `commercetools refused ${where.during} (${code ?? status}): the API client's scopes do not allow it.`,
      `Give the API client the read-only scopes view_products:${where.projectKey}, view_categories:${where.projectKey} and view_project_settings:${where.projectKey} (Merchant Center > Settings > Developer settings), and set ct-scopes to match.`,
      status,
    );
  }
  if (status === 404 && where.during === 'reading the project') {
    return new CommercetoolsError(
      'project-not-found',
      `commercetools has no project "${where.projectKey}" for this API client (404).`,
      "Check the project key in the API URL or ct-project-key: it is the key shown in the Merchant Center, not the project's name.",
      status,
    );
  }
  if (status === 401) {
    return new CommercetoolsError(
      'unauthorized',
      `commercetools refused the token while ${where.during} (401).`,
      'Run `jasper-push ping --commercetools` to check the API client.',
      status,
    );
  }
  if (status === 429 || status >= 500) {
    return new CommercetoolsError(
      'temporary',
      `commercetools answered ${status} while ${where.during}, after every retry.`,
      'Try again later; the push can continue with --resume.',
      status,
    );
  }
  return new CommercetoolsError(
    'unexpected',
    `commercetools answered ${status} while ${where.during}: ${serverMessage}`,
    'Run `jasper-push ping --commercetools` to check the settings.',
    status,
  );
}
