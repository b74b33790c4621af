import { describe, expect, it } from 'vitest';
import { checkSweepJob, InvalidSweepJobError } from './check-sweep-job';
import { sha256Hex } from './dataset-store';
import { jobKey, strategiesHash } from './job-key';
import { SWEEP_JOB_VERSION, type SweepJobData } from './sweep-job';

const TEXT = 'name: a\n';
const ENGINE = '0.1.0+abc';

function job(over: Partial<SweepJobData> = {}): SweepJobData {
  return {
    v: SWEEP_JOB_VERSION,
    sweepId: 's1',
    phase: null,
    point: { index: 0, params: { 'ma_1.params.fast': 5 }, containerSuffix: '' },
    configText: TEXT,
    configHash: sha256Hex(TEXT),
    dataset: { hash: 'a'.repeat(64), id: 'sp500', bars: 10 },
    strategiesHash: strategiesHash(undefined),
    engineVersion: ENGINE,
    ...over,
  };
}

function problem(data: unknown): InvalidSweepJobError {
  try {
    checkSweepJob('s1.grid.0', data, ENGINE);
  } catch (error) {
    if (error instanceof InvalidSweepJobError) return error;
    throw error;
  }
  throw new Error('accepted');
}

describe('checkSweepJob', () => {
  it('accepts a well-formed job and keys it by config, data, strategies, engine, environment and limit', () => {
    const { key } = checkSweepJob('s1.grid.0', job(), ENGINE);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    const keys = [
      key,
      checkSweepJob('x', job({ dataset: { hash: 'b'.repeat(64), id: 'sp500', bars: 10 } }), ENGINE).key,
      checkSweepJob('x', job({ environment: 'production' }), ENGINE).key,
      checkSweepJob('x', job({ perJobTimeoutMs: 1000 }), ENGINE).key,
      checkSweepJob('x', job({ configText: 'name: b\n', configHash: sha256Hex('name: b\n') }), ENGINE).key,
      checkSweepJob('x', job({ userStrategies: [{ name: 'u', source: 'x' }], strategiesHash: strategiesHash([{ name: 'u', source: 'x' }]) }), ENGINE).key,
    ];
    expect(new Set(keys).size).toBe(keys.length);
    expect(key).toBe(jobKey({ configHash: sha256Hex(TEXT), datasetHash: 'a'.repeat(64), strategiesHash: strategiesHash([]), engineVersion: ENGINE }));
  });

  it('refuses a configHash that is not the hash of configText, naming the field', () => {
    const e = problem(job({ configHash: sha256Hex('name: other\n') }));
    expect(e.field).toBe('configHash');
    expect(e.message).toMatch(/^job s1\.grid\.0: configHash: is [0-9a-f]{12}… but configText hashes to/);
  });

  it('refuses strategy sources that do not match their hash, and another engine', () => {
    expect(problem(job({ userStrategies: [{ name: 'u', source: 'evil' }] })).field).toBe('strategiesHash');
    expect(problem(job({ engineVersion: '0.0.9+def' })).message).toMatch(/engineVersion: the submitter runs engine 0\.0\.9\+def, this worker 0\.1\.0\+abc/);
  });

  it('type-checks the payload field by field', () => {
    expect(problem(null).field).toBe('v');
    expect(problem({ ...job(), v: 1 }).message).toMatch(/job format v1 is not v2/);
    expect(problem({ ...job(), configHash: 42 }).field).toBe('configHash');
    expect(problem({ ...job(), point: { index: 0, params: { a: { b: 1 } }, containerSuffix: '' } }).field).toBe('point.params.a');
    expect(problem({ ...job(), dataset: { hash: 'zz', id: 'x', bars: 1 } }).field).toBe('dataset.hash');
    expect(problem({ ...job(), extra: true }).field).toBe('(payload)');
  });
});
