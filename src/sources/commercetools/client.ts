// The commercetools HTTP API through its official SDK: @commercetools/ts-client (client-credentials
// token, renewed when it expires or is refused; 429/5xx retried with backoff; a queue holding at
// most --source-concurrency requests in flight) and @commercetools/platform-sdk's typed requests.
// Reads walk a resource in pages by id, never by offset (offsets are capped at 10,000 and slow).
import { type ApiRoot, createApiBuilderFromCtpClient, type Project } from '@commercetools/platform-sdk';
import { ClientBuilder } from '@commercetools/ts-client';
import { deferFetchParserTierUp } from '../../fetch-parser.js';
import type { SourceEnvironment } from '../source-options.js';
import { toCommercetoolsError } from './errors.js';
import { DEFAULT_SOURCE_CONCURRENCY, MAX_SOURCE_CONCURRENCY } from './read-flags.js';
import type { CommercetoolsSettings } from './settings.js';

/** commercetools' largest page. */
export const MAX_PAGE_SIZE = 500;
const DEFAULT_MAX_RETRIES = 5;
const RETRY_DELAY_MS = 250;
const MAX_RETRY_DELAY_MS = 15_000;
const REQUEST_TIMEOUT_MS = 30_000;
const RETRIED_STATUSES = [429, 500, 502, 503, 504];

export type Resource = 'categories' | 'productTypes' | 'channels' | 'inventory' | 'productProjections';

type QueryArgs = {
  sort: string[];
  limit: number;
  withTotal: boolean;
  where?: string;
};

export interface PageQuery {
  /** Predicates joined with `and`. */
  where?: string[];
  limit?: number;
  staged?: boolean;
}

export interface ClientOptions {
  concurrency?: number;
  maxRetries?: number;
  /** Replaces fetch (tests); every request, token requests too, goes through it. */
  fetch?: typeof fetch;
  /** Told of every HTTP call when it ends (--verbose); the URL has no credentials in it. */
  onCall?: (call: { method: string; url: string; status: number | undefined; ms: number }) => void;
}

/** --verbose: one line per commercetools call (the token travels in headers, never in the URL). */
export function verboseCalls(environment: Pick<SourceEnvironment, 'verbose'>): ClientOptions['onCall'] {
  return (call) => environment.verbose(`commercetools ${call.method} ${call.url} → ${call.status ?? 'no answer'} (${Math.round(call.ms)} ms)`);
}

export class CommercetoolsClient {
  private readonly api: ReturnType<ApiRoot['withProjectKey']>;
  /** HTTP requests sent, token requests and retries included. */
  calls = 0;

  constructor(
    readonly settings: CommercetoolsSettings,
    options: ClientOptions = {},
  ) {
    if (!options.fetch) deferFetchParserTierUp();
    const baseFetch = options.fetch ?? fetch;
    const counted: typeof fetch = async (input, init) => {
      this.calls++;
      const started = performance.now();
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      let status: number | undefined;
      try {
        const response = await baseFetch(input, init);
        status = response.status;
        return response;
      } finally {
        options.onCall?.({ method: init?.method ?? 'GET', url: decodeURIComponent(url), status, ms: performance.now() - started });
      }
    };
    const client = new ClientBuilder()
      .withProjectKey(settings.projectKey)
      .withClientCredentialsFlow({
        host: settings.authUrl,
        projectKey: settings.projectKey,
        credentials: { clientId: settings.clientId, clientSecret: settings.clientSecret },
        ...(settings.scopes.length > 0 ? { scopes: settings.scopes } : {}),
        httpClient: counted,
      })
      .withHttpMiddleware({
        host: settings.apiUrl,
        httpClient: counted,
        timeout: REQUEST_TIMEOUT_MS,
        enableRetry: true,
        retryConfig: {
          maxRetries: options.maxRetries ?? DEFAULT_MAX_RETRIES,
          retryDelay: RETRY_DELAY_MS,
          maxDelay: MAX_RETRY_DELAY_MS,
          backoff: true,
          retryCodes: RETRIED_STATUSES,
        },
        // Error objects keep no request headers (the token) and no request body.
        includeRequestInErrorResponse: false,
        maskSensitiveHeaderData: true,
      })
      .withQueueMiddleware({ concurrency: Math.min(Math.max(options.concurrency ?? DEFAULT_SOURCE_CONCURRENCY, 1), MAX_SOURCE_CONCURRENCY) })
      .build();
    this.api = createApiBuilderFromCtpClient(client).withProjectKey({ projectKey: settings.projectKey });
  }

  /** The project itself (a token request, then one read), and commercetools' clock when it answered. */
  async project(): Promise<{ project: Project; serverTime: Date | undefined }> {
    const response = await this.execute('reading the project', () => this.api.get().execute());
    const headers = response.headers as Record<string, unknown> | undefined;
    const date: unknown = [headers?.['date']].flat()[0];
    const serverTime = typeof date === 'string' ? new Date(date) : undefined;
    return { project: response.body, serverTime: serverTime && !Number.isNaN(serverTime.getTime()) ? serverTime : undefined };
  }

  /** One product read (the first page of one): proves the token may read products. */
  async probeProducts(staged = false): Promise<void> {
    const pages = this.pages('productProjections', { limit: 1, staged });
    try {
      await pages.next();
    } finally {
      await pages.return(undefined);
    }
  }

  /** Every element of a resource matching `where`, in pages ordered by id. */
  async *pages<T extends { id: string }>(resource: Resource, query: PageQuery = {}): AsyncGenerator<T[]> {
    const limit = Math.min(query.limit ?? MAX_PAGE_SIZE, MAX_PAGE_SIZE);
    let after: string | undefined;
    for (;;) {
      const where = [...(query.where ?? []), ...(after === undefined ? [] : [`id > "${after}"`])];
      const queryArgs: QueryArgs = {
        sort: ['id asc'],
        limit,
        withTotal: false,
        ...(where.length > 0 ? { where: where.join(' and ') } : {}),
      };
      const results = (await this.execute(`reading ${describe(resource)}`, () => this.request(resource, queryArgs, query.staged))) as T[];
      if (results.length > 0) yield results;
      if (results.length < limit) return;
      after = results[results.length - 1]!.id;
    }
  }

  private async request(resource: Resource, queryArgs: QueryArgs, staged: boolean | undefined): Promise<unknown[]> {
    switch (resource) {
      case 'categories':
        return (await this.api.categories().get({ queryArgs }).execute()).body.results;
      case 'productTypes':
        return (await this.api.productTypes().get({ queryArgs }).execute()).body.results;
      case 'channels':
        return (await this.api.channels().get({ queryArgs }).execute()).body.results;
      case 'inventory':
        return (await this.api.inventory().get({ queryArgs }).execute()).body.results;
      case 'productProjections':
        return (
          await this.api
            .productProjections()
            .get({ queryArgs: { ...queryArgs, staged: Boolean(staged) } })
            .execute()
        ).body.results;
    }
  }

  private async execute<T>(during: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw toCommercetoolsError(error, { ...this.settings, during });
    }
  }
}

function describe(resource: Resource): string {
  switch (resource) {
    case 'productTypes':
      return 'product types';
    case 'productProjections':
      return 'products';
    case 'inventory':
      return 'inventory entries';
    default:
      return resource;
  }
}
