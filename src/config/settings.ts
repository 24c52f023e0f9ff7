// Settings resolve as flag > environment > profile > default, and remember where each came from.
import { ConfigError, UsageError } from '../errors.js';
import { normaliseApiUrl } from './api-url.js';
import { DEFAULT_PROFILE, type ProfileKey, type ProfileStore } from './profiles.js';

export const DEFAULT_THROTTLE_LIMIT = 500;
export const DEFAULT_THROTTLE_SECONDS = 60;
export const DEFAULT_CONCURRENCY = 10;
export const MAX_CONCURRENCY = 10;
export const DEFAULT_TIMEOUT_SECONDS = 30;
export const DEFAULT_PRICE_BASE = 'US';

export type SettingSource = 'flag' | 'env' | 'profile' | 'default';

export interface Setting<T> {
  value: T;
  source: SettingSource;
}

export interface SettingFlags {
  profile?: string;
  apiUrl?: string;
  apiKey?: string;
  throttleLimit?: string;
  throttleSeconds?: string;
  concurrency?: string;
  timeout?: string;
  priceBase?: string;
  allowHttp?: boolean;
}

export interface Settings {
  profile: Setting<string>;
  apiUrl: Setting<string> | undefined;
  apiKey: Setting<string> | undefined;
  throttleLimit: Setting<number>;
  throttleSeconds: Setting<number>;
  concurrency: Setting<number>;
  timeoutSeconds: Setting<number>;
  priceBase: Setting<string>;
}

export interface Connection {
  apiUrl: string;
  apiKey: string;
}

interface Layer {
  /** The environment variable's name, read from `env`. */
  env?: string;
  profileKey: ProfileKey;
}

/** A setting before validation; `origin` names the flag, variable or profile it came from. */
interface RawSetting extends Setting<string> {
  origin: string;
}

export function resolveSettings(flags: SettingFlags, env: NodeJS.ProcessEnv, store: ProfileStore): Settings {
  const profile = pickFirst([
    ['flag', flags.profile],
    ['env', env.JASPER_PROFILE],
    ['profile', store.storedCurrentName],
  ]) ?? { value: DEFAULT_PROFILE, source: 'default' as const };
  const stored = store.get(profile.value);
  const layer = (spec: Layer, flag: string | undefined): RawSetting | undefined => {
    const found = pickFirst([
      ['flag', flag],
      ['env', spec.env === undefined ? undefined : env[spec.env]],
      ['profile', stored[spec.profileKey]],
    ]);
    if (!found) return undefined;
    const origin =
      found.source === 'flag' ? `--${spec.profileKey}` : found.source === 'env' ? String(spec.env) : `profile "${profile.value}" (${spec.profileKey})`;
    return { ...found, origin };
  };

  const apiUrl = layer({ env: 'JASPER_API_URL', profileKey: 'api-url' }, flags.apiUrl);
  const apiKey = layer({ env: 'JASPER_API_KEY', profileKey: 'api-key' }, flags.apiKey);
  const priceBase = layer({ profileKey: 'price-base' }, flags.priceBase);
  return {
    profile,
    // `config set api-url http://… --allow-http` is remembered by the profile as allow-http.
    apiUrl: apiUrl && {
      value: normaliseApiUrl(apiUrl.value, { allowHttp: Boolean(flags.allowHttp) || stored['allow-http'] === 'true' }),
      source: apiUrl.source,
    },
    apiKey: apiKey && { value: apiKey.value, source: apiKey.source },
    throttleLimit: numberSetting(
      layer({ env: 'JASPER_THROTTLE_LIMIT', profileKey: 'throttle-limit' }, flags.throttleLimit),
      DEFAULT_THROTTLE_LIMIT,
      'throttle-limit',
      { integer: true, min: 1 },
    ),
    throttleSeconds: numberSetting(
      layer({ env: 'JASPER_THROTTLE_SECONDS', profileKey: 'throttle-seconds' }, flags.throttleSeconds),
      DEFAULT_THROTTLE_SECONDS,
      'throttle-seconds',
      { min: 0.001 },
    ),
    concurrency: numberSetting(layer({ env: 'JASPER_CONCURRENCY', profileKey: 'concurrency' }, flags.concurrency), DEFAULT_CONCURRENCY, 'concurrency', {
      integer: true,
      min: 1,
      max: MAX_CONCURRENCY,
    }),
    timeoutSeconds: numberSetting(layer({ profileKey: 'timeout' }, flags.timeout), DEFAULT_TIMEOUT_SECONDS, 'timeout', { min: 0.001 }),
    priceBase: priceBase ? { value: priceBase.value, source: priceBase.source } : { value: DEFAULT_PRICE_BASE, source: 'default' },
  };
}

/** The URL and key a command that talks to Jasper needs, or a ConfigError saying how to set them. */
export function requireConnection(settings: Settings): Connection {
  if (!settings.apiUrl) {
    throw new ConfigError(
      `No API URL for profile "${settings.profile.value}".`,
      'Set one with `jasper-push config set api-url https://<tenant>.pim.jasperpim.com` or JASPER_API_URL.',
    );
  }
  if (!settings.apiKey || settings.apiKey.value.trim() === '') {
    throw new ConfigError(
      `No API key for profile "${settings.profile.value}".`,
      'Generate one in Jasper under Settings > API Key, then run `jasper-push rotate-key` (or set JASPER_API_KEY).',
    );
  }
  const apiKey = settings.apiKey.value.trim();
  // An HTTP header carries visible ASCII only; say so here rather than as a confusing network error.
  if (!/^[\x21-\x7e]+$/.test(apiKey)) {
    throw new ConfigError(
      `The API key (from ${describeSource(settings.apiKey.source)}) contains spaces or characters that are not plain ASCII.`,
      'Copy the key again from Jasper under Settings > API Key; paste only the key.',
    );
  }
  return { apiUrl: settings.apiUrl.value, apiKey };
}

function describeSource(source: SettingSource): string {
  return source === 'flag' ? '--api-key' : source === 'env' ? 'JASPER_API_KEY' : source === 'profile' ? 'the profile' : 'the default';
}

function pickFirst(candidates: [SettingSource, string | undefined][]): Setting<string> | undefined {
  for (const [source, value] of candidates) {
    if (value !== undefined && value !== '') return { value, source };
  }
  return undefined;
}

interface NumberRule {
  integer?: boolean;
  min?: number;
  max?: number;
}

function numberSetting(raw: RawSetting | undefined, fallback: number, name: string, rule: NumberRule): Setting<number> {
  if (!raw) return { value: fallback, source: 'default' };
  const value = Number(raw.value);
  const range = rule.max !== undefined ? ` between ${rule.min} and ${rule.max}` : ` of at least ${rule.min}`;
  if (
    !Number.isFinite(value) ||
    (rule.integer && !Number.isInteger(value)) ||
    (rule.min !== undefined && value < rule.min) ||
    (rule.max !== undefined && value > rule.max)
  ) {
    throw new UsageError(`${name} must be a ${rule.integer ? 'whole number' : 'number'}${range}; got "${raw.value}" from ${raw.origin}.`);
  }
  return { value, source: raw.source };
}
