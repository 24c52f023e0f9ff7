// Named profiles (one per tenant) stored with conf: one JSON file, mode 0600, written atomically.
import path from 'node:path';
import Conf from 'conf';
import { UsageError } from '../errors.js';

export const PROFILE_KEYS = [
  'api-url',
  'api-key',
  'throttle-limit',
  'throttle-seconds',
  'concurrency',
  'timeout',
  'price-base',
] as const;
export type ProfileKey = (typeof PROFILE_KEYS)[number];
export type Profile = Partial<Record<ProfileKey, string>>;

export const DEFAULT_PROFILE = 'default';
/** Overrides where profiles, the change cache and tenant locks live (tests, containers). */
export const CONFIG_DIR_ENV = 'JASPER_PUSH_CONFIG_DIR';

interface StoreShape {
  current?: string;
  profiles: Record<string, Profile>;
}

export class ProfileStore {
  private readonly conf: Conf<StoreShape>;

  constructor(configDir?: string) {
    this.conf = new Conf<StoreShape>({
      projectName: 'jasper-push',
      projectSuffix: '',
      ...(configDir ? { cwd: configDir } : {}),
      configName: 'profiles',
      configFileMode: 0o600,
      accessPropertiesByDotNotation: false,
      defaults: { profiles: {} },
    });
  }

  static open(env: NodeJS.ProcessEnv = process.env): ProfileStore {
    return new ProfileStore(env[CONFIG_DIR_ENV] || undefined);
  }

  /** The file holding the profiles (and so the keys). */
  get path(): string {
    return this.conf.path;
  }

  /** The folder beside the profiles file, for the change cache and locks. */
  get directory(): string {
    return path.dirname(this.conf.path);
  }

  get currentName(): string {
    return this.conf.get('current') ?? DEFAULT_PROFILE;
  }

  names(): string[] {
    return Object.keys(this.conf.get('profiles'));
  }

  get(name: string): Profile {
    return { ...(this.conf.get('profiles')[name] ?? {}) };
  }

  exists(name: string): boolean {
    return name in this.conf.get('profiles');
  }

  set(name: string, key: ProfileKey, value: string): void {
    assertProfileName(name);
    const profiles = this.conf.get('profiles');
    profiles[name] = { ...(profiles[name] ?? {}), [key]: value };
    this.conf.set('profiles', profiles);
  }

  unset(name: string, key: ProfileKey): void {
    const profiles = this.conf.get('profiles');
    const profile = profiles[name];
    if (!profile) return;
    delete profile[key];
    this.conf.set('profiles', profiles);
  }

  use(name: string): void {
    assertProfileName(name);
    this.conf.set('current', name);
  }
}

export function assertProfileKey(key: string): ProfileKey {
  if ((PROFILE_KEYS as readonly string[]).includes(key)) return key as ProfileKey;
  throw new UsageError(`Unknown setting "${key}". Settings: ${PROFILE_KEYS.join(', ')}.`);
}

function assertProfileName(name: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(name)) {
    throw new UsageError(`"${name}" is not a valid profile name (letters, digits, . _ -).`);
  }
}
