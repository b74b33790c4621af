// A whole distributed sweep from the submitter's side: store the dataset once, run the studio's
// sweep plan with the queue as its executor (phases, top-N hand-over and ranking as in a local
// sweep), report progress, and hand back the SweepResult. Connections retry for ever, so a
// Redis restart pauses the sweep; the follower re-adds whatever Redis lost.
import { Queue, QueueEvents } from 'bullmq';
import type { StudioConfig } from '../../core/config/studio-config';
import type { Dataset } from '../../engine/bar';
import type { PointSuccess, PoolProgress, SweepResult } from '../../engine/optimization/pool-protocol';
import { runSweepPlan } from '../../engine/optimization/sweep-plan';
import { DatasetStore, sha256Hex } from './dataset-store';
import type { SweepQueue, SweepSubmission } from './enqueue-sweep';
import { engineVersion } from './engine-version';
import { createSweepFollower, type JobRecord } from './follow-sweep';
import { strategiesHash } from './job-key';
import { redisConnectionOptions } from './redis-connection-options';
import { QUEUE_PREFIX, SWEEP_ID_PATTERN, SWEEP_QUEUE } from './sweep-job';
import { SweepResultsWriter, type SweepSummary } from './sweep-results-writer';

export interface QueuedSweepOptions {
  /** redis://host:port */
  url: string;
  configText: string;
  /** The parsed configText (the plan needs its optimization section). */
  config: StudioConfig;
  dataset: Dataset;
  /** Re-attach to (or deliberately re-run under) this id; default a new id per submission. */
  sweepId?: string;
  environment?: string;
  perJobTimeoutMs?: number;
  attempts?: number;
  backoffMs?: number;
  pollMs?: number;
  /** Dataset TTL in Redis (s). */
  datasetTtlSeconds?: number;
  /**
   * Results folder: each point's container files are written as it arrives, then run.json,
   * config.yaml and summary.json (see SweepResultsWriter). Without it nothing is written.
   */
  outDir?: string;
  /** Stamp of the results (default now). */
  createdAt?: number;
  /** Equity curves as equity.npy (default) or equity.json (--equity-format). */
  equityFormat?: 'npy' | 'json';
  onProgress?(progress: QueuedSweepProgress): void;
  onNotice?(text: string): void;
}

export interface QueuedSweepProgress extends PoolProgress {
  sweepId: string;
  /** Bars replayed per second over all finished points. */
  barsPerSecond: number;
}

export interface QueuedSweepResult {
  sweepId: string;
  result: SweepResult;
  /** Bars of the dataset (each point replays them all). */
  barsPerPoint: number;
  /** Attempts and worker per finished point, by `<phase|grid>.<index>`. */
  jobs: Map<string, JobRecord>;
  /** Points re-added after Redis lost them. */
  readded: number;
  /** With outDir: what summary.json says. */
  summary?: SweepSummary;
}

export class SweepIdError extends Error {
  constructor(id: string) {
    super(`sweep id '${id}' must be 1–64 letters, digits, '-' or '_' (it becomes part of job ids and folder names)`);
    this.name = 'SweepIdError';
  }
}

/** A fresh id per submission: content hash prefix (recognisable) + time (unique). */
export function newSweepId(configText: string, datasetHash: string, now = Date.now()): string {
  return `${sha256Hex(configText).slice(0, 8)}${datasetHash.slice(0, 4)}-${now.toString(36)}`;
}

export async function runQueuedSweep(options: QueuedSweepOptions): Promise<QueuedSweepResult> {
  if (options.sweepId !== undefined && !SWEEP_ID_PATTERN.test(options.sweepId)) throw new SweepIdError(options.sweepId);
  const connection = redisConnectionOptions(options.url);
  const queue: SweepQueue = new Queue(SWEEP_QUEUE, { connection, prefix: QUEUE_PREFIX });
  const events = new QueueEvents(SWEEP_QUEUE, { connection, prefix: QUEUE_PREFIX });
  // Connection errors repeat on every retry while Redis is down: say it once per outage-ish.
  let lastNotice = -Infinity;
  const onError = (error: Error) => {
    if (Date.now() - lastNotice > 10_000) options.onNotice?.(`redis: ${error.message} — retrying ${options.url}; the sweep goes on when it is back`);
    lastNotice = Date.now();
  };
  queue.on('error', onError);
  events.on('error', onError);
  try {
    const store = new DatasetStore(() => queue.backend.client, { ttlSeconds: options.datasetTtlSeconds });
    const { ref, text } = DatasetStore.describe(options.dataset);
    await store.putText(ref.hash, text);
    const sweepId = options.sweepId ?? newSweepId(options.configText, ref.hash);
    const submission: SweepSubmission = {
      sweepId,
      configText: options.configText,
      configHash: sha256Hex(options.configText),
      dataset: ref,
      strategiesHash: strategiesHash(undefined),
      engineVersion: engineVersion(),
      ...(options.environment !== undefined ? { environment: options.environment } : {}),
      ...(options.perJobTimeoutMs !== undefined ? { perJobTimeoutMs: options.perJobTimeoutMs } : {}),
      ...(options.attempts !== undefined ? { attempts: options.attempts } : {}),
      ...(options.backoffMs !== undefined ? { backoffMs: options.backoffMs } : {}),
    };
    const writer =
      options.outDir !== undefined
        ? new SweepResultsWriter({
            outDir: options.outDir,
            configText: options.configText,
            config: options.config,
            datasetId: options.dataset.id,
            createdAt: options.createdAt ?? Date.now(),
            ...(options.equityFormat !== undefined ? { equityFormat: options.equityFormat } : {}),
          })
        : undefined;
    const follower = createSweepFollower({
      queue,
      events,
      store,
      datasetText: text,
      submission,
      config: options.config,
      ...(options.pollMs !== undefined ? { pollMs: options.pollMs } : {}),
      ...(options.onNotice ? { onNotice: options.onNotice } : {}),
      ...(writer !== undefined ? { onResult: (outcome: PointSuccess) => writer.writePoint(outcome) } : {}),
    });
    const started = performance.now();
    const result = await runSweepPlan(options.config, follower.execute, {
      now: () => performance.now(),
      onProgress: (p) => {
        const elapsed = (performance.now() - started) / 1000;
        const succeeded = p.done - p.failed;
        options.onProgress?.({ ...p, sweepId, barsPerSecond: elapsed > 0 ? (succeeded * ref.bars) / elapsed : 0 });
      },
    });
    const run: QueuedSweepResult = { sweepId, result, barsPerPoint: ref.bars, jobs: follower.jobs, readded: follower.readded };
    if (writer !== undefined) run.summary = writer.finish(run);
    return run;
  } finally {
    await Promise.allSettled([events.close(), queue.close()]);
  }
}
