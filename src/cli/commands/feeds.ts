// jasper-push feeds: the tenant's feeds (SPEC §12) as the local change cache knows them: the
// products each pushed and its last run. No call: a feed is what this tool recorded.
import { ConfigError } from '../../errors.js';
import { ChangeCache } from '../../run/change-cache.js';
import type { FeedSummary } from '../../run/feed-book.js';
import type { CommandContext } from '../context.js';
import { EXIT_OK } from '../exit-codes.js';

export function runFeeds(context: CommandContext): number {
  const { term } = context;
  const apiUrl = context.settings().apiUrl?.value;
  if (!apiUrl) throw new ConfigError('No API URL: feeds are listed per tenant.', 'Set one with `jasper-push config set api-url …` or JASPER_API_URL.');
  const cache = ChangeCache.load(context.store.directory, apiUrl);
  let feeds: FeedSummary[];
  try {
    feeds = cache.feeds.list();
  } finally {
    cache.close();
  }
  if (term.json) {
    term.resultJson({ apiUrl, feeds: feeds.map((feed) => ({ ...feed, lastRun: feed.lastRun ?? null })) });
    return EXIT_OK;
  }
  if (feeds.length === 0) {
    term.result(`No feeds for ${apiUrl} yet: a products push records its feed (--feed <name>, or the source and file names).`);
    return EXIT_OK;
  }
  const width = Math.max(4, ...feeds.map((feed) => feed.name.length));
  term.result(term.chalk.dim(`${'feed'.padEnd(width)}  ${'products'.padStart(8)}  ${'disabled'.padStart(8)}  last run`));
  for (const feed of feeds) {
    const last = feed.lastRun ? `${feed.lastRun.at.replace('T', ' ').slice(0, 19)} UTC  (run ${feed.lastRun.runId})` : '—';
    term.result(`${feed.name.padEnd(width)}  ${String(feed.products).padStart(8)}  ${String(feed.disabled).padStart(8)}  ${last}`);
  }
  return EXIT_OK;
}
