// commercetools connection settings, with commercetools' own names (SPEC §11): the CTP_* variables
// its own tools read, else the profile's ct-* keys. The API URL may carry the project key as its
// path (what the Merchant Center and iPaaS.com show) or leave it to CTP_PROJECT_KEY.
import { isLoopbackHost } from '../../config/api-url.js';
import type { Profile } from '../../config/profiles.js';
import { ConfigError, UsageError } from '../../errors.js';
import type { SourceEnvironment } from '../source-options.js';

export interface CommercetoolsSettings {
  /** The API host's origin, e.g. https://api.europe-west1.gcp.commercetools.com (no path). */
  apiUrl: string;
  /** The auth host's origin, e.g. https://auth.europe-west1.gcp.commercetools.com. */
  authUrl: string;
  projectKey: string;
  clientId: string;
  clientSecret: string;
  /** Empty: the token gets every scope the API client has. */
  scopes: string[];
}

/** The settings a command has before it has a secret (rotate-key asks for one). */
export type CommercetoolsTarget = Omit<CommercetoolsSettings, 'clientSecret'> & { clientSecret: string | undefined };

const PROJECT_KEY = /^[a-z0-9_-]{2,36}$/i;
/** api.<region>.commercetools.com → auth.<region>.commercetools.com (every documented region). */
const API_HOST = /^api\.(.+\.commercetools\.com)$/i;

interface Source {
  env: string;
  profileKey: keyof Profile;
}

const SOURCES = {
  apiUrl: { env: 'CTP_API_URL', profileKey: 'ct-api-url' },
  authUrl: { env: 'CTP_AUTH_URL', profileKey: 'ct-auth-url' },
  projectKey: { env: 'CTP_PROJECT_KEY', profileKey: 'ct-project-key' },
  clientId: { env: 'CTP_CLIENT_ID', profileKey: 'ct-client-id' },
  clientSecret: { env: 'CTP_CLIENT_SECRET', profileKey: 'ct-client-secret' },
  scopes: { env: 'CTP_SCOPES', profileKey: 'ct-scopes' },
} as const satisfies Record<string, Source>;

/** Environment over profile; the client secret may be missing (rotate-key reads it). */
export function resolveCommercetoolsTarget(env: NodeJS.ProcessEnv, profile: Profile, options: { allowHttp?: boolean } = {}): CommercetoolsTarget {
  const pick = (source: Source) => {
    const fromEnv = env[source.env]?.trim();
    return fromEnv ? fromEnv : profile[source.profileKey]?.trim() || undefined;
  };
  const rawApiUrl = pick(SOURCES.apiUrl);
  if (!rawApiUrl) {
    throw new ConfigError(
      'No commercetools API URL.',
      "Set it from your API client's details in the Merchant Center: `jasper-push config set ct-api-url https://api.<region>.commercetools.com/<project-key>` (or CTP_API_URL).",
    );
  }
  const allowHttp = Boolean(options.allowHttp);
  const api = parseCommercetoolsUrl(rawApiUrl, 'API URL', allowHttp);
  const givenKey = pick(SOURCES.projectKey);
  if (givenKey && api.path && givenKey !== api.path) {
    throw new ConfigError(
      `The commercetools API URL names project "${api.path}" but the project key is "${givenKey}".`,
      "Give the project key once: in the API URL's path or as ct-project-key / CTP_PROJECT_KEY.",
    );
  }
  const projectKey = givenKey ?? api.path;
  if (!projectKey) {
    throw new ConfigError(
      'No commercetools project key.',
      'Add it to the API URL (`https://api.<region>.commercetools.com/<project-key>`) or set ct-project-key / CTP_PROJECT_KEY.',
    );
  }
  if (!PROJECT_KEY.test(projectKey))
    throw new ConfigError(`"${projectKey}" is not a commercetools project key.`, 'Copy it from the Merchant Center (Settings > Project settings).');
  const rawAuthUrl = pick(SOURCES.authUrl);
  const authUrl = rawAuthUrl ? parseCommercetoolsUrl(rawAuthUrl, 'auth URL', allowHttp).origin : deriveAuthUrl(api.origin);
  const clientId = pick(SOURCES.clientId);
  if (!clientId) {
    throw new ConfigError(
      'No commercetools client ID.',
      'Create an API client in the Merchant Center (Settings > Developer settings), then `jasper-push config set ct-client-id <id>` (or CTP_CLIENT_ID).',
    );
  }
  const scopes = (pick(SOURCES.scopes) ?? '').split(/[\s,]+/).filter((scope) => scope !== '');
  return { apiUrl: api.origin, authUrl, projectKey, clientId, clientSecret: pick(SOURCES.clientSecret), scopes };
}

export function resolveCommercetoolsSettings(env: NodeJS.ProcessEnv, profile: Profile, options: { allowHttp?: boolean } = {}): CommercetoolsSettings {
  const target = resolveCommercetoolsTarget(env, profile, options);
  if (!target.clientSecret) {
    throw new ConfigError(
      'No commercetools client secret.',
      'Store it with `jasper-push rotate-key --commercetools` (hidden prompt, or --stdin), or set CTP_CLIENT_SECRET.',
    );
  }
  return { ...target, clientSecret: target.clientSecret };
}

/** The settings from the command's environment and profile; the secret is never printed from then on. */
export function commercetoolsSettings(environment: Pick<SourceEnvironment, 'env' | 'profile' | 'allowHttp' | 'secret'>): CommercetoolsSettings {
  const settings = resolveCommercetoolsSettings(environment.env, environment.profile(), { allowHttp: environment.allowHttp });
  environment.secret(settings.clientSecret);
  return settings;
}

/** The auth host for an API host: same region; any other host (a proxy, a local mock) serves both. */
export function deriveAuthUrl(apiOrigin: string): string {
  const url = new URL(apiOrigin);
  const match = API_HOST.exec(url.hostname);
  if (match) url.hostname = `auth.${match[1]}`;
  return url.origin;
}

function parseCommercetoolsUrl(input: string, what: string, allowHttp: boolean): { origin: string; path: string | undefined } {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(input) ? input : `https://${input}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new ConfigError(
      `The commercetools ${what} "${input}" is not a valid URL.`,
      'It looks like https://api.europe-west1.gcp.commercetools.com/<project-key>.',
    );
  }
  if (url.username !== '' || url.password !== '') {
    throw new ConfigError(
      `The commercetools ${what} contains a user name or password.`,
      'Remove the "user:password@" part; the client secret is set with `jasper-push rotate-key --commercetools`.',
    );
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && (isLoopbackHost(url.hostname) || allowHttp))) {
    throw new ConfigError(
      `Refusing ${url.protocol}// to ${url.hostname} for the commercetools ${what}: the client secret and token would travel unencrypted.`,
      'Use https://.',
    );
  }
  const segments = url.pathname.split('/').filter((segment) => segment !== '');
  return { origin: url.origin, path: segments[0] };
}

/** `config set ct-…` checks a value as the commands will read it. */
export function validateCommercetoolsValue(
  key: 'ct-api-url' | 'ct-auth-url' | 'ct-project-key' | 'ct-client-id' | 'ct-scopes',
  value: string,
  allowHttp: boolean,
): string {
  switch (key) {
    case 'ct-api-url':
    case 'ct-auth-url': {
      const parsed = parseCommercetoolsUrl(value, key === 'ct-api-url' ? 'API URL' : 'auth URL', allowHttp);
      if (key === 'ct-api-url' && parsed.path && !PROJECT_KEY.test(parsed.path))
        throw new UsageError(`"${parsed.path}" in ${value} is not a commercetools project key.`);
      return key === 'ct-api-url' && parsed.path ? `${parsed.origin}/${parsed.path}` : parsed.origin;
    }
    case 'ct-project-key':
      if (!PROJECT_KEY.test(value)) throw new UsageError(`"${value}" is not a commercetools project key (letters, digits, - and _).`);
      return value;
    case 'ct-client-id':
      if (!/^[\x21-\x7e]+$/.test(value)) throw new UsageError('The client ID contains spaces or characters that are not plain ASCII.');
      return value;
    case 'ct-scopes':
      return value
        .split(/[\s,]+/)
        .filter((scope) => scope !== '')
        .join(' ');
  }
}
