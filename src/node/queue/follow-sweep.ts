// The submitter's side of a distributed sweep, as a PhaseExecutor for the studio's sweep plan
// (so phases, top-N hand-over and ranking are the local pool's): it enqueues a phase's points
// and follows them until each has a result or has failed for good. Progress comes from
// QueueEvents for promptness and from a periodic reconcile of every pending job for
// correctness — events are lost while Redis is down, and a Redis restarted without
// persistence loses the jobs themselves, which the reconcile then re-adds (same ids) after
// storing the dataset again.
import type { QueueEvents } from 'bullmq';
import type { StudioConfig } from '../../core/config/studio-config';
import type { SweepPoint } from '../../engine/optimization/expand-grid';
import { phaseContainerIds } from '../../engine/optimization/phase-container-ids';
import type { PointFailure, PointOutcome, PointSuccess } from '../../engine/optimization/pool-protocol';
import type { PhaseExecutor } from '../../engine/optimization/sweep-plan';
import type { DatasetStore } from './dataset-store';
import { enqueueSweep, type SweepQueue, type SweepSubmission } from './enqueue-sweep';
import { jobKey } from './job-key';
import { decodePointPayload } from './point-payload';

export const DEFAULT_POLL_MS = 2000;
/** Jobs fetched at once while reconciling. */
const FETCH_CHUNK = 200;

export interface FollowSweepOptions {
  queue: SweepQueue;
  /** Prompt notice of finished jobs (optional: the reconcile alone is enough, only slower). */
  events?: QueueEvents;
  store: DatasetStore;
  /** The dataset's canonical JSON, stored again when Redis has lost it. */
  datasetText: string;
  submission: SweepSubmission;
  config: StudioConfig;
  /** Time between two full reconciles of the pending jobs (default 2 s). */
  pollMs?: number;
  /** Events worth telling the user (jobs re-added after a Redis restart…). */
  onNotice?(text: string): void;
  /**
   * Each successful point with its whole result, as it arrives (to write its files); the
   * outcome handed on to the plan keeps only metrics, trade counts and memory, so a big
   * sweep's results never pile up in the submitter's memory.
   */
  onResult?(outcome: PointSuccess): void;
}

/** Per finished job: how many attempts it took and which worker ran it last. */
export interface JobRecord {
  jobId: string;
  attemptsMade: number;
  processedBy?: string;
}

export interface SweepFollower {
  execute: PhaseExecutor;
  /** Job record of every finished point, by `<phase|grid>.<index>`. */
  readonly jobs: Map<string, JobRecord>;
  /** Points re-added because their jobs were gone from Redis. */
  readonly readded: number;
}

function pointKey(phase: string | null, index: number): string {
  return `${phase ?? 'grid'}.${index}`;
}

export function createSweepFollower(options: FollowSweepOptions): SweepFollower {
  const pollMs = options.pollMs ?? DEFAULT_POLL_MS;
  const jobs = new Map<string, JobRecord>();
  let readded = 0;
  let lastDatasetPut = Date.now();

  const failure = (phase: string | null, point: SweepPoint, reason: string, stack: string | undefined): PointFailure => {
    let containerIds: Record<string, string> = {};
    try {
      containerIds = phaseContainerIds(options.config.containers, point.containerSuffix);
    } catch {
      // The failure itself says why.
    }
    const [, name, message] = /^([A-Za-z]*Error): ([\s\S]*)$/.exec(reason) ?? [undefined, 'Error', reason];
    return {
      ok: false,
      index: point.index,
      phase,
      params: point.params,
      containerSuffix: point.containerSuffix,
      containerIds,
      durationMs: 0,
      error: { name: name!, message: message!, ...(stack !== undefined ? { stack } : {}) },
      timedOut: /time limit/.test(reason),
    };
  };

  // What every result of this sweep must have been computed under (job-key.ts).
  const expectedKey = jobKey({
    configHash: options.submission.configHash,
    datasetHash: options.submission.dataset.hash,
    strategiesHash: options.submission.strategiesHash,
    engineVersion: options.submission.engineVersion,
    ...(options.submission.environment !== undefined ? { environment: options.submission.environment } : {}),
    ...(options.submission.perJobTimeoutMs !== undefined ? { perJobTimeoutMs: options.submission.perJobTimeoutMs } : {}),
  });

  const execute: PhaseExecutor = async (phase, points, onBatch) => {
    const { queue, submission } = options;
    const ids = await enqueueSweep(queue, submission, phase.name, points);
    const pointOf = new Map(ids.map((id, k) => [id, points[k]]));
    const outcomes = new Map<string, PointOutcome>();
    const pending = new Set(ids);
    const ready = new Set<string>();
    let wake: (() => void) | undefined;
    const onFinished = ({ jobId }: { jobId: string }) => {
      if (!pending.has(jobId)) return;
      ready.add(jobId);
      wake?.();
    };
    options.events?.on('completed', onFinished);
    options.events?.on('failed', onFinished);

    // One job's state → an outcome, 'missing', or null while it is still waiting/running.
    const check = async (id: string): Promise<PointOutcome | 'missing' | null> => {
      if (!pending.has(id)) return null;
      const job = await queue.getJob(id);
      if (job === undefined) return 'missing';
      if (job.finishedOn === undefined) return null;
      const point = pointOf.get(id)!;
      if (job.returnvalue !== null && job.returnvalue !== undefined) {
        const { jobKey: resultKey, ...decoded } = decodePointPayload(job.returnvalue);
        jobs.set(pointKey(phase.name, point.index), { jobId: id, attemptsMade: job.attemptsMade, ...(job.processedBy ? { processedBy: job.processedBy } : {}) });
        if (resultKey !== expectedKey) {
          // Another sweep's result under this id (an id reused with other data or config), or an
          // old worker: never filed as this sweep's.
          return failure(
            phase.name,
            point,
            `ResultMismatchError: the result of job ${id} was computed for job key ${String(resultKey).slice(0, 12)}…, not this sweep's ${expectedKey.slice(0, 12)}… (config, data, strategies or engine differ): run it under a new --sweep-id`,
            undefined,
          );
        }
        const full: PointSuccess = { ...decoded, ok: true };
        jobs.set(pointKey(phase.name, point.index), { jobId: id, attemptsMade: job.attemptsMade, ...(job.processedBy ? { processedBy: job.processedBy } : {}) });
        options.onResult?.(full);
        const { result: _result, ...slim } = full;
        return slim;
      }
      const state = await job.getState();
      if (state !== 'failed') return null;
      jobs.set(pointKey(phase.name, point.index), { jobId: id, attemptsMade: job.attemptsMade, ...(job.processedBy ? { processedBy: job.processedBy } : {}) });
      return failure(phase.name, point, job.failedReason ?? 'failed without a reason', job.stacktrace?.length ? job.stacktrace[job.stacktrace.length - 1] : undefined);
    };

    let lastFull = -Infinity;
    try {
      while (pending.size > 0) {
        const full = Date.now() - lastFull >= pollMs;
        const batchIds = full ? [...pending] : [...ready];
        ready.clear();
        if (full) lastFull = Date.now();
        const finished: PointOutcome[] = [];
        const missing: SweepPoint[] = [];
        for (let at = 0; at < batchIds.length; at += FETCH_CHUNK) {
          const chunk = batchIds.slice(at, at + FETCH_CHUNK);
          const states = await Promise.all(chunk.map((id) => check(id)));
          states.forEach((s, k) => {
            const id = chunk[k];
            if (s === null || !pending.has(id)) return;
            if (s === 'missing') {
              missing.push(pointOf.get(id)!);
              return;
            }
            pending.delete(id);
            outcomes.set(id, s);
            finished.push(s);
          });
        }
        const ttlDue = Date.now() - lastDatasetPut > 3600_000;
        if (missing.length > 0 || ttlDue) {
          // Bars first, then jobs: a worker must find the dataset of every job it takes.
          await options.store.putText(submission.dataset.hash, options.datasetText);
          lastDatasetPut = Date.now();
        }
        if (missing.length > 0) {
          await enqueueSweep(queue, submission, phase.name, missing);
          readded += missing.length;
          options.onNotice?.(`${missing.length} point(s) were no longer in Redis (restarted or flushed?): queued again`);
        }
        if (finished.length > 0) onBatch(finished.sort((a, b) => a.index - b.index));
        if (pending.size === 0) break;
        if (ready.size === 0) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(done, Math.max(10, pollMs - (Date.now() - lastFull)));
            function done() {
              clearTimeout(timer);
              wake = undefined;
              resolve();
            }
            wake = done;
          });
        }
      }
    } finally {
      options.events?.off('completed', onFinished);
      options.events?.off('failed', onFinished);
    }
    return ids.map((id) => outcomes.get(id)!);
  };

  return {
    execute,
    jobs,
    get readded() {
      return readded;
    },
  };
}
