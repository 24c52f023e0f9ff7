// What the run layer settles about a batch's planned outcomes before they are counted, recorded
// and cached: with --allow-missing-links, the related links to SKUs in neither the input nor
// Jasper are left out (SPEC §4); a resumed run's entities read as its earlier attempts left them.
import type { Plan, PlannedOutcome } from '../plan/types.js';
import type { RunAttempts } from './run-attempts.js';
import { counted } from '../counted.js';

/** Left-out links named in the warning; summary.json counts them all. */
const EXAMPLES_SHOWN = 3;

/**
 * A related link the planner failed without a call: it does so only when the related SKU is in
 * neither the input nor Jasper (plan/product-writes.ts); a link whose write failed is a task's result.
 */
const isDanglingLink = (outcome: PlannedOutcome) => outcome.entity === 'relatedLink' && outcome.outcome === 'failed';

export class BatchReview {
  /** Links left out by --allow-missing-links. */
  leftOut = 0;
  private readonly examples: string[] = [];

  constructor(
    private readonly attempts: RunAttempts,
    private readonly allowMissingLinks: boolean,
  ) {}

  review(batch: Plan): void {
    if (this.allowMissingLinks && batch.outcomes.some(isDanglingLink)) {
      batch.outcomes = batch.outcomes.filter((outcome) => {
        if (!isDanglingLink(outcome)) return true;
        this.leftOut++;
        if (this.examples.length < EXAMPLES_SHOWN) this.examples.push(describeLink(outcome.key));
        return false;
      });
    }
    this.attempts.restate(batch);
  }

  /** The warning for the links left out, once the run is over; undefined when none was. */
  warning(): string | undefined {
    if (this.leftOut === 0) return undefined;
    const more = this.leftOut > this.examples.length ? ', …' : '';
    return (
      `${counted(this.leftOut, 'related link')} to SKUs in neither the input nor Jasper ` +
      `left out (--allow-missing-links): ${this.examples.join(', ')}${more}`
    );
  }
}

/** `SKU|type|related SKU` (plan/keys.ts relatedLinkKey) as users read it. */
function describeLink(key: string): string {
  const [sku, type, related] = key.split('|');
  return `${sku} → ${related} (${type})`;
}
