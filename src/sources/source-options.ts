// What a source needs besides the files: where its one stock count goes (§10: `--location`,
// default `Default`), for Magento the base its relative image paths hang off, and for a source
// read over an API its flags, its settings and a voice (SPEC §11), handed in by the command.
import type { Profile } from '../config/profiles.js';

export const DEFAULT_LOCATION = 'Default';

/** The command a source is read for: only a push keeps a read's sync state. */
export type SourceUse = 'push' | 'validate' | 'convert';

/** The command's flags a source may read. */
export interface SourceFlags {
  from?: string;
  location?: string;
  mediaUrl?: string;
  /** commercetools (SPEC §11). */
  staged?: boolean;
  locale?: string;
  priceBaseMap?: string;
  sourceConcurrency?: string;
  since?: string;
  /** A push's --max-retries holds for an API source's calls too. */
  maxRetries?: string;
  /** A push's --disable-missing: a read of only what changed cannot tell what is missing. */
  disableMissing?: boolean;
}

/** What the command running an API source lends it: the settings it reads and a voice. */
export interface SourceEnvironment {
  env: NodeJS.ProcessEnv;
  /** The current profile, read when first needed (a file source never asks). */
  profile(): Profile;
  allowHttp: boolean;
  /** A secret the source read (a client secret): never printed. */
  secret(value: string): void;
  /** --verbose: one line per call. */
  verbose(line: string): void;
  /** A line of the command's result on stdout (nothing with --json). */
  say(line: string): void;
  warn(line: string): void;
  spinner(text: string): { text: string; stop(): void };
}

export interface SourceOptions {
  use: SourceUse;
  /** The command as typed, for messages: "push products", "convert". */
  command: string;
  location: string;
  /** Magento's media base URL (`--media-url`), e.g. https://shop.example.com/media/catalog/product. */
  mediaUrl?: string;
  flags: SourceFlags;
  environment: SourceEnvironment;
}
