import { describe, expect, it } from 'vitest';
import { collapseRuns, compareLabel, differingSettings } from './run-compare-labels';

const study = (lookback: number, name = 'Momentum') =>
  `name: ${name}\ndata: {source: sp500}\ncontainers:\n  - id: s1\n    type: strategy\n    params: {lookback: ${lookback}, threshold: 0}\n  - id: p1\n    type: portfolio\n`;

describe('differingSettings', () => {
  it('names each run by the settings in which it differs, not the ones it shares', () => {
    const d = differingSettings([{ configText: study(20) }, { configText: study(60) }]);
    expect(d).toEqual([['lookback=20'], ['lookback=60']]);
    expect(compareLabel('Momentum 10:02', d[1]!)).toBe('Momentum 10:02 (lookback=60)');
  });
  it('ignores the study name and counts sweep params', () => {
    const d = differingSettings([
      { configText: study(20, 'A'), params: { 's1.params.threshold': 0.01 } },
      { configText: study(20, 'B'), params: { 's1.params.threshold': 0.02 } },
    ]);
    expect(d).toEqual([['s1.params.threshold=0.01'.replace('s1.params.', '')], ['threshold=0.02']]);
  });
  it('gives no label part when the runs are the same study', () => {
    expect(differingSettings([{ configText: study(20) }, { configText: study(20) }])).toEqual([[], []]);
  });
});

describe('collapseRuns', () => {
  let t = 0;
  const run = (id: string, ret: number, configName = 'Momentum', savedAt = ++t) => ({ id, name: `${configName} ${id}`, configName, datasetId: 'sp500', savedAt, metrics: { totalReturn: ret, totalTrades: 5 } });
  it('collapses adjacent runs with the same study and outcome, keeping the newest', () => {
    const groups = collapseRuns([run('c', 0.1), run('b', 0.1), run('a', 0.1), run('z', 0.2)]);
    expect(groups.map((g) => [g.run.id, g.same.map((s) => s.id)])).toEqual([
      ['c', ['b', 'a']],
      ['z', []],
    ]);
  });
  it('keeps an imported copy (same save time) as its own entry', () => {
    expect(collapseRuns([run('copy', 0.1, 'Momentum', 7), run('orig', 0.1, 'Momentum', 7)])).toHaveLength(2);
  });
  it('keeps different studies apart even with equal numbers', () => {
    expect(collapseRuns([run('a', 0.1, 'X'), run('b', 0.1, 'Y')])).toHaveLength(2);
  });
});
