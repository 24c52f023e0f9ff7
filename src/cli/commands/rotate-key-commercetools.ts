// jasper-push rotate-key --commercetools: a new client secret from a hidden prompt or stdin,
// checked with a token request and a read of the project, and only then saved to the profile.
import { CommercetoolsClient, verboseCalls } from '../../sources/commercetools/client.js';
import { CommercetoolsError } from '../../sources/commercetools/errors.js';
import { resolveCommercetoolsTarget } from '../../sources/commercetools/settings.js';
import { maskKey } from '../../jasper/redact.js';
import type { CommandContext } from '../context.js';
import { EXIT_OK, reportForError } from '../exit-codes.js';
import { readSecret } from '../ui/secret-input.js';

export interface RotateSecretOptions {
  stdin?: boolean;
}

export async function runRotateCommercetoolsSecret(context: CommandContext, options: RotateSecretOptions): Promise<number> {
  const { term, store } = context;
  const profile = context.settings().profile.value;
  const stored = store.get(profile);
  const target = resolveCommercetoolsTarget(context.env, stored, { allowHttp: Boolean(context.flags.allowHttp) });
  const oldSecret = stored['ct-client-secret'];
  term.addSecret(oldSecret);
  term.addSecret(context.env.CTP_CLIENT_SECRET);

  const secret = await readSecret(term.streams, `New client secret for commercetools client ${target.clientId}: `, Boolean(options.stdin));
  term.addSecret(secret);
  const settings = { ...target, clientSecret: secret };
  const spinner = term.spinner(`Checking the new secret against ${settings.authUrl} and project ${settings.projectKey}`);
  try {
    await new CommercetoolsClient(settings, { maxRetries: 1, onCall: verboseCalls(context.term) }).project();
    spinner.stop();
  } catch (error) {
    spinner.stop();
    if (!(error instanceof CommercetoolsError)) throw error;
    const report = reportForError(error);
    term.error(`The new client secret ${maskKey(secret)} did not work: ${report.message}`);
    if (report.hint) term.error(report.hint);
    term.error(oldSecret ? `The old secret ${maskKey(oldSecret)} is still in place.` : 'Nothing was saved.');
    if (term.json) {
      term.resultJson({
        ok: false,
        profile,
        saved: false,
        error: { failure: error.failure, status: error.status ?? null, message: report.message, hint: report.hint ?? null, exitCode: report.code },
      });
    }
    return report.code;
  }

  // Settings that came from the environment are kept with the secret, so the profile works alone.
  // One locked read-modify-write: the secret and the settings it goes with land together.
  await store.update(profile, {
    ...(stored['ct-api-url'] ? {} : { 'ct-api-url': `${settings.apiUrl}/${settings.projectKey}` }),
    ...(stored['ct-client-id'] ? {} : { 'ct-client-id': settings.clientId }),
    ...(!stored['ct-auth-url'] && context.env.CTP_AUTH_URL ? { 'ct-auth-url': settings.authUrl } : {}),
    ...(!stored['ct-scopes'] && settings.scopes.length > 0 ? { 'ct-scopes': settings.scopes.join(' ') } : {}),
    'ct-client-secret': secret,
  });

  if (term.json) {
    term.resultJson({ ok: true, profile, saved: true, secret: maskKey(secret), previousSecret: oldSecret ? maskKey(oldSecret) : null, configFile: store.path });
  } else {
    term.result(`${term.chalk.green('✔')} Saved the new commercetools client secret ${maskKey(secret)} to profile "${profile}" (${store.path}).`);
    term.result(
      oldSecret
        ? 'If the old secret belongs to another API client, delete that client in the Merchant Center (Settings > Developer settings).'
        : 'The secret is stored only in this file (mode 0600).',
    );
  }
  if (context.env.CTP_CLIENT_SECRET) term.warn("CTP_CLIENT_SECRET is set in this environment and overrides the profile's secret.");
  return EXIT_OK;
}
