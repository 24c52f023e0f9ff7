// What stands in for commercetools in tests: @labdigital/commercetools-mock's app listening on
// 127.0.0.1 (never the mock's own runServer helper, which listens on every interface), and in front of it a small
// gateway doing what the mock does not: the auth server's checks (client ID and secret, scopes,
// the project key) and injected faults (429s, 503s, tokens refused mid-run). Every request the
// CLI makes goes through the gateway, which records it.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { CommercetoolsMock } from '@labdigital/commercetools-mock';

export interface GatewayFaults {
  /** Every n-th API request is answered 429 (with Retry-After: 0). */
  every429?: number;
  /** Every n-th API request is answered 503. */
  every503?: number;
  /** A token is refused (401 invalid_token) after this many API requests: it "expired". */
  tokenUses?: number;
  /** Added before every API answer, so requests in flight overlap. */
  latencyMs?: number;
}

export interface GatewayRequest {
  method: string;
  url: string;
  status: number;
}

export interface CommercetoolsServer {
  mock: CommercetoolsMock;
  /** The mock itself, for loading data through its API without auth. */
  mockUrl: string;
  /** The gateway: what the CLI is pointed at, for the API and for auth. */
  url: string;
  projectKey: string;
  clientId: string;
  clientSecret: string;
  /** CTP_* for the CLI. */
  env: Record<string, string>;
  requests: GatewayRequest[];
  faults: GatewayFaults;
  /** Tokens handed out so far. */
  tokensIssued(): number;
  /** Most API requests in flight at once since the start or the last reset. */
  maxInFlight(): number;
  resetMaxInFlight(): void;
  close(): Promise<void>;
}

const READ_SCOPES = ['view_products', 'view_project_settings'];

export async function startCommercetools(
  options: { projectKey?: string; scopes?: string[]; faults?: GatewayFaults; clientSecret?: string } = {},
): Promise<CommercetoolsServer> {
  const projectKey = options.projectKey ?? 'sunrise';
  const granted = options.scopes ?? READ_SCOPES.map((scope) => `${scope}:${projectKey}`);
  const clientId = 'jp-test-client-id';
  const clientSecret = options.clientSecret ?? `ct-secret-${randomBytes(12).toString('hex')}`;
  const mock = new CommercetoolsMock({ enableAuthentication: false, validateCredentials: false, defaultProjectKey: projectKey, silent: true });
  await mock.app.listen({ port: 0, host: '127.0.0.1' });
  const mockUrl = `http://127.0.0.1:${(mock.app.server.address() as AddressInfo).port}`;

  const tokens = new Map<string, { scopes: string[]; uses: number }>();
  let apiRequests = 0;
  let issued = 0;
  let inFlight = 0;
  let mostInFlight = 0;
  const requests: GatewayRequest[] = [];
  const server: CommercetoolsServer = {
    mock,
    mockUrl,
    url: '',
    projectKey,
    clientId,
    clientSecret,
    env: {},
    requests,
    faults: options.faults ?? {},
    tokensIssued: () => issued,
    maxInFlight: () => mostInFlight,
    resetMaxInFlight: () => {
      mostInFlight = 0;
    },
    close: async () => {
      await new Promise<void>((resolve) => gateway.close(() => resolve()));
      await mock.app.close();
    },
  };

  const answer = (response: http.ServerResponse, request: http.IncomingMessage, status: number, body: unknown, headers: Record<string, string> = {}) => {
    requests.push({ method: request.method ?? 'GET', url: request.url ?? '', status });
    response.writeHead(status, { 'content-type': 'application/json', ...headers });
    response.end(JSON.stringify(body));
  };
  const error = (status: number, code: string, message: string) => ({
    statusCode: status,
    message,
    errors: [{ code, message }],
    error: code,
    error_description: message,
  });

  const gateway = http.createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://gateway');
      if (url.pathname === '/oauth/token') {
        const [id, secret] = Buffer.from((request.headers.authorization ?? '').replace(/^Basic /, ''), 'base64')
          .toString('utf8')
          .split(':');
        if (id !== clientId || secret !== clientSecret)
          return answer(response, request, 401, error(401, 'invalid_client', 'Please provide valid client credentials using HTTP Basic Authentication.'));
        const body = new URLSearchParams(await readBody(request));
        const asked = (url.searchParams.get('scope') ?? body.get('scope') ?? '').split(' ').filter((scope) => scope !== '');
        const refused = asked.filter((scope) => !granted.includes(scope));
        if (refused.length > 0) return answer(response, request, 400, error(400, 'invalid_scope', `Invalid scopes: ${refused.join(', ')}`));
        const scopes = asked.length > 0 ? asked : granted;
        const token = randomBytes(16).toString('hex');
        tokens.set(token, { scopes, uses: 0 });
        issued++;
        return answer(response, request, 200, { access_token: token, token_type: 'Bearer', expires_in: 172800, scope: scopes.join(' ') });
      }
      const token = tokens.get((request.headers.authorization ?? '').replace(/^Bearer /, ''));
      if (!token) return answer(response, request, 401, error(401, 'invalid_token', 'invalid_token'));
      const [key, resource] = url.pathname.split('/').filter((part) => part !== '');
      if (key !== projectKey) return answer(response, request, 404, error(404, 'ResourceNotFound', `The Project with key '${key}' was not found.`));
      const needed =
        resource === undefined ? ['view_project_settings', 'view_products', 'manage_project'] : ['view_products', 'manage_products', 'manage_project'];
      if (!token.scopes.some((scope) => needed.includes(scope.split(':')[0]!))) {
        return answer(response, request, 403, error(403, 'insufficient_scope', `Insufficient scope. One of the following scopes is missing: ${needed[0]}`));
      }
      const faults = server.faults;
      if (faults.tokenUses !== undefined && token.uses >= faults.tokenUses) {
        tokens.delete((request.headers.authorization ?? '').replace(/^Bearer /, ''));
        return answer(response, request, 401, error(401, 'invalid_token', 'The access token expired.'));
      }
      token.uses++;
      apiRequests++;
      inFlight++;
      mostInFlight = Math.max(mostInFlight, inFlight);
      try {
        if (faults.latencyMs) await new Promise((resolve) => setTimeout(resolve, faults.latencyMs));
        await forward(faults, url, apiRequests);
      } finally {
        inFlight--;
      }
    })().catch((failure: unknown) => {
      response.writeHead(500);
      response.end(String(failure));
    });

    async function forward(faults: GatewayFaults, url: URL, count: number): Promise<void> {
      if (faults.every429 && count % faults.every429 === 0)
        return answer(response, request, 429, error(429, 'TooManyRequests', 'slow down'), { 'retry-after': '0' });
      if (faults.every503 && count % faults.every503 === 0) return answer(response, request, 503, error(503, 'ServiceUnavailable', 'try later'));
      const forwarded = await fetch(mockRequestUrl(mockUrl, url), { method: request.method ?? 'GET', headers: { 'content-type': 'application/json' } });
      const text = sortedPage(url, await forwarded.text());
      requests.push({ method: request.method ?? 'GET', url: request.url ?? '', status: forwarded.status });
      response.writeHead(forwarded.status, { 'content-type': 'application/json' });
      response.end(text);
    }
  });
  await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
  server.url = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`;
  server.env = {
    CTP_API_URL: `${server.url}/${projectKey}`,
    CTP_AUTH_URL: server.url,
    CTP_CLIENT_ID: clientId,
    CTP_CLIENT_SECRET: clientSecret,
    CTP_SCOPES: granted.join(' '),
  };
  return server;
}

// The mock sorts only product projections; its other query endpoints ignore `sort`. commercetools
// sorts them all, and walking pages by id needs it: the gateway asks the mock for every match and
// sorts and cuts the page itself.
function mockRequestUrl(mockUrl: string, url: URL): string {
  const target = new URL(`${mockUrl}${url.pathname}${url.search}`);
  if (url.searchParams.has('sort') && !url.pathname.endsWith('/product-projections')) target.searchParams.set('limit', '1000000');
  // The mock reads any `staged` value, "false" too, as true (the staged data of every product,
  // published or not); commercetools reads false as the current, published projections.
  if (target.searchParams.get('staged') === 'false') target.searchParams.delete('staged');
  return target.toString();
}

function sortedPage(url: URL, text: string): string {
  const sort = url.searchParams.get('sort');
  if (!sort || url.pathname.endsWith('/product-projections')) return text;
  const page = JSON.parse(text) as { results?: { id: string }[] };
  if (!page.results) return text;
  const [field, direction] = sort.trim().split(/\s+/);
  if (field !== 'id') throw new Error(`the test gateway sorts by id only, not ${sort}`);
  const limit = Number(url.searchParams.get('limit') ?? 20);
  const results = [...page.results].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) * (direction === 'desc' ? -1 : 1)).slice(0, limit);
  return JSON.stringify({ ...page, limit, count: results.length, results });
}

function readBody(request: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (text += chunk));
    request.on('end', () => resolve(text));
    request.on('error', reject);
  });
}
