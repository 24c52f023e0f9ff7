// jasper-push ping: check URL and key; print server time, latency and clock skew.
import { maskKey } from '../../jasper/redact.js';
import { ping } from '../../jasper/ping.js';
import { isJasperApiError } from '../../jasper/errors.js';
import type { CommandContext } from '../context.js';
import { EXIT_OK, reportForError } from '../exit-codes.js';

export async function runPing(context: CommandContext): Promise<number> {
  const { term } = context;
  const connection = context.connection();
  const settings = context.settings();
  const spinner = term.spinner(`Pinging ${connection.apiUrl}`);
  try {
    const result = await ping(context.client(connection));
    spinner.stop();
    const skew = result.clockSkewMs === undefined ? 'unknown' : `${result.clockSkewMs >= 0 ? '+' : ''}${(result.clockSkewMs / 1000).toFixed(1)} s`;
    if (term.json) {
      term.resultJson({
        ok: true,
        apiUrl: connection.apiUrl,
        profile: settings.profile.value,
        key: maskKey(connection.apiKey),
        serverTime: result.serverTime,
        serverTimeIso: result.serverTimeIso,
        latencyMs: Math.round(result.latencyMs),
        clockSkewMs: result.clockSkewMs === undefined ? null : Math.round(result.clockSkewMs),
      });
    } else {
      term.result(`${term.chalk.green('✔')} ${connection.apiUrl} answered with key ${maskKey(connection.apiKey)} (profile ${settings.profile.value})`);
      term.result(`  server time  ${result.serverTime}`);
      term.result(`  latency      ${Math.round(result.latencyMs)} ms`);
      term.result(`  clock skew   ${skew}`);
    }
    return EXIT_OK;
  } catch (error) {
    spinner.stop();
    if (!isJasperApiError(error)) throw error;
    const report = reportForError(error);
    if (term.json) {
      term.resultJson({
        ok: false,
        apiUrl: connection.apiUrl,
        // `failure`, as ping --commercetools names it: one field name for scripts reading either.
        error: { failure: error.kind, status: error.status ?? null, message: report.message, hint: report.hint ?? null, exitCode: report.code },
      });
    } else {
      term.error(`${connection.apiUrl}: ${report.message}`);
      if (report.hint) term.error(report.hint);
    }
    return report.code;
  }
}
