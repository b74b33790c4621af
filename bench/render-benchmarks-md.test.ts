import { describe, expect, it } from 'vitest';
import type { BenchResults, SuiteRecord } from './bench-results';
import { GENERATED_NOTICE, formatValue, renderBenchmarksMd } from './render-benchmarks-md';

function suite(over: Partial<SuiteRecord>): SuiteRecord {
  return {
    name: 'bus',
    title: 'EventBus publish vs eventemitter3',
    description: 'One SIGNAL to one filtered handler.',
    startedAt: '2026-12-04T16:30:00.000Z',
    durationSeconds: 12.3,
    quick: false,
    cpus: 2,
    load: { start: [1.25, 0.9, 0.5], end: [2.5, 1.1, 0.6], min1: 1.25, max1: 3.75 },
    figures: [{ name: 'EventBus publish', unit: 'ops/s', median: 146_900_000, min: 120_000_000, max: 150_000_000, q1: 140_000_000, q3: 148_000_000, runs: 7 }],
    targets: [
      {
        name: 'EventBus ≥ 0.5× eventemitter3',
        kind: 'ratio',
        reference: 'eventemitter3, same repetition',
        op: '>=',
        threshold: 0.5,
        unit: 'x',
        met: true,
        median: 0.97,
        min: 0.81,
        max: 1.14,
        q1: 0.9,
        q3: 1.02,
        runs: 7,
      },
    ],
    ...over,
  };
}

const results: BenchResults = {
  format: 'event-studio-bench',
  version: 1,
  date: '2026-12-04T16:35:00.000Z',
  quick: false,
  machine: { cpu: 'AMD EPYC', cpus: 2, memoryGiB: 24, node: 'v20.20.2', platform: 'linux x64' },
  suites: [
    suite({}),
    suite({
      name: 'results',
      title: 'Results writing',
      figures: [],
      targets: [
        {
          name: 'results writing ≤ 20 % of a 1 M-bar run',
          kind: 'ratio',
          reference: 'the run itself',
          op: '<=',
          threshold: 20,
          unit: '%',
          met: false,
          median: 31.4,
          min: 28.2,
          max: 40.9,
          q1: 29,
          q3: 35,
          runs: 5,
        },
      ],
    }),
    suite({ name: 'scale', title: 'Ten million bars', figures: [], targets: [], error: 'JavaScript heap out of memory' }),
    suite({
      name: 'engine',
      title: 'Engine end to end',
      figures: [],
      targets: [
        {
          name: 'backtest ≥ 1 M bars per CPU-second (one thread)',
          kind: 'absolute',
          reference: null,
          op: '>=',
          threshold: 1_000_000,
          unit: 'bars/CPU-s',
          met: false,
          median: 812_000,
          min: 790_000,
          max: 840_000,
          q1: 800_000,
          q3: 820_000,
          runs: 5,
          clock: 'cpu',
          wall: { unit: 'bars/s', median: 87_000, min: 40_000, max: 300_000, q1: 60_000, q3: 120_000, runs: 5 },
        },
      ],
    }),
  ],
};

describe('renderBenchmarksMd', () => {
  const md = renderBenchmarksMd(results);

  it('opens by saying the file is generated and must not be edited by hand', () => {
    expect(md.split('\n')[0]).toBe(GENERATED_NOTICE);
    expect(GENERATED_NOTICE).toMatch(/do not edit by hand/);
  });

  it('states the machine: CPU, CPU count, memory, Node', () => {
    expect(md).toContain('AMD EPYC, 2 CPUs, 24 GiB, Node v20.20.2, linux x64');
  });

  it("gives each target's median, spread, threshold, reference, load average and MET / NOT MET", () => {
    const busRow = md.split('\n').find((l) => l.startsWith('| bus | EventBus ≥ 0.5× eventemitter3'))!;
    expect(busRow).toContain('ratio to eventemitter3, same repetition');
    expect(busRow).toContain('≥ 0.50×');
    expect(busRow).toContain('**0.97×**');
    expect(busRow).toContain('0.81×–1.14×; IQR 0.90×–1.02×');
    expect(busRow).toContain('1.25–3.75 on 2 CPUs');
    expect(busRow.trim().endsWith('| MET |')).toBe(true);
    const resultsRow = md.split('\n').find((l) => l.startsWith('| results |'))!;
    expect(resultsRow).toContain('≤ 20.0 %');
    expect(resultsRow).toContain('**31.4 %**');
    expect(resultsRow).toContain('28.2 %–40.9 %');
    expect(resultsRow).toContain('**NOT MET**');
    expect(md).toContain('## Targets (1 of 3 met)');
  });

  it("gives each suite's figures with median and spread, and the load average at start and end", () => {
    expect(md).toContain('| EventBus publish | **146.90 M ops/s** | 120.00 M ops/s–150.00 M ops/s; IQR 140.00 M ops/s–148.00 M ops/s | 7 |');
    expect(md).toContain('load average 1.25 / 0.90 / 0.50 (1 / 5 / 15 min) at the start, 2.50 / 1.10 / 0.60 at the end');
  });

  it('says when the load average exceeded the CPU count', () => {
    expect(md).toContain('The load average exceeded the 2 CPUs');
    const idle = renderBenchmarksMd({ ...results, suites: results.suites.map((s) => ({ ...s, load: { ...s.load, min1: 0.2, max1: 0.9 } })) });
    expect(idle).not.toContain('The load average exceeded');
  });

  it('states a CPU-time target per CPU-second with its wall-clock figure beside it, and why CPU time is used', () => {
    const row = md.split('\n').find((l) => l.startsWith('| engine |'))!;
    expect(row).toContain('absolute, per CPU-second of the measuring process');
    expect(row).toContain('≥ 1.00 M bars/CPU-s');
    expect(row).toContain('**812.0 k bars/CPU-s** (wall clock 87.0 k bars/s)');
    expect(row).toContain('790.0 k bars/CPU-s–840.0 k bars/CPU-s');
    expect(row.trim().endsWith('| **NOT MET** |')).toBe(true);
    expect(md).toMatch(/CPU time is load-robust/);
    expect(md).toMatch(/wall-clock figure is shown beside it/);
    const wallOnly = renderBenchmarksMd({ ...results, suites: results.suites.filter((s) => s.name !== 'engine') });
    expect(wallOnly).not.toContain('CPU time is load-robust');
  });

  it('reports a failed suite as NOT MET with what it said', () => {
    expect(md).toContain('**This suite failed:** JavaScript heap out of memory');
    expect(md).toMatch(/\| scale \| suite failed: JavaScript heap out of memory \|.*\*\*NOT MET\*\* \|/);
  });

  it('formats units a reader can compare', () => {
    expect(formatValue(1_710_000, 'bars/s')).toBe('1.71 M bars/s');
    expect(formatValue(48, 'bytes/bar')).toBe('48.0 bytes/bar');
    expect(formatValue(1.92, 'x')).toBe('1.92×');
  });
});
