// jasper-push ping --commercetools: a token (client credentials), a read of the project and one
// product read; prints the project's name, languages, currencies and countries, or one remedy.
import { type ClientOptions, CommercetoolsClient, verboseCalls } from '../../sources/commercetools/client.js';
import { CommercetoolsError } from '../../sources/commercetools/errors.js';
import type { CommandContext } from '../context.js';
import { EXIT_OK, reportForError } from '../exit-codes.js';
import { commercetoolsSettings } from '../../sources/commercetools/settings.js';
import { sourceEnvironment } from '../source-environment.js';

/** A check answers in seconds or says why not: few retries. */
const PING_RETRIES = 1;

export async function runPingCommercetools(context: CommandContext, options: ClientOptions = {}): Promise<number> {
  const { term } = context;
  const environment = sourceEnvironment(context);
  const settings = commercetoolsSettings(environment);
  const where = `${settings.apiUrl}/${settings.projectKey}`;
  const spinner = term.spinner(`Checking commercetools project ${settings.projectKey} at ${settings.apiUrl}`);
  const started = performance.now();
  try {
    const client = new CommercetoolsClient(settings, { maxRetries: PING_RETRIES, onCall: verboseCalls(environment), ...options });
    const { project } = await client.project();
    await client.probeProducts();
    spinner.stop();
    const latencyMs = Math.round((performance.now() - started) / Math.max(client.calls, 1));
    if (term.json) {
      term.resultJson({
        ok: true,
        apiUrl: settings.apiUrl,
        authUrl: settings.authUrl,
        projectKey: settings.projectKey,
        clientId: settings.clientId,
        name: project.name,
        languages: project.languages,
        currencies: project.currencies,
        countries: project.countries,
        latencyMs,
      });
    } else {
      term.result(`${term.chalk.green('✔')} commercetools project ${settings.projectKey} answered (${where}, client ${settings.clientId})`);
      term.result(`  name        ${project.name}`);
      term.result(`  languages   ${project.languages.join(', ') || '(none)'}`);
      term.result(`  currencies  ${project.currencies.join(', ') || '(none)'}`);
      term.result(`  countries   ${project.countries.join(', ') || '(none)'}`);
      term.result(`  latency     ${latencyMs} ms`);
    }
    return EXIT_OK;
  } catch (error) {
    spinner.stop();
    if (!(error instanceof CommercetoolsError)) throw error;
    const report = reportForError(error);
    if (term.json) {
      term.resultJson({
        ok: false,
        apiUrl: settings.apiUrl,
        projectKey: settings.projectKey,
        error: { failure: error.failure, status: error.status ?? null, message: report.message, hint: report.hint ?? null, exitCode: report.code },
      });
    } else {
      term.error(`${where}: ${report.message}`);
      if (report.hint) term.error(report.hint);
    }
    return report.code;
  }
}
