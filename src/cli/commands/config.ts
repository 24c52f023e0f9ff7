// jasper-push config set|get|unset|list|use: profiles, one per tenant. Keys are never shown.
import { normaliseApiUrl } from '../../config/api-url.js';
import { assertProfileKey, DEFAULT_PROFILE, type Profile, type ProfileKey } from '../../config/profiles.js';
import { MAX_CONCURRENCY } from '../../config/settings.js';
import { UsageError } from '../../errors.js';
import { validateCommercetoolsValue } from '../../sources/commercetools/settings.js';
import { maskKey } from '../../jasper/redact.js';
import type { CommandContext } from '../context.js';
import { EXIT_OK } from '../exit-codes.js';
import { readSecret } from '../ui/secret-input.js';

export interface ConfigSetOptions {
  stdin?: boolean;
}

/** --profile > JASPER_PROFILE > the current profile; an empty value counts as unset, as in settings. */
function targetProfile(context: CommandContext): string {
  return context.flags.profile || context.env.JASPER_PROFILE || context.store.currentName;
}

export async function runConfigSet(context: CommandContext, rawKey: string, rawValue: string | undefined, options: ConfigSetOptions): Promise<number> {
  const key = assertProfileKey(rawKey);
  const profile = targetProfile(context);
  let value: string;
  if (isSecretKey(key)) {
    if (rawValue !== undefined) {
      context.term.addSecret(rawValue);
      const rotate = key === 'api-key' ? 'rotate-key' : 'rotate-key --commercetools';
      context.term.warn(`A secret given as an argument lands in your shell history; \`jasper-push ${rotate}\` checks it and prompts for it hidden.`);
      value = rawValue.trim();
      if (value === '') throw new UsageError('No key was given.');
      if (/\s/.test(value)) throw new UsageError('The key contains white space; paste only the key.');
      if (!/^[\x21-\x7e]+$/.test(value)) throw new UsageError('The key contains characters that are not plain ASCII; paste only the key.');
    } else {
      value = await readSecret(context.term.streams, key === 'api-key' ? 'API key: ' : 'commercetools client secret: ', Boolean(options.stdin));
    }
    context.term.addSecret(value);
  } else {
    if (rawValue === undefined) throw new UsageError(`config set ${key} needs a value.`);
    value = validateValue(key, rawValue, Boolean(context.flags.allowHttp));
  }
  const allowHttp = key === 'api-url' && value.startsWith('http://') && context.flags.allowHttp;
  await context.store.update(profile, { [key]: value, ...(allowHttp ? { 'allow-http': 'true' } : {}) });
  const shown = isSecretKey(key) ? maskKey(value) : value;
  if (context.term.json) context.term.resultJson({ profile, key, value: shown });
  else context.term.result(`${profile}: ${key} = ${shown}`);
  return EXIT_OK;
}

export function runConfigGet(context: CommandContext, rawKey: string): number {
  const key = assertProfileKey(rawKey);
  const profile = targetProfile(context);
  const value = context.store.get(profile)[key];
  const shown = value === undefined ? null : isSecretKey(key) ? maskKey(value) : value;
  if (context.term.json) context.term.resultJson({ profile, key, value: shown });
  else context.term.result(shown ?? '');
  return value === undefined ? 1 : EXIT_OK;
}

export async function runConfigUnset(context: CommandContext, rawKey: string): Promise<number> {
  const key = assertProfileKey(rawKey);
  const profile = targetProfile(context);
  await context.store.unset(profile, key);
  if (context.term.json) context.term.resultJson({ profile, key, value: null });
  else context.term.result(`${profile}: ${key} unset`);
  return EXIT_OK;
}

export function runConfigList(context: CommandContext): number {
  const { store, term } = context;
  const current = store.currentName;
  const names = [...new Set([...store.names(), current])].sort();
  const profiles = names.map((name) => ({ name, current: name === current, settings: visible(store.get(name)) }));
  if (term.json) {
    term.resultJson({ configFile: store.path, current, profiles });
    return EXIT_OK;
  }
  term.result(`config file: ${store.path}`);
  for (const profile of profiles) {
    term.result(`${profile.current ? '* ' : '  '}${profile.name}`);
    for (const [key, value] of Object.entries(profile.settings)) term.result(`      ${key.padEnd(17)}${value}`);
  }
  return EXIT_OK;
}

/** Only a profile that exists (a typo must not select an empty one); `config set … --profile <name>` creates one. */
export async function runConfigUse(context: CommandContext, name: string): Promise<number> {
  const { store } = context;
  if (!store.exists(name) && name !== DEFAULT_PROFILE) {
    const names = store.names().sort();
    const existing = names.length > 0 ? `The profiles are: ${names.join(', ')}.` : 'There are no profiles yet.';
    throw new UsageError(`No profile "${name}". ${existing} Create one with \`jasper-push config set api-url <url> --profile ${name}\`.`);
  }
  await store.use(name);
  if (context.term.json) context.term.resultJson({ current: name });
  else context.term.result(`Now using profile "${name}".`);
  return EXIT_OK;
}

function visible(profile: Profile): Profile {
  const shown: Profile = { ...profile };
  if (shown['api-key'] !== undefined) shown['api-key'] = maskKey(shown['api-key']);
  if (shown['ct-client-secret'] !== undefined) shown['ct-client-secret'] = maskKey(shown['ct-client-secret']);
  return shown;
}

/** The Jasper key and the commercetools client secret: prompted hidden, never shown. */
type SecretKey = 'api-key' | 'ct-client-secret';
function isSecretKey(key: ProfileKey): key is SecretKey {
  return key === 'api-key' || key === 'ct-client-secret';
}

function validateValue(key: Exclude<ProfileKey, SecretKey>, raw: string, allowHttp: boolean): string {
  const value = raw.trim();
  const positive = (integer: boolean, max?: number) => {
    const number = Number(value);
    const ok = Number.isFinite(number) && number > 0 && (!integer || Number.isInteger(number)) && (max === undefined || number <= max);
    if (!ok) throw new UsageError(`${key} must be a ${integer ? 'whole number' : 'number'} above 0${max ? ` and at most ${max}` : ''}; got "${raw}".`);
    return String(number);
  };
  switch (key) {
    case 'api-url':
      return normaliseApiUrl(value, { allowHttp });
    case 'throttle-limit':
      return positive(true);
    case 'concurrency':
      return positive(true, MAX_CONCURRENCY);
    case 'throttle-seconds':
    case 'timeout':
      return positive(false);
    case 'price-base':
      if (!/^[A-Za-z0-9_-]+$/.test(value)) throw new UsageError(`price-base must be a code like US or CA; got "${raw}".`);
      return value;
    case 'allow-http':
      if (value !== 'true' && value !== 'false') throw new UsageError(`allow-http must be true or false; got "${raw}".`);
      return value;
    case 'ct-api-url':
    case 'ct-auth-url':
    case 'ct-project-key':
    case 'ct-client-id':
    case 'ct-scopes':
      return validateCommercetoolsValue(key, value, allowHttp);
  }
}
