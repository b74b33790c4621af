// `npm run worker`: a BullMQ worker on the sweep queue. Each job is one grid point: its dataset
// comes from the DatasetStore (fetched once per hash, cached), its backtest runs in a worker
// thread with the studio's own engine, and its result (every container's metrics, trades,
// equity and kept events) is the job's return value — under the job's deterministic id, so a
// point run twice (stalled, then retried elsewhere) leaves one result. A point that throws
// fails the job; BullMQ retries it with backoff up to its attempts, then it stays failed.
import os from 'node:os';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { isInvalidPoint } from '../../engine/optimization/sweep-plan';
import { checkSweepJob, InvalidSweepJobError } from './check-sweep-job';
import { DatasetStore } from './dataset-store';
import { engineVersion } from './engine-version';
import { encodePointPayload } from './point-payload';
import { redisConnectionOptions } from './redis-connection-options';
import { QUEUE_PREFIX, SWEEP_QUEUE, type SweepJobData } from './sweep-job';
import { ThreadLanes } from './thread-lanes';

/** BullMQ's default: a worker that stops renewing for this long has its job retried elsewhere. */
export const DEFAULT_LOCK_MS = 30_000;

export interface SweepWorkerOptions {
  /** redis://host:port */
  url: string;
  /** Points run at once, each in its own worker thread (default 1). */
  concurrency?: number;
  /**
   * Job lock duration (ms): a killed worker's job is retried elsewhere after about this long
   * (stalled-job detection runs every half of it).
   */
  lockMs?: number;
  /** Shown as the job's processedBy (default host:pid). */
  name?: string;
  /** One line per finished point, connection trouble (default: silent). */
  log?: (line: string) => void;
}

export class SweepWorker {
  readonly worker: Worker<SweepJobData, string>;
  readonly store: DatasetStore;
  private readonly lanes: ThreadLanes;
  completed = 0;
  failed = 0;
  /** Points running now. */
  active = 0;

  constructor(options: SweepWorkerOptions) {
    const concurrency = options.concurrency ?? 1;
    const lockMs = options.lockMs ?? DEFAULT_LOCK_MS;
    const log = options.log ?? (() => undefined);
    this.lanes = new ThreadLanes(concurrency);
    this.worker = new Worker<SweepJobData, string>(SWEEP_QUEUE, (job) => this.process(job), {
      connection: redisConnectionOptions(options.url),
      prefix: QUEUE_PREFIX,
      concurrency,
      lockDuration: lockMs,
      stalledInterval: Math.max(500, Math.floor(lockMs / 2)),
      // A job whose worker died twice is more likely the cause than the victim.
      maxStalledCount: 2,
      name: options.name ?? `${os.hostname()}:${process.pid}`,
    });
    this.store = new DatasetStore(() => this.worker.backend.client);
    let down = false;
    this.worker.on('error', (error) => {
      if (!down) log(`redis: ${error.message} — retrying the connection`);
      down = true;
    });
    this.worker.on('ready', () => {
      if (down) log('redis: connected again');
      down = false;
    });
    this.worker.on('completed', (job) => {
      this.completed += 1;
      log(`done   ${job.id} (${job.data.point.index + 1}) ${JSON.stringify(job.data.point.params)}`);
    });
    this.worker.on('failed', (job, error) => {
      this.failed += 1;
      if (job) log(`failed ${job.id} attempt ${job.attemptsMade}/${job.opts.attempts ?? 1}: ${error.message}`);
    });
  }

  private async process(job: Job<SweepJobData, string>): Promise<string> {
    this.active += 1;
    try {
      return await this.runPoint(job);
    } finally {
      this.active -= 1;
    }
  }

  private async runPoint(job: Job<SweepJobData, string>): Promise<string> {
    // Checked before anything is cached or run: a job whose text does not match its hash (or
    // written by another engine) fails for good with the field it got wrong.
    let checked: ReturnType<typeof checkSweepJob>;
    try {
      checked = checkSweepJob(job.id ?? '?', job.data as unknown, engineVersion());
    } catch (error) {
      if (error instanceof InvalidSweepJobError) throw new UnrecoverableError(`${error.name}: ${error.message}`);
      throw error;
    }
    const { job: data, key } = checked;
    const dataset = await this.store.get(data.dataset.hash);
    // Bars are cached by content, parsed configs by the whole job key (config, data, strategies,
    // engine, environment, limit): a context is bound to its dataset, so two sweeps with the same
    // YAML on different data never share one.
    const datasetKey = `${data.dataset.id}@${data.dataset.hash}`;
    const outcome = await this.lanes.run({
      datasetKey,
      dataset,
      context: {
        contextId: `job-${key}`,
        config: data.configText,
        datasetId: datasetKey,
        detail: 'full',
        ...(data.environment !== undefined ? { environment: data.environment } : {}),
        ...(data.perJobTimeoutMs !== undefined ? { perJobTimeoutMs: data.perJobTimeoutMs } : {}),
        ...(data.userStrategies !== undefined && data.userStrategies.length > 0 ? { userStrategies: data.userStrategies } : {}),
      },
      job: { point: data.point, phase: data.phase },
    });
    if (!outcome.ok) {
      // Parameters the engine refuses (fast >= slow) are the same on every attempt: no retries.
      if (isInvalidPoint(outcome)) throw new UnrecoverableError(`${outcome.error.name}: ${outcome.error.message}`);
      const error = new Error(outcome.error.name && outcome.error.name !== 'Error' ? `${outcome.error.name}: ${outcome.error.message}` : outcome.error.message);
      if (outcome.error.stack !== undefined) error.stack = outcome.error.stack;
      throw error;
    }
    const { traced: _traced, ...payload } = outcome;
    // The thread knew the bars by a per-content key; the results name the dataset as submitted.
    if (payload.result !== undefined) payload.result = { ...payload.result, datasetId: data.dataset.id };
    return encodePointPayload({ ...payload, jobKey: key });
  }

  /** Waits until connected to Redis. */
  async ready(): Promise<void> {
    await this.worker.waitUntilReady();
  }

  /** Finishes the running points (unless `force`), then stops the threads. */
  async close(force = false): Promise<void> {
    try {
      await this.worker.close(force);
    } finally {
      this.lanes.dispose();
    }
  }
}
