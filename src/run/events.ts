// What the core tells the outside while a push works: phases, warnings, the plan of each batch,
// each task's outcome. Every member optional; the CLI's progress views implement them.
import type { Outcome } from '../plan/types.js';
import type { Budget } from './progress-estimate.js';
import type { LockHolder } from './tenant-lock.js';

export interface StageProgress {
  stage: string;
  total: number;
}

export interface PushEvents {
  phase?(phase: 'reading' | 'locking' | 'reading-jasper' | 'planning' | 'writing' | 'finishing'): void;
  warning?(text: string): void;
  waitingForLock?(holder: LockHolder): void;
  /** The input is valid: how many rows it has (the overall total is estimated from them) and the throttle. */
  scanned?(rows: number, throttle: Budget): void;
  /** Writes planned for a batch of `rows` input rows (for the overall estimate); `more` when later batches add to them (a large catalog). */
  planned?(stages: StageProgress[], more: boolean, rows?: number): void;
  taskDone?(stage: string, outcome: Outcome): void;
}
