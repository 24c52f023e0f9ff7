// jasper-push rotate-key: a new key from a hidden prompt or stdin, pinged before it is saved.
import { normaliseApiUrl } from '../../config/api-url.js';
import { ConfigError } from '../../errors.js';
import { JasperClient } from '../../jasper/client.js';
import { isJasperApiError } from '../../jasper/errors.js';
import { ping } from '../../jasper/ping.js';
import { maskKey } from '../../jasper/redact.js';
import type { CommandContext } from '../context.js';
import { EXIT_OK, reportForError } from '../exit-codes.js';
import { readSecret } from '../ui/secret-input.js';

export interface RotateKeyOptions {
  stdin?: boolean;
}

export async function runRotateKey(context: CommandContext, options: RotateKeyOptions): Promise<number> {
  const { term, store } = context;
  const settings = context.settings();
  const profile = settings.profile.value;
  if (!settings.apiUrl) {
    throw new ConfigError(`Profile "${profile}" has no API URL.`, 'Set it first: `jasper-push config set api-url <url>`.');
  }
  const apiUrl = settings.apiUrl.value;
  const stored = store.get(profile);
  const oldKey = stored['api-key'];
  if (settings.apiUrl.source !== 'profile' && stored['api-url'] && sameUrl(stored['api-url'], apiUrl) === false) {
    // The key is saved for the profile's tenant, so it must be checked against that tenant.
    const origin = settings.apiUrl.source === 'flag' ? '--api-url' : 'JASPER_API_URL';
    throw new ConfigError(
      `${origin} is ${apiUrl}, but profile "${profile}" uses ${stored['api-url']}: the new key would be checked against one tenant and saved for another.`,
      `Drop ${origin}, or change the profile's URL first with \`jasper-push config set api-url <url>\`.`,
    );
  }

  const newKey = await readSecret(term.streams, `New API key for ${apiUrl}: `, Boolean(options.stdin));
  term.addSecret(newKey);

  const spinner = term.spinner(`Checking the new key against ${apiUrl}`);
  try {
    await ping(new JasperClient(context.sender({ apiUrl, apiKey: newKey })));
    spinner.stop();
  } catch (error) {
    spinner.stop();
    if (!isJasperApiError(error)) throw error;
    const report = reportForError(error);
    term.error(`The new key ${maskKey(newKey)} did not work: ${report.message}`);
    if (report.hint) term.error(report.hint);
    term.error(oldKey ? `The old key ${maskKey(oldKey)} is still in place.` : 'Nothing was saved.');
    if (term.json) {
      term.resultJson({
        ok: false,
        profile,
        saved: false,
        error: { kind: error.kind, status: error.status ?? null, message: report.message, hint: report.hint ?? null, exitCode: report.code },
      });
    }
    return report.code;
  }

  // Only now is the key saved; conf writes the whole file atomically (temp file + rename).
  await store.update(profile, { ...(store.get(profile)['api-url'] ? {} : { 'api-url': apiUrl }), 'api-key': newKey });

  if (term.json) {
    term.resultJson({ ok: true, profile, saved: true, key: maskKey(newKey), previousKey: oldKey ? maskKey(oldKey) : null, configFile: store.path });
  } else {
    term.result(`${term.chalk.green('✔')} Saved the new key ${maskKey(newKey)} to profile "${profile}" (${store.path}).`);
    if (oldKey) {
      term.result(`Now revoke the old key ${maskKey(oldKey)} in Jasper under Settings > API Key.`);
    } else {
      term.result('If this key replaces another one, revoke the old key in Jasper under Settings > API Key.');
    }
  }
  if (context.env.JASPER_API_KEY) term.warn("JASPER_API_KEY is set in this environment and overrides the profile's key.");
  return EXIT_OK;
}

/** Compares a stored (possibly hand-edited) URL with a resolved one; undefined when the stored one is unreadable. */
function sameUrl(stored: string, resolved: string): boolean | undefined {
  try {
    return normaliseApiUrl(stored, { allowHttp: true }) === resolved;
  } catch {
    return undefined;
  }
}
