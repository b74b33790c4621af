// A worker trusts nothing it is handed: a job's payload is type-checked field by field, its
// configHash must be the hash of its configText, its strategiesHash the hash of its sources and
// its engine version this worker's. Any mismatch is an InvalidSweepJobError that names the field
// and what to do; the worker fails the job for good (retrying cannot make it right), and never
// runs a config it did not verify (a job could otherwise run another job's cached config).
import { z } from 'zod';
import { sha256Hex } from './dataset-store';
import { jobKey, strategiesHash } from './job-key';
import { SWEEP_JOB_VERSION, type SweepJobData } from './sweep-job';

export class InvalidSweepJobError extends Error {
  constructor(
    readonly jobId: string,
    readonly field: string,
    detail: string,
  ) {
    super(`job ${jobId}: ${field}: ${detail}`);
    this.name = 'InvalidSweepJobError';
  }
}

const hex64 = z.string().regex(/^[0-9a-f]{64}$/, { message: 'must be 64 lowercase hex digits (a SHA-256)' });
const sweepValue = z.union([z.number(), z.string(), z.boolean()]);

const jobSchema = z.strictObject({
  v: z.literal(SWEEP_JOB_VERSION),
  sweepId: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/),
  phase: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9-]*$/).nullable(),
  point: z.strictObject({
    index: z.number().int().min(0),
    params: z.record(z.string(), sweepValue),
    containerSuffix: z.string(),
  }),
  configText: z.string().min(1),
  configHash: hex64,
  dataset: z.strictObject({ hash: hex64, id: z.string().min(1), bars: z.number().int().min(0) }),
  userStrategies: z.array(z.strictObject({ name: z.string().min(1), source: z.string() })).optional(),
  strategiesHash: hex64,
  engineVersion: z.string().min(1),
  environment: z.string().min(1).optional(),
  perJobTimeoutMs: z.number().positive().optional(),
});

/**
 * The job's payload as SweepJobData after every check, and the key its parsed work is cached
 * under; throws InvalidSweepJobError naming the first problem.
 */
export function checkSweepJob(jobId: string, data: unknown, ownEngineVersion: string): { job: SweepJobData; key: string } {
  const version = (data as { v?: unknown } | null)?.v;
  if (version !== SWEEP_JOB_VERSION) {
    throw new InvalidSweepJobError(jobId, 'v', `job format v${String(version)} is not v${SWEEP_JOB_VERSION}: run the same Event Studio version on the submitter and the workers`);
  }
  const parsed = jobSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InvalidSweepJobError(jobId, issue.path.length > 0 ? issue.path.join('.') : '(payload)', `${issue.message} — the job was not written by an Event Studio submitter of this version`);
  }
  const job = parsed.data as SweepJobData;
  const actualConfig = sha256Hex(job.configText);
  if (actualConfig !== job.configHash) {
    throw new InvalidSweepJobError(jobId, 'configHash', `is ${job.configHash.slice(0, 12)}… but configText hashes to ${actualConfig.slice(0, 12)}…: refusing to run a config the job does not carry`);
  }
  const actualStrategies = strategiesHash(job.userStrategies);
  if (actualStrategies !== job.strategiesHash) {
    throw new InvalidSweepJobError(jobId, 'strategiesHash', `is ${job.strategiesHash.slice(0, 12)}… but the job's strategy sources hash to ${actualStrategies.slice(0, 12)}…`);
  }
  if (job.engineVersion !== ownEngineVersion) {
    throw new InvalidSweepJobError(
      jobId,
      'engineVersion',
      `the submitter runs engine ${job.engineVersion}, this worker ${ownEngineVersion}: start the workers from the submitter's Event Studio checkout`,
    );
  }
  const key = jobKey({
    configHash: job.configHash,
    datasetHash: job.dataset.hash,
    strategiesHash: job.strategiesHash,
    engineVersion: job.engineVersion,
    ...(job.environment !== undefined ? { environment: job.environment } : {}),
    ...(job.perJobTimeoutMs !== undefined ? { perJobTimeoutMs: job.perJobTimeoutMs } : {}),
  });
  return { job, key };
}
