// Puts a phase's grid points on the queue, one job each, under deterministic ids. Adding a
// point whose job already exists is a no-op in BullMQ, so the submitter can re-add a whole
// phase after a Redis restart (or on re-attaching with --sweep-id) without running anything twice.
import type { Queue } from 'bullmq';
import type { SweepPoint } from '../../engine/optimization/expand-grid';
import type { UserStrategySource } from '../../engine/user-strategy/user-strategy-api';
import { SWEEP_JOB_VERSION, sweepJobId, sweepJobOptions, type DatasetRef, type SweepJobData } from './sweep-job';

export interface SweepSubmission {
  sweepId: string;
  configText: string;
  configHash: string;
  dataset: DatasetRef;
  userStrategies?: UserStrategySource[];
  strategiesHash: string;
  engineVersion: string;
  environment?: string;
  perJobTimeoutMs?: number;
  /** Attempts per point (default 3) and the first retry delay (default 1 s, doubling). */
  attempts?: number;
  backoffMs?: number;
}

/** Jobs per addBulk call (one round trip each). */
const BULK = 500;

export type SweepQueue = Queue<SweepJobData, string>;

export function sweepJobData(submission: SweepSubmission, phase: string | null, point: SweepPoint): SweepJobData {
  return {
    v: SWEEP_JOB_VERSION,
    sweepId: submission.sweepId,
    phase,
    point,
    configText: submission.configText,
    configHash: submission.configHash,
    dataset: submission.dataset,
    ...(submission.userStrategies !== undefined ? { userStrategies: submission.userStrategies } : {}),
    strategiesHash: submission.strategiesHash,
    engineVersion: submission.engineVersion,
    ...(submission.environment !== undefined ? { environment: submission.environment } : {}),
    ...(submission.perJobTimeoutMs !== undefined ? { perJobTimeoutMs: submission.perJobTimeoutMs } : {}),
  };
}

/** Adds the points' jobs (existing ones are left as they are); returns their ids in point order. */
export async function enqueueSweep(queue: SweepQueue, submission: SweepSubmission, phase: string | null, points: readonly SweepPoint[]): Promise<string[]> {
  const ids = points.map((p) => sweepJobId(submission.sweepId, phase, p.index));
  for (let at = 0; at < points.length; at += BULK) {
    await queue.addBulk(
      points.slice(at, at + BULK).map((point, k) => ({
        name: 'point',
        data: sweepJobData(submission, phase, point),
        opts: sweepJobOptions(ids[at + k], { attempts: submission.attempts, backoffMs: submission.backoffMs }),
      })),
    );
  }
  return ids;
}
