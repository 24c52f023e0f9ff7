// Named profiles (one per tenant) stored with conf: one JSON file, mode 0600, written atomically.
// Every change is a read-modify-write of the whole file under a lock, so two `config set` at the
// same moment both land.
import fs from 'node:fs';
import path from 'node:path';
import Conf from 'conf';
import lockfile from 'proper-lockfile';
import { ConfigError, UsageError } from '../errors.js';

export const PROFILE_KEYS = [
  'api-url',
  'api-key',
  'throttle-limit',
  'throttle-seconds',
  'concurrency',
  'timeout',
  'price-base',
  'allow-http',
  // commercetools as a source (SPEC §11): its own setting names, the secret kept like api-key.
  'ct-api-url',
  'ct-auth-url',
  'ct-project-key',
  'ct-client-id',
  'ct-client-secret',
  'ct-scopes',
] as const;
export type ProfileKey = (typeof PROFILE_KEYS)[number];
export type Profile = Partial<Record<ProfileKey, string>>;

export const DEFAULT_PROFILE = 'default';
/** Overrides where profiles, the change cache and tenant locks live (tests, containers). */
export const CONFIG_DIR_ENV = 'JASPER_PUSH_CONFIG_DIR';
/** The file holds API keys: owner read/write only. */
export const PROFILE_FILE_MODE = 0o600;
const PROFILE_FILE_NAME = 'profiles';
/** How long a change waits for another process's change to the profiles (about 10 s in all). */
const LOCK_RETRIES = { retries: 60, factor: 1.2, minTimeout: 5, maxTimeout: 250 };
/** A lock older than this belongs to a process that died mid-change. */
const LOCK_STALE_MS = 10_000;

interface StoreShape {
  current?: string;
  profiles: Record<string, Profile>;
}

export class ProfileStore {
  private readonly conf: Conf<StoreShape>;

  constructor(configDir?: string) {
    const where = configDir ? path.join(configDir, `${PROFILE_FILE_NAME}.json`) : 'the jasper-push profiles file';
    this.conf = readable(
      where,
      () =>
        new Conf<StoreShape>({
          projectName: 'jasper-push',
          projectSuffix: '',
          ...(configDir ? { cwd: configDir } : {}),
          configName: PROFILE_FILE_NAME,
          configFileMode: PROFILE_FILE_MODE,
          accessPropertiesByDotNotation: false,
          defaults: { profiles: {} },
        }),
    );
    tightenMode(this.conf.path);
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
    return this.storedCurrentName ?? DEFAULT_PROFILE;
  }

  /** The profile chosen with `config use`, if any. */
  get storedCurrentName(): string | undefined {
    return readable(this.path, () => this.conf.get('current')) || undefined;
  }

  names(): string[] {
    return Object.keys(this.profiles());
  }

  get(name: string): Profile {
    return { ...(this.profiles()[name] ?? {}) };
  }

  exists(name: string): boolean {
    return name in this.profiles();
  }

  async set(name: string, key: ProfileKey, value: string): Promise<void> {
    await this.update(name, { [key]: value });
  }

  /** Sets several settings of a profile in one change. */
  async update(name: string, changes: Profile): Promise<void> {
    assertProfileName(name);
    await this.locked(() => {
      const profiles = this.profiles();
      profiles[name] = { ...(profiles[name] ?? {}), ...changes };
      this.conf.set('profiles', profiles);
    });
  }

  async unset(name: string, key: ProfileKey): Promise<void> {
    await this.locked(() => {
      const profiles = this.profiles();
      const profile = profiles[name];
      if (!profile) return;
      delete profile[key];
      this.conf.set('profiles', profiles);
    });
  }

  async use(name: string): Promise<void> {
    assertProfileName(name);
    await this.locked(() => readable(this.path, () => this.conf.set('current', name)));
  }

  /**
   * Runs a read-modify-write of the file while holding its lock (`profiles.json.lock`, a folder
   * created atomically), so a change made meanwhile by another process is never overwritten.
   */
  private async locked(change: () => void): Promise<void> {
    fs.mkdirSync(this.directory, { recursive: true, mode: 0o700 });
    let release: () => Promise<void>;
    try {
      release = await lockfile.lock(this.path, { realpath: false, retries: LOCK_RETRIES, stale: LOCK_STALE_MS });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
      throw new ConfigError(`${this.path} is being changed by another jasper-push process.`, 'Try again in a moment.');
    }
    try {
      change();
    } finally {
      await release();
    }
  }

  /** conf re-reads the file on every access, so a file broken by hand fails here too. */
  private profiles(): Record<string, Profile> {
    const profiles = readable(this.path, () => this.conf.get('profiles') ?? {});
    if (typeof profiles !== 'object' || Array.isArray(profiles)) {
      throw new ConfigError(`${this.path}: "profiles" is not an object.`, 'Fix it by hand, or delete the file and set the profile again.');
    }
    return profiles;
  }
}

/** A hand-edited file that is not JSON: a ConfigError naming the file, never echoing its content (it holds keys). */
function readable<T>(where: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof SyntaxError || (error instanceof Error && error.message.startsWith('Config schema violation'))) {
      throw new ConfigError(`${where} is not valid JSON.`, 'Fix it by hand, or delete it and set the profile again with `jasper-push config set`.');
    }
    throw error;
  }
}

/** A file created by hand or by an older version may be readable by others; it holds keys. */
function tightenMode(file: string): void {
  try {
    const mode = fs.statSync(file).mode & 0o777;
    if ((mode & 0o077) !== 0) fs.chmodSync(file, PROFILE_FILE_MODE);
  } catch {
    // Not created yet (conf writes it with PROFILE_FILE_MODE), or not ours to change.
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
