// The foundation's pure parts: URL normalisation, settings precedence, redaction, HTTP error
// mapping and exit codes. No network, no CLI process.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EXIT_CONFIG, EXIT_INTERRUPTED, EXIT_TEMPORARY, EXIT_USAGE, reportForError } from '../src/cli/exit-codes.js';
import { isLoopbackHost, normaliseApiUrl } from '../src/config/api-url.js';
import { ProfileStore } from '../src/config/profiles.js';
import { requireConnection, resolveSettings, type SettingFlags } from '../src/config/settings.js';
import { ConfigError, InputError, InterruptedError, LockedError, UsageError } from '../src/errors.js';
import {
  AuthenticationError,
  BadResponseError,
  ForbiddenError,
  NetworkError,
  NotFoundError,
  RateLimitedError,
  ServerError,
  TimeoutError,
  ValidationError,
} from '../src/jasper/errors.js';
import { classifyNetworkCode, createHttpSender, parseRetryAfter } from '../src/jasper/http.js';
import { parseServerTime } from '../src/jasper/ping.js';
import { maskKey, redact } from '../src/jasper/redact.js';
import { Terminal, type Streams } from '../src/cli/ui/terminal.js';
import { scratch } from './helpers/cli.js';

const KEY = 'sk-live-0123456789abcdef0123456789abcdef01234567';
const GET_PING = { method: 'GET' as const, path: 'ping' };
const POST_PRODUCTS = { method: 'POST' as const, path: 'products' };

const folders: ReturnType<typeof scratch>[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) folder.cleanup();
});

function store(): ProfileStore {
  const folder = scratch('jp-unit-');
  folders.push(folder);
  return new ProfileStore(folder.configDir);
}

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a throw');
}

describe('normaliseApiUrl', () => {
  it.each([
    ['acme.pim.jasperpim.com', 'https://acme.pim.jasperpim.com/api/v1'],
    ['  acme.pim.jasperpim.com  ', 'https://acme.pim.jasperpim.com/api/v1'],
    ['https://acme.pim.jasperpim.com', 'https://acme.pim.jasperpim.com/api/v1'],
    ['https://acme.pim.jasperpim.com/', 'https://acme.pim.jasperpim.com/api/v1'],
    ['https://acme.pim.jasperpim.com/api/v1/', 'https://acme.pim.jasperpim.com/api/v1'],
    ['https://acme.pim.jasperpim.com/dashboard/products?page=2#top', 'https://acme.pim.jasperpim.com/api/v1'],
    ['https://acme.oci-1.jasperpim.com/settings/api-key', 'https://acme.oci-1.jasperpim.com/api/v1'],
    ['https://acme.pim.jasperpim.com/api/v1/products/12', 'https://acme.pim.jasperpim.com/api/v1'],
    // Off a tenant host an explicit path is kept, so ping can say it is not the API root.
    ['http://127.0.0.1:4010/api/v1/products', 'http://127.0.0.1:4010/api/v1/products'],
    ['http://127.0.0.1:4010/foo', 'http://127.0.0.1:4010/foo'],
    ['HTTPS://ACME.pim.jasperpim.com', 'https://acme.pim.jasperpim.com/api/v1'],
    ['https://proxy.example.com/tenant/api/v1', 'https://proxy.example.com/tenant/api/v1'],
    ['http://127.0.0.1:4010', 'http://127.0.0.1:4010/api/v1'],
    ['http://localhost:4010/api/v1', 'http://localhost:4010/api/v1'],
    ['http://[::1]:4010', 'http://[::1]:4010/api/v1'],
  ])('turns %s into %s', (input, expected) => {
    expect(normaliseApiUrl(input)).toBe(expected);
  });

  it('keeps an explicit non-API path on another host, so ping can say it is not the API root', () => {
    expect(normaliseApiUrl('https://pim.example.com/api')).toBe('https://pim.example.com/api');
    expect(normaliseApiUrl('http://127.0.0.1:4010/foo')).toBe('http://127.0.0.1:4010/foo');
  });

  it('refuses http:// to a non-loopback host unless allowHttp, naming --allow-http', () => {
    const error = thrown(() => normaliseApiUrl('http://acme.pim.jasperpim.com'));
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).hint).toContain('--allow-http');
    expect(normaliseApiUrl('http://acme.pim.jasperpim.com', { allowHttp: true })).toBe('http://acme.pim.jasperpim.com/api/v1');
  });

  it('refuses empty input, garbage, other schemes and URLs carrying credentials', () => {
    for (const input of ['', '   ', 'https://', 'ftp://acme.pim.jasperpim.com', 'https://user:secret@acme.pim.jasperpim.com']) {
      expect(() => normaliseApiUrl(input), input).toThrow(ConfigError);
    }
    expect(thrown(() => normaliseApiUrl('https://user:hunter22@acme.pim.jasperpim.com')).message).not.toContain('hunter22');
  });
});

describe('isLoopbackHost', () => {
  it.each(['localhost', 'LOCALHOST', '127.0.0.1', '127.1.2.3', '::1', '[::1]', '::ffff:127.0.0.1', '[::ffff:7f00:1]'])('treats %s as loopback', (host) => {
    expect(isLoopbackHost(host)).toBe(true);
  });

  it.each(['example.com', '10.0.0.1', '0.0.0.0', '128.0.0.1', 'localhost.example.com', '127.0.0.1.nip.io', '::2', '::ffff:10.0.0.1'])(
    'treats %s as remote',
    (host) => {
      expect(isLoopbackHost(host)).toBe(false);
    },
  );
});

describe('resolveSettings', () => {
  it('falls back to the defaults, and says so', () => {
    const settings = resolveSettings({}, {}, store());
    expect(settings.profile).toEqual({ value: 'default', source: 'default' });
    expect(settings.apiUrl).toBeUndefined();
    expect(settings.apiKey).toBeUndefined();
    expect(settings.throttleLimit).toEqual({ value: 500, source: 'default' });
    expect(settings.throttleSeconds).toEqual({ value: 60, source: 'default' });
    expect(settings.concurrency).toEqual({ value: 10, source: 'default' });
    expect(settings.timeoutSeconds).toEqual({ value: 30, source: 'default' });
    expect(settings.priceBase).toEqual({ value: 'US', source: 'default' });
  });

  it('remembers --allow-http per profile: a stored http:// URL to another host keeps working', async () => {
    const profiles = store();
    await profiles.set('default', 'api-url', 'http://pim.internal.example/api/v1');
    expect(() => resolveSettings({}, {}, profiles)).toThrow(/Refusing plain http/);
    await profiles.set('default', 'allow-http', 'true');
    expect(resolveSettings({}, {}, profiles).apiUrl?.value).toBe('http://pim.internal.example/api/v1');
  });

  it('takes flag over env over profile over default for every setting, remembering the source', async () => {
    const profiles = store();
    await profiles.set('default', 'api-url', 'profile.pim.jasperpim.com');
    await profiles.set('default', 'api-key', 'profile-key');
    await profiles.set('default', 'throttle-limit', '300');
    await profiles.set('default', 'throttle-seconds', '30');
    await profiles.set('default', 'concurrency', '3');
    await profiles.set('default', 'timeout', '9');
    await profiles.set('default', 'price-base', 'CA');
    const env = {
      JASPER_API_URL: 'env.pim.jasperpim.com',
      JASPER_API_KEY: 'env-key',
      JASPER_THROTTLE_LIMIT: '200',
      JASPER_THROTTLE_SECONDS: '20',
      JASPER_CONCURRENCY: '2',
    };
    const flags: SettingFlags = {
      apiUrl: 'flag.pim.jasperpim.com',
      apiKey: 'flag-key',
      throttleLimit: '100',
      throttleSeconds: '10',
      concurrency: '1',
      timeout: '5',
      priceBase: 'EU',
    };

    const fromProfile = resolveSettings({}, {}, profiles);
    expect(fromProfile.apiUrl).toEqual({ value: 'https://profile.pim.jasperpim.com/api/v1', source: 'profile' });
    expect(fromProfile.apiKey).toEqual({ value: 'profile-key', source: 'profile' });
    expect(fromProfile.throttleLimit).toEqual({ value: 300, source: 'profile' });
    expect(fromProfile.throttleSeconds).toEqual({ value: 30, source: 'profile' });
    expect(fromProfile.concurrency).toEqual({ value: 3, source: 'profile' });
    expect(fromProfile.timeoutSeconds).toEqual({ value: 9, source: 'profile' });
    expect(fromProfile.priceBase).toEqual({ value: 'CA', source: 'profile' });

    const fromEnv = resolveSettings({}, env, profiles);
    expect(fromEnv.apiUrl).toEqual({ value: 'https://env.pim.jasperpim.com/api/v1', source: 'env' });
    expect(fromEnv.apiKey).toEqual({ value: 'env-key', source: 'env' });
    expect(fromEnv.throttleLimit).toEqual({ value: 200, source: 'env' });
    expect(fromEnv.throttleSeconds).toEqual({ value: 20, source: 'env' });
    expect(fromEnv.concurrency).toEqual({ value: 2, source: 'env' });
    expect(fromEnv.timeoutSeconds.source).toBe('profile');

    const fromFlags = resolveSettings(flags, env, profiles);
    expect(fromFlags.apiUrl).toEqual({ value: 'https://flag.pim.jasperpim.com/api/v1', source: 'flag' });
    expect(fromFlags.apiKey).toEqual({ value: 'flag-key', source: 'flag' });
    expect(fromFlags.throttleLimit).toEqual({ value: 100, source: 'flag' });
    expect(fromFlags.throttleSeconds).toEqual({ value: 10, source: 'flag' });
    expect(fromFlags.concurrency).toEqual({ value: 1, source: 'flag' });
    expect(fromFlags.timeoutSeconds).toEqual({ value: 5, source: 'flag' });
    expect(fromFlags.priceBase).toEqual({ value: 'EU', source: 'flag' });
  });

  it('ignores empty env values and falls through to the profile', async () => {
    const profiles = store();
    await profiles.set('default', 'api-key', 'profile-key');
    expect(resolveSettings({}, { JASPER_API_KEY: '', JASPER_PROFILE: '' }, profiles).apiKey).toEqual({ value: 'profile-key', source: 'profile' });
  });

  it('selects the profile by flag over JASPER_PROFILE over `config use`, and reads that profile only', async () => {
    const profiles = store();
    await profiles.set('acme', 'api-key', 'acme-key');
    await profiles.set('globex', 'api-key', 'globex-key');
    await profiles.set('initech', 'api-key', 'initech-key');
    await profiles.use('acme');
    expect(resolveSettings({}, {}, profiles).profile).toEqual({ value: 'acme', source: 'profile' });
    expect(resolveSettings({}, {}, profiles).apiKey?.value).toBe('acme-key');
    const viaEnv = resolveSettings({}, { JASPER_PROFILE: 'globex' }, profiles);
    expect(viaEnv.profile).toEqual({ value: 'globex', source: 'env' });
    expect(viaEnv.apiKey?.value).toBe('globex-key');
    const viaFlag = resolveSettings({ profile: 'initech' }, { JASPER_PROFILE: 'globex' }, profiles);
    expect(viaFlag.profile).toEqual({ value: 'initech', source: 'flag' });
    expect(viaFlag.apiKey?.value).toBe('initech-key');
  });

  it('applies the http:// rule to a URL from any source, with allowHttp from the flags', () => {
    expect(() => resolveSettings({}, { JASPER_API_URL: 'http://pim.example.com' }, store())).toThrow(ConfigError);
    expect(resolveSettings({ allowHttp: true }, { JASPER_API_URL: 'http://pim.example.com' }, store()).apiUrl?.value).toBe('http://pim.example.com/api/v1');
  });

  it.each([
    [{ concurrency: '11' }, {}, /concurrency must be a whole number between 1 and 10; got "11" from --concurrency/],
    [{ concurrency: '0' }, {}, /concurrency .* got "0"/],
    [{ throttleLimit: '2.5' }, {}, /throttle-limit must be a whole number .* got "2.5" from --throttle-limit/],
    [{}, { JASPER_THROTTLE_LIMIT: 'many' }, /throttle-limit .* got "many" from JASPER_THROTTLE_LIMIT/],
    [{}, { JASPER_THROTTLE_SECONDS: '-1' }, /throttle-seconds must be a number of at least 0.001; got "-1" from JASPER_THROTTLE_SECONDS/],
    [{}, { JASPER_CONCURRENCY: 'NaN' }, /from JASPER_CONCURRENCY/],
    [{ timeout: 'forever' }, {}, /timeout must be a number .* from --timeout/],
  ])('rejects %o %o with a usage error naming the value and where it came from', (flags, env, message) => {
    const error = thrown(() => resolveSettings(flags, env, store()));
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toMatch(message);
  });

  it('names the profile when a stored number is invalid', async () => {
    const profiles = store();
    await profiles.set('acme', 'concurrency', '50');
    const error = thrown(() => resolveSettings({ profile: 'acme' }, {}, profiles));
    expect(error.message).toContain('profile "acme"');
  });
});

describe('requireConnection', () => {
  it('asks for a URL, then for a key, with a hint each', () => {
    const noUrl = thrown(() => requireConnection(resolveSettings({}, {}, store())));
    expect(noUrl).toBeInstanceOf(ConfigError);
    expect(noUrl.message).toContain('No API URL');
    const noKey = thrown(() => requireConnection(resolveSettings({ apiUrl: 'acme.pim.jasperpim.com' }, {}, store())));
    expect(noKey.message).toContain('No API key');
    expect((noKey as ConfigError).hint).toContain('rotate-key');
  });

  it('trims the key, and refuses one with inner spaces or non-ASCII characters without quoting it', () => {
    const settings = (key: string) => resolveSettings({ apiUrl: 'acme.pim.jasperpim.com' }, { JASPER_API_KEY: key }, store());
    expect(requireConnection(settings(`${KEY}\n`))).toEqual({ apiUrl: 'https://acme.pim.jasperpim.com/api/v1', apiKey: KEY });
    for (const bad of [`${KEY.slice(0, 20)} ${KEY.slice(20)}`, `${KEY}é`]) {
      const error = thrown(() => requireConnection(settings(bad)));
      expect(error).toBeInstanceOf(ConfigError);
      expect(error.message).toContain('JASPER_API_KEY');
      expect(error.message).not.toContain(KEY.slice(0, 12));
    }
  });
});

describe('ProfileStore', () => {
  it('writes the profiles file with mode 0600 and keeps each profile apart', async () => {
    const profiles = store();
    await profiles.set('acme', 'api-key', KEY);
    await profiles.set('globex', 'api-url', 'https://globex.pim.jasperpim.com/api/v1');
    await profiles.unset('acme', 'api-url');
    expect(fs.statSync(profiles.path).mode & 0o777).toBe(0o600);
    expect(profiles.names().sort()).toEqual(['acme', 'globex']);
    expect(profiles.get('acme')).toEqual({ 'api-key': KEY });
    expect(profiles.storedCurrentName).toBeUndefined();
    await profiles.use('globex');
    expect(profiles.currentName).toBe('globex');
  });

  it('narrows a profiles file that others can read to 0600 when it is opened', () => {
    const folder = scratch('jp-unit-');
    folders.push(folder);
    fs.mkdirSync(folder.configDir, { recursive: true });
    const file = path.join(folder.configDir, 'profiles.json');
    fs.writeFileSync(file, JSON.stringify({ profiles: { default: { 'api-key': KEY } } }), { mode: 0o644 });
    fs.chmodSync(file, 0o644);
    const profiles = new ProfileStore(folder.configDir);
    expect(profiles.get('default')['api-key']).toBe(KEY);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it('reports a broken profiles file as a configuration error that names it but never quotes it', () => {
    const folder = scratch('jp-unit-');
    folders.push(folder);
    fs.mkdirSync(folder.configDir, { recursive: true });
    const file = path.join(folder.configDir, 'profiles.json');
    fs.writeFileSync(file, `{"profiles":{"default":{"api-key":"${KEY}",,}}}`);
    const error = thrown(() => new ProfileStore(folder.configDir).get('default'));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toContain(file);
    expect(error.message).not.toContain(KEY.slice(0, 12));
    expect(reportForError(error).code).toBe(EXIT_CONFIG);
  });

  it('refuses invalid profile names', async () => {
    await expect(store().set('no spaces', 'api-key', KEY)).rejects.toThrow(UsageError);
    await expect(store().use('../escape')).rejects.toThrow(UsageError);
  });
});

describe('maskKey and redact', () => {
  it('shows at most the last 4 characters, and none of a short key', () => {
    expect(maskKey(KEY)).toBe('****4567');
    expect(maskKey('short-key')).toBe('****');
    expect(maskKey(undefined)).toBe('(none)');
    expect(maskKey('')).toBe('(none)');
  });

  it('replaces every occurrence of every secret', () => {
    const text = `Bearer ${KEY} and again ${KEY}; other abcdef123456789`;
    const result = redact(text, [KEY, 'abcdef123456789', undefined]);
    expect(result).toBe('Bearer ****4567 and again ****4567; other ****6789');
  });

  it('masks a secret given with surrounding white space (an env value ending in a newline)', () => {
    expect(redact(`key ${KEY}!`, [`${KEY}\n`])).toBe('key ****4567!');
  });

  it('masks the longer of two overlapping secrets whole, leaving no prefix behind', () => {
    const inner = KEY.slice(8);
    const result = redact(`key ${KEY}`, [inner, KEY]);
    expect(result).toBe('key ****4567');
    expect(result).not.toContain('sk-live-');
  });

  it('leaves text alone for secrets shorter than 4 characters', () => {
    expect(redact('a b c', ['a', '', 'b c'])).toBe('a b c');
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it.each([
    ['5', 5000],
    ['0', 0],
    [' 2 ', 2000],
    ['1.5', 1500],
    ['Thu, 01 Jan 2026 00:00:30 GMT', 30_000],
    ['Wed, 31 Dec 2025 23:59:00 GMT', 0],
  ])('reads %j as %i ms', (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });

  it.each([null, '', '  ', 'soon', '-5', '1e3', '0x10'])('ignores %j', (value) => {
    expect(parseRetryAfter(value, now)).toBeUndefined();
  });
});

describe('classifyNetworkCode', () => {
  it.each([
    ['ENOTFOUND', 'dns'],
    ['EAI_AGAIN', 'dns'],
    ['EAI_FAIL', 'dns'],
    ['ECONNREFUSED', 'refused'],
    ['EHOSTUNREACH', 'refused'],
    ['ENETUNREACH', 'refused'],
    ['CERT_HAS_EXPIRED', 'tls'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'tls'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'tls'],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'tls'],
    ['ERR_SSL_WRONG_VERSION_NUMBER', 'tls'],
    ['ECONNRESET', 'reset'],
    ['UND_ERR_SOCKET', 'reset'],
    ['EPIPE', 'reset'],
    ['ETIMEDOUT', 'other'],
    [undefined, 'other'],
  ])('classifies %s as %s', (code, failure) => {
    expect(classifyNetworkCode(code)).toBe(failure);
  });
});

describe('parseServerTime', () => {
  it('reads the reference date(1) form, padded or not', () => {
    expect(parseServerTime('Tue Feb 7 19:05:03 UTC 2017')).toBe(Date.parse('2017-02-07T19:05:03Z'));
    expect(parseServerTime('Tue Feb  7 19:05:03 GMT 2017')).toBe(Date.parse('2017-02-07T19:05:03Z'));
    expect(parseServerTime(' Sat Dec 31 23:59:59 UTC 2016 ')).toBe(Date.parse('2016-12-31T23:59:59Z'));
  });

  it('reads ISO times, and one without a zone as UTC rather than local time', () => {
    expect(parseServerTime('2017-02-07T19:05:03Z')).toBe(Date.parse('2017-02-07T19:05:03Z'));
    expect(parseServerTime('2017-02-07T20:05:03+01:00')).toBe(Date.parse('2017-02-07T19:05:03Z'));
    expect(parseServerTime('2017-02-07T19:05:03')).toBe(Date.parse('2017-02-07T19:05:03Z'));
    expect(parseServerTime('2017-02-07 19:05:03')).toBe(Date.parse('2017-02-07T19:05:03Z'));
  });

  it('gives up on anything else', () => {
    for (const text of ['', 'now', 'Tue Feb 7 25:99:03 UTC 2017', 'not a time at all']) expect(parseServerTime(text), text).toBeUndefined();
  });
});

describe('reportForError', () => {
  it('maps the core errors to 2, 2, 3, 75 and 130, keeping hint and details', () => {
    expect(reportForError(new UsageError('bad flag'))).toEqual({ code: EXIT_USAGE, message: 'bad flag' });
    expect(reportForError(new InputError('bad file', ['products.csv:3: column sku: empty']))).toEqual({
      code: EXIT_USAGE,
      message: 'bad file',
      details: ['products.csv:3: column sku: empty'],
    });
    expect(reportForError(new ConfigError('no url', 'set one'))).toEqual({ code: EXIT_CONFIG, message: 'no url', hint: 'set one' });
    expect(reportForError(new LockedError('locked'))).toMatchObject({ code: EXIT_TEMPORARY, hint: expect.stringContaining('--wait') });
    expect(reportForError(new InterruptedError('stopped')).code).toBe(EXIT_INTERRUPTED);
  });

  it('maps 401 and 403 to 3 with a remedy under Settings > API Key', () => {
    for (const error of [new AuthenticationError('401', GET_PING, 401), new ForbiddenError('403', POST_PRODUCTS, 403)]) {
      const report = reportForError(error);
      expect(report.code).toBe(EXIT_CONFIG);
      expect(report.hint).toContain('Settings > API Key');
    }
    expect(reportForError(new AuthenticationError('401', GET_PING, 401)).message).toContain('missing, revoked or wrong');
    expect(reportForError(new ForbiddenError('403', GET_PING, 403)).message).toContain('403');
  });

  it('maps anything but a ping answer at /ping (404, 405, a non-JSON page) to 3: not the API root', () => {
    for (const error of [
      new NotFoundError('404', GET_PING, 404),
      new ValidationError('Method Not Allowed', GET_PING, 405),
      new BadResponseError('GET /ping: the answer is not JSON', GET_PING, 200),
    ]) {
      const report = reportForError(error);
      expect(report.code).toBe(EXIT_CONFIG);
      expect(report.message).toContain('not the Jasper API root');
      expect(report.hint).toContain('/api/v1');
    }
  });

  it('maps DNS, refused and reset connections to 75, and a TLS failure to 3', () => {
    const network = (failure: 'dns' | 'refused' | 'tls' | 'reset' | 'other', code?: string) =>
      reportForError(new NetworkError('failed', GET_PING, failure, code));
    expect(network('dns', 'ENOTFOUND')).toMatchObject({ code: EXIT_TEMPORARY, message: expect.stringContaining('could not be found') });
    expect(network('refused', 'ECONNREFUSED')).toMatchObject({ code: EXIT_TEMPORARY, message: expect.stringContaining('refused') });
    expect(network('tls', 'CERT_HAS_EXPIRED')).toMatchObject({ code: EXIT_CONFIG, message: expect.stringContaining('TLS') });
    expect(network('reset', 'ECONNRESET').code).toBe(EXIT_TEMPORARY);
    expect(network('other').code).toBe(EXIT_TEMPORARY);
  });

  it('maps 429, 5xx and timeouts to 75', () => {
    expect(reportForError(new RateLimitedError('429', GET_PING, 1000))).toMatchObject({ code: EXIT_TEMPORARY, message: expect.stringContaining('429') });
    expect(reportForError(new ServerError('GET /ping: 503', GET_PING, 503))).toMatchObject({
      code: EXIT_TEMPORARY,
      message: expect.stringContaining('server error'),
    });
    expect(reportForError(new TimeoutError('no answer', GET_PING))).toMatchObject({
      code: EXIT_TEMPORARY,
      message: expect.stringContaining('did not answer in time'),
    });
  });

  it('maps a refused write to 1, a 404 elsewhere to 3, and anything unexpected to 1', () => {
    expect(reportForError(new ValidationError('The sku has already been taken.', POST_PRODUCTS, 422)).code).toBe(1);
    expect(reportForError(new NotFoundError('GET /products/9: 404', { method: 'GET', path: 'products/9' }, 404)).code).toBe(EXIT_CONFIG);
    expect(reportForError(new Error('boom'))).toEqual({ code: 1, message: 'unexpected error: boom' });
    expect(reportForError('text')).toEqual({ code: 1, message: 'unexpected error: text' });
  });
});

describe('Terminal', () => {
  function fakeStreams(stdoutTty: boolean, stderrTty: boolean) {
    const written = { stdout: '', stderr: '' };
    const sink = (name: 'stdout' | 'stderr', isTTY: boolean) =>
      ({
        isTTY,
        write: (chunk: string) => {
          written[name] += chunk;
          return true;
        },
      }) as unknown as Streams['stdout'];
    const streams: Streams = { stdout: sink('stdout', stdoutTty), stderr: sink('stderr', stderrTty), stdin: process.stdin, env: {} };
    return { streams, written };
  }

  it('keeps colour codes out of a piped stdout even when stderr is a terminal', () => {
    const { streams, written } = fakeStreams(false, true);
    const term = new Terminal(streams, {});
    term.result(`${term.chalk.green('✔')} done`);
    term.warn('careful');
    expect(written.stdout).toBe('✔ done\n');
    expect(written.stderr).toContain('\u001b[');
  });

  it('masks every registered secret in results, warnings, errors and --verbose lines', () => {
    const { streams, written } = fakeStreams(false, false);
    const term = new Terminal(streams, { verbose: true });
    term.addSecret(KEY);
    term.result(`result ${KEY}`);
    term.resultJson({ key: KEY });
    term.warn(`warn ${KEY}`);
    term.error(`error ${KEY}`);
    term.verbose(`GET /ping ${KEY}`);
    expect(written.stdout + written.stderr).not.toContain(KEY.slice(0, 12));
    expect(written.stdout).toContain('****4567');
  });

  it('prints nothing but results with --json: notes are silenced, warnings and errors go to stderr', () => {
    const { streams, written } = fakeStreams(false, false);
    const term = new Terminal(streams, { json: true });
    term.info('progress');
    term.spinner('pinging').succeed('pinged');
    term.warn('careful');
    term.resultJson({ ok: true });
    expect(JSON.parse(written.stdout)).toEqual({ ok: true });
    expect(written.stderr).toBe('warning: careful\n');
  });
});

describe('createHttpSender', () => {
  /** A raw server, so the test can misbehave in ways the sandbox does not. */
  async function withServer(handler: http.RequestListener, fn: (apiUrl: string) => Promise<void>): Promise<void> {
    const server = http.createServer(handler);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      await fn(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }

  it('gives up on an answer whose body stalls after the headers, within the timeout', async () => {
    await withServer(
      (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"time":');
      },
      async (apiUrl) => {
        const send = createHttpSender({ apiUrl, apiKey: KEY, timeoutMs: 200 });
        const started = Date.now();
        await expect(send({ method: 'GET', path: 'ping' })).rejects.toBeInstanceOf(TimeoutError);
        expect(Date.now() - started).toBeLessThan(2000);
      },
    );
  });

  it('sends the key as a Bearer token and maps 429 with Retry-After, 422 with field errors and 503', async () => {
    const seen: string[] = [];
    await withServer(
      (req, res) => {
        seen.push(req.headers.authorization ?? '');
        const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => {
          res.writeHead(status, { 'content-type': 'application/json', ...headers });
          res.end(JSON.stringify(body));
        };
        if (req.url?.endsWith('/limited')) return answer(429, { message: 'Too Many Attempts.' }, { 'retry-after': '7' });
        if (req.url?.endsWith('/invalid')) return answer(422, { message: 'The given data was invalid.', errors: { sku: ['The sku has already been taken.'] } });
        return answer(503, { message: 'Service Unavailable' });
      },
      async (apiUrl) => {
        const send = createHttpSender({ apiUrl, apiKey: KEY, timeoutMs: 2000 });
        const limited = await send({ method: 'GET', path: 'limited' }).catch((error: unknown) => error);
        expect(limited).toBeInstanceOf(RateLimitedError);
        expect((limited as RateLimitedError).retryAfterMs).toBe(7000);
        const invalid = await send({ method: 'POST', path: 'invalid', body: {} }).catch((error: unknown) => error);
        expect(invalid).toBeInstanceOf(ValidationError);
        expect((invalid as ValidationError).message).toBe('The sku has already been taken.');
        expect((invalid as ValidationError).fieldErrors).toEqual({ sku: ['The sku has already been taken.'] });
        const down = await send({ method: 'POST', path: 'down', body: {} }).catch((error: unknown) => error);
        expect(down).toBeInstanceOf(ServerError);
        expect((down as ServerError).outcomeUnknown).toBe(true);
      },
    );
    expect(seen).toEqual([`Bearer ${KEY}`, `Bearer ${KEY}`, `Bearer ${KEY}`]);
  });
});
