import { describe, expect, it } from 'vitest';
import type { MetricsSnapshot } from '../../../core/metrics-snapshot';
import type { WalkForwardWindowResult } from '../../../engine/walk-forward/walk-forward-result';
import { chartColors } from '../charts/chart-colors';
import { buildWindowsChartOption, describeParams, windowLabel } from './build-windows-chart-option';

const DAY = 86_400_000;
const metrics = {} as MetricsSnapshot;

function win(index: number, trainStart: number, params: Record<string, number>): WalkForwardWindowResult {
  const trainEnd = trainStart + 30 * DAY;
  return {
    window: { index, trainStart: 0, trainEnd: 30, testStart: 30, testEnd: 40, trainStartTime: trainStart, trainEndTime: trainEnd, testStartTime: trainEnd, testEndTime: trainEnd + 10 * DAY },
    params,
    bestIndex: 0,
    gridSize: 4,
    failedPoints: 0,
    inSample: { objective: 1, annualizedReturn: 0.1, metrics },
    outOfSample: { objective: 0.5, annualizedReturn: 0.05, metrics, startCapital: 100, endCapital: 101 },
  };
}

describe('buildWindowsChartOption', () => {
  const windows = [win(0, 0, { 'strategy_momentum_1.params.lookback': 20, 'strategy_momentum_1.params.threshold': 0 }), win(1, 10 * DAY, { 'strategy_momentum_1.params.lookback': 40, 'strategy_momentum_1.params.threshold': 0.01 })];
  const option = buildWindowsChartOption(windows, chartColors(false)) as {
    yAxis: { data: string[] };
    series: { id: string; data: { value: number[] }[] }[];
  };

  it('labels one row per window with the parameters training chose', () => {
    expect(describeParams(windows[1]!.params)).toBe('lookback=40, threshold=0.01');
    expect(option.yAxis.data).toEqual(['W1 · lookback=20, threshold=0', 'W2 · lookback=40, threshold=0.01']);
    expect(windowLabel(windows[0]!)).toBe(option.yAxis.data[0]);
  });

  it('draws each window as its train span then its test span, on the time axis', () => {
    const train = option.series.find((s) => s.id === 'train')!.data.map((d) => d.value);
    const test = option.series.find((s) => s.id === 'test')!.data.map((d) => d.value);
    expect(train).toEqual([
      [0, 0, 30 * DAY],
      [1, 10 * DAY, 40 * DAY],
    ]);
    expect(test).toEqual([
      [0, 30 * DAY, 40 * DAY],
      [1, 40 * DAY, 50 * DAY],
    ]);
  });
});
