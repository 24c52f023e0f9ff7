// Users paste a dashboard URL or a bare host; the API root is always https://<host>/api/v1.
import { ConfigError } from '../errors.js';

export const API_ROOT_PATH = '/api/v1';
/** Tenant hosts: *.pim.jasperpim.com and the older *.oci-1.jasperpim.com. */
const JASPER_HOST_SUFFIX = '.jasperpim.com';

export interface UrlOptions {
  allowHttp?: boolean;
}

export function normaliseApiUrl(input: string, options: UrlOptions = {}): string {
  const trimmed = input.trim();
  if (trimmed === '') throw new ConfigError('The API URL is empty.', 'Set it with `jasper-push config set api-url <url>` or JASPER_API_URL.');
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new ConfigError(`"${trimmed}" is not a valid URL.`, 'Use the host of your Jasper dashboard, e.g. https://acme.pim.jasperpim.com/api/v1');
  }
  if (url.username !== '' || url.password !== '') {
    // The key goes in a header; a user:password@ part would be printed with the URL and fetch refuses it anyway.
    throw new ConfigError(
      `The API URL for ${url.hostname} contains a user name or password.`,
      'Remove the "user:password@" part; the API key is set with `jasper-push rotate-key` or JASPER_API_KEY.',
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigError(`The API URL for ${url.hostname} uses ${url.protocol.replace(':', '')}://; the API needs https://.`);
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname) && !options.allowHttp) {
    throw new ConfigError(
      `Refusing plain http:// to ${url.hostname}: the API key would travel unencrypted.`,
      'Use https://, or pass --allow-http if you really mean it.',
    );
  }
  url.pathname = apiPath(url.pathname, url.hostname);
  url.search = '';
  url.hash = '';
  return url.toString().replace(/\/+$/, '');
}

/**
 * A bare host or a dashboard page becomes the API root, and so does an endpoint URL pasted from
 * the reference (`.../api/v1/products`); an explicit other path is kept so ping can say it is wrong.
 */
function apiPath(pathname: string, hostname: string): string {
  const path = pathname.replace(/\/+$/, '');
  if (path === '') return API_ROOT_PATH;
  if (path.endsWith(API_ROOT_PATH)) return path;
  // On a tenant host, a dashboard page or an endpoint URL pasted from the docs means the API root;
  // elsewhere (a proxy, the sandbox) an explicit path is kept, and ping says when it is wrong.
  if (!hostname.endsWith(JASPER_HOST_SUFFIX)) return path;
  const root = path.indexOf(`${API_ROOT_PATH}/`);
  if (root >= 0) return path.slice(0, root + API_ROOT_PATH.length);
  return path.startsWith('/api') ? path : API_ROOT_PATH;
}

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host)) return true;
  // IPv4-mapped IPv6, as written (::ffff:127.0.0.1) or as URL normalises it (::ffff:7f00:1).
  return /^::ffff:127(\.\d{1,3}){3}$/.test(host) || /^::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}$/.test(host);
}
