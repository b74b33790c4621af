// The distributed sweep's wire format: one BullMQ queue shared by every sweep, one job per
// grid point carrying the config text, the dataset's content hash and the point's parameters.
// Job ids are deterministic (sweep id + phase + point index), so a retried or re-added point
// lands on the same job and the same result: re-running a job overwrites, never duplicates.
import type { JobsOptions } from 'bullmq';
import type { SweepPoint } from '../../engine/optimization/expand-grid';
import type { UserStrategySource } from '../../engine/user-strategy/user-strategy-api';

/** The BullMQ queue every submitter and worker uses. */
export const SWEEP_QUEUE = 'es-sweep';

/** BullMQ's key prefix (its default; fixed so both sides agree). */
export const QUEUE_PREFIX = 'bull';

/**
 * Format version of SweepJobData: a worker refuses jobs it does not understand. v2 added the
 * strategies hash and engine version (the job key covers everything a result depends on).
 */
export const SWEEP_JOB_VERSION = 2;

/** Attempts per point before it ends failed (a point that throws every time). */
export const DEFAULT_ATTEMPTS = 3;
/** First retry delay; doubled per attempt (1 s, 2 s, …). */
export const DEFAULT_BACKOFF_MS = 1000;
/** How long finished jobs (and their results) stay in Redis for a submitter that re-attaches. */
export const RESULT_RETENTION_S = 7 * 24 * 3600;

/** Where a job's bars are: stored once per sweep under `es:dataset:<hash>`, fetched and cached by hash. */
export interface DatasetRef {
  /** SHA-256 (hex) of the dataset's canonical JSON (see dataset-store.ts). */
  hash: string;
  /** The dataset's own id (sp500, csv:…), restored in the results. */
  id: string;
  /** Bars in the dataset: throughput figures without fetching it. */
  bars: number;
}

export interface SweepJobData {
  v: typeof SWEEP_JOB_VERSION;
  sweepId: string;
  /** Phase name; null for a single-grid sweep. */
  phase: string | null;
  point: SweepPoint;
  /** The YAML text, parsed in the worker (cached under the job key, see job-key.ts). */
  configText: string;
  /** SHA-256 (hex) of configText: a worker checks it and refuses a job whose text does not match. */
  configHash: string;
  dataset: DatasetRef;
  /** Sources of the config's `user:` strategies (none in today's Node shells). */
  userStrategies?: UserStrategySource[];
  /** strategiesHash(userStrategies): checked by the worker like configHash. */
  strategiesHash: string;
  /** engineVersion() of the submitter: a worker running another engine refuses the job. */
  engineVersion: string;
  environment?: string;
  /** Per-backtest time limit (ms); a point past it fails (and is retried like any failure). */
  perJobTimeoutMs?: number;
}

/** `<sweepId>.<phase|grid>.<index>`: BullMQ ids cannot hold ':', phase names hold no '.'. */
export function sweepJobId(sweepId: string, phase: string | null, index: number): string {
  return `${sweepId}.${phase ?? 'grid'}.${index}`;
}

/** Sweep ids become part of job ids and file names: letters, digits, '-' and '_' only. */
export const SWEEP_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

export interface SweepJobOptions {
  attempts?: number;
  backoffMs?: number;
}

export function sweepJobOptions(jobId: string, options: SweepJobOptions = {}): JobsOptions {
  return {
    jobId,
    attempts: options.attempts ?? DEFAULT_ATTEMPTS,
    backoff: { type: 'exponential', delay: options.backoffMs ?? DEFAULT_BACKOFF_MS },
    // Results stay readable for a re-attaching submitter; Redis does not fill up for ever.
    removeOnComplete: { age: RESULT_RETENTION_S },
    removeOnFail: { age: RESULT_RETENTION_S },
  };
}
