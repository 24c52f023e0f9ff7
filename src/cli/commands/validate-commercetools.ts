// validate products --from commercetools: read the project into a scratch folder, run the push's
// checks on the files, then remove them. Nothing is written to Jasper (no Jasper settings needed).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UsageError } from '../../errors.js';
import type { CommandContext } from '../context.js';
import { type CommercetoolsFlags, commercetoolsSettings, describeRead, readProject } from './push-commercetools.js';

export async function validateCommercetools(
  context: CommandContext,
  files: string[],
  flags: CommercetoolsFlags,
  validateFiles: (files: string[]) => Promise<number>,
): Promise<number> {
  if (files.length > 0) throw new UsageError('validate products --from commercetools reads the project over its API; it takes no files.');
  if (flags.since === 'last') throw new UsageError('--since last belongs to a push (it means the last successful push); give validate a date-time.');
  const settings = commercetoolsSettings(context);
  const since = flags.since === undefined ? undefined : new Date(flags.since);
  if (since && Number.isNaN(since.getTime())) throw new UsageError(`--since takes a date-time like 2026-11-30T02:00:00Z; got "${flags.since}".`);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'jasper-push-commercetools-'));
  try {
    const { files: read, counts } = await readProject(context, settings, flags, scratch, since);
    if (!context.term.json) context.term.result(describeRead(counts));
    return await validateFiles(read);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}
