// A strategy job's bars cross to its worker as one moved buffer: the worker reads the same
// bars, the pool worker keeps its own intact for the next job, and nothing is shared.
import { describe, expect, it } from 'vitest';
import { generateSyntheticBars } from '../../engine/data/synthetic-bars';
import type { SweepContext, SweepJob } from '../../engine/optimization/pool-protocol';
import { testConfig } from '../../engine/optimization/test-config';
import { packStrategyJob, unpackStrategyJob } from './strategy-job-wire';
import type { StrategyJobMessage } from './strategy-worker-protocol';

const dataset = generateSyntheticBars({ seed: 7, symbols: ['AAA', 'BBB'], days: 3, timeframes: ['1m', '1h'] });
const FIELDS = ['time', 'open', 'high', 'low', 'close', 'volume'] as const;

describe('a strategy job on the wire', () => {
  it('moves one private ArrayBuffer; the worker reads the same bars and the sender keeps its own', () => {
    const message: StrategyJobMessage = { kind: 'job', dataset, request: { config: testConfig(), datasetId: dataset.id, userStrategies: [{ name: 'x', source: 'src' }] }, trace: false };
    const { wire, transfer } = packStrategyJob(message);
    expect(transfer).toHaveLength(1);
    expect(transfer[0]).toBeInstanceOf(ArrayBuffer);
    expect(wire.packed.buffer).toBe(transfer[0]);
    expect('dataset' in wire).toBe(false);
    const received = unpackStrategyJob(structuredClone(wire, { transfer }));
    // Moved: the sender's handle on the copy is detached; its own columns are untouched.
    expect(transfer[0]!.byteLength).toBe(0);
    expect(dataset.series[0]!.close.length).toBeGreaterThan(0);
    expect(received.kind).toBe('job');
    expect(received.trace).toBe(false);
    if (received.kind !== 'job') throw new Error('kind');
    expect(received.request).toEqual(message.request);
    expect(received.dataset.id).toBe(dataset.id);
    expect(received.dataset.series.map((s) => [s.symbol, s.timeframe])).toEqual(dataset.series.map((s) => [s.symbol, s.timeframe]));
    received.dataset.series.forEach((s, i) => {
      for (const f of FIELDS) expect(Array.from(s[f])).toEqual(Array.from(dataset.series[i]![f]));
    });
  });

  it('packs each send afresh (a stalled job replayed in trace mode gets its own copy) and keeps a batch whole', () => {
    const context: SweepContext = { contextId: 'c', config: testConfig(), datasetId: dataset.id, detail: 'metrics' };
    const jobs: SweepJob[] = [{ point: { index: 0, params: {}, containerSuffix: '_0' }, phase: null }];
    const message: StrategyJobMessage = { kind: 'batch', dataset, context, jobs, trace: true };
    const first = packStrategyJob(message);
    const second = packStrategyJob(message);
    expect(second.transfer[0]).not.toBe(first.transfer[0]);
    structuredClone(first.wire, { transfer: first.transfer });
    const received = unpackStrategyJob(structuredClone(second.wire, { transfer: second.transfer }));
    if (received.kind !== 'batch') throw new Error('kind');
    expect(received).toMatchObject({ context, jobs, trace: true });
    expect(Array.from(received.dataset.series[1]!.close)).toEqual(Array.from(dataset.series[1]!.close));
  });
});
