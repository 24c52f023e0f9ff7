// What every command needs, built on first use: `jasper-push ping --help` needs no key.
import { ProfileStore } from '../config/profiles.js';
import { type Connection, requireConnection, resolveSettings, type SettingFlags, type Settings } from '../config/settings.js';
import { JasperClient } from '../jasper/client.js';
import { createHttpSender, type CallRecord, type Send } from '../jasper/http.js';
import type { RunFacts } from '../report/notify.js';
import { commandLine } from './command-line.js';
import { LineStamp } from './ui/line-stamp.js';
import { type GlobalFlags, type Streams, Terminal } from './ui/terminal.js';
import { packageVersion } from './version.js';

/** How the tool was started: its arguments (for a run's report and log) and the log's timestamps. */
export interface Invocation {
  argv: readonly string[];
  stamp: LineStamp;
}

export class CommandContext {
  readonly term: Terminal;
  /** What the run this command ran tells its --notify notice. */
  finishedRun: RunFacts | undefined;
  private storeInstance: ProfileStore | undefined;
  private settingsInstance: Settings | undefined;

  constructor(
    streams: Streams,
    readonly flags: GlobalFlags & SettingFlags,
    private readonly invocation: Invocation = { argv: [], stamp: new LineStamp() },
  ) {
    this.term = new Terminal(streams, flags, invocation.stamp);
    this.term.addSecret(flags.apiKey);
    this.term.addSecret(streams.env.JASPER_API_KEY);
  }

  /** The command line with its secrets left out: for a run's report and first log line. */
  commandLine(): string {
    return commandLine(this.invocation.argv, (text) => this.term.scrub(text));
  }

  get version(): string {
    return packageVersion();
  }

  get env(): NodeJS.ProcessEnv {
    return this.term.streams.env;
  }

  get store(): ProfileStore {
    this.storeInstance ??= ProfileStore.open(this.env);
    return this.storeInstance;
  }

  settings(): Settings {
    if (!this.settingsInstance) {
      this.settingsInstance = resolveSettings(this.flags, this.env, this.store);
      this.term.addSecret(this.settingsInstance.apiKey?.value);
    }
    return this.settingsInstance;
  }

  connection(): Connection {
    const connection = requireConnection(this.settings());
    if (this.settings().apiKey?.source === 'flag') {
      this.term.warn('--api-key puts the key in your shell history; prefer `jasper-push rotate-key` or JASPER_API_KEY.');
    }
    return connection;
  }

  /** The raw HTTP sender for this connection; --verbose prints one line per call. */
  sender(connection: Connection, calls: { started?: () => void; ended?: (record: CallRecord) => void } = {}): Send {
    this.term.addSecret(connection.apiKey);
    return createHttpSender({
      apiUrl: connection.apiUrl,
      apiKey: connection.apiKey,
      timeoutMs: this.settings().timeoutSeconds.value * 1000,
      ...(calls.started ? { onStart: calls.started } : {}),
      onCall: (record) => {
        const status = record.status ?? record.error?.kind ?? '-';
        this.term.verbose(`${record.method} /${record.path} → ${status} (${Math.round(record.durationMs)} ms)`);
        calls.ended?.(record);
      },
    });
  }

  client(connection: Connection = this.connection()): JasperClient {
    return new JasperClient(this.sender(connection));
  }
}
