import { describe, expect, it } from 'vitest';
import { planWalkForward } from './plan-walk-forward';
import { addDuration, parseWalkForwardSpan } from './walk-forward-span';
import { WalkForwardPlanError } from './walk-forward-plan-error';

const DAY = 86_400_000;
const days = (n: number, start = Date.UTC(2020, 0, 1)) => Array.from({ length: n }, (_, i) => start + i * DAY);
const bounds = (ws: ReturnType<typeof planWalkForward>) => ws.map((w) => [w.trainStart, w.trainEnd, w.testStart, w.testEnd]);

describe('planWalkForward in bars', () => {
  it('rolls train and test windows by step (default: test)', () => {
    const t = days(10);
    const ws = planWalkForward(t, { train: 4, test: 2, anchored: false });
    expect(bounds(ws)).toEqual([
      [0, 4, 4, 6],
      [2, 6, 6, 8],
      [4, 8, 8, 10],
    ]);
    expect(ws[0]!.trainStartTime).toBe(t[0]);
    expect(ws[0]!.trainEndTime).toBe(t[4]);
    expect(ws[0]!.testStartTime).toBe(t[4]);
    // The last test window ends after the last bar: exclusive end = last time + 1.
    expect(ws[2]!.testEndTime).toBe(t[9]! + 1);
    expect(ws.map((w) => w.index)).toEqual([0, 1, 2]);
  });

  it('anchors every training window at the first bar', () => {
    expect(bounds(planWalkForward(days(10), { train: 4, test: 2, anchored: true }))).toEqual([
      [0, 4, 4, 6],
      [0, 6, 6, 8],
      [0, 8, 8, 10],
    ]);
  });

  it('leaves gaps with a step longer than test, drops a partial last window unless asked', () => {
    expect(bounds(planWalkForward(days(11), { train: 4, test: 2, step: 3, anchored: false }))).toEqual([
      [0, 4, 4, 6],
      [3, 7, 7, 9],
    ]);
    // The third window would test [10, 12) on 11 bars.
    expect(bounds(planWalkForward(days(11), { train: 4, test: 2, step: 3, anchored: false }, { keepPartial: true }))).toEqual([
      [0, 4, 4, 6],
      [3, 7, 7, 9],
      [6, 10, 10, 11],
    ]);
  });

  it('refuses overlapping out-of-sample windows and data too short for one window, naming the key', () => {
    expect(() => planWalkForward(days(10), { train: 4, test: 3, step: 2, anchored: false })).toThrow(/optimization\.walk_forward\.step: .*overlap/);
    const err = (() => {
      try {
        planWalkForward(days(5), { train: 4, test: 2, anchored: false });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(WalkForwardPlanError);
    expect((err as WalkForwardPlanError).path).toBe('optimization.walk_forward.train');
    expect((err as Error).message).toMatch(/5 bars from 2020-01-01 to 2020-01-05/);
    expect(() => planWalkForward(days(10), { train: 4, test: '1mo', anchored: false })).toThrow(/all as bars .* or all as durations/);
    expect(() => planWalkForward(days(10), { train: 0, test: 2, anchored: false })).toThrow(/whole number ≥ 1/);
  });
});

describe('planWalkForward in calendar durations', () => {
  it('cuts daily bars into calendar months, rolling', () => {
    // Daily bars Jan 1 → Jun 30 2020 (182 days). Train 2 months, test 1 month.
    const t = days(182);
    const ws = planWalkForward(t, { train: '2mo', test: '1m', anchored: false });
    const iso = (x: number) => new Date(x).toISOString().slice(0, 10);
    expect(ws.map((w) => [iso(w.trainStartTime), iso(w.testStartTime), iso(w.testEndTime)])).toEqual([
      ['2020-01-01', '2020-03-01', '2020-04-01'],
      ['2020-02-01', '2020-04-01', '2020-05-01'],
      ['2020-03-01', '2020-05-01', '2020-06-01'],
      // Its test month ends on Jun 30 + 1 ms: the data reaches the end of June.
      ['2020-04-01', '2020-06-01', iso(t[181]! + 1)],
    ]);
    // Jan + Feb 2020 = 31 + 29 days of bars.
    expect(ws[0]!.trainEnd - ws[0]!.trainStart).toBe(60);
    expect(ws[0]!.testEnd - ws[0]!.testStart).toBe(31);
  });

  it('grows anchored windows by the step', () => {
    const ws = planWalkForward(days(182), { train: '3mo', test: '1mo', step: '1mo', anchored: true });
    expect(ws.map((w) => [w.trainStart, new Date(w.testStartTime).getUTCMonth()])).toEqual([
      [0, 3],
      [0, 4],
      [0, 5],
    ]);
  });

  it('parses spans and adds calendar months without overflow', () => {
    expect(parseWalkForwardSpan('2y', 'p')).toEqual({ kind: 'duration', count: 2, unit: 'y' });
    expect(parseWalkForwardSpan('6mo', 'p')).toEqual({ kind: 'duration', count: 6, unit: 'mo' });
    expect(parseWalkForwardSpan('6m', 'p')).toEqual({ kind: 'duration', count: 6, unit: 'mo' });
    expect(parseWalkForwardSpan('30d', 'p')).toEqual({ kind: 'duration', count: 30, unit: 'd' });
    expect(parseWalkForwardSpan(252, 'p')).toEqual({ kind: 'bars', bars: 252 });
    expect(() => parseWalkForwardSpan('2 fortnights', 'optimization.walk_forward.test')).toThrow(/optimization\.walk_forward\.test: '2 fortnights' is not a span/);
    const jan31 = Date.UTC(2020, 0, 31);
    expect(new Date(addDuration(jan31, { kind: 'duration', count: 1, unit: 'mo' })).toISOString().slice(0, 10)).toBe('2020-02-29');
    expect(new Date(addDuration(jan31, { kind: 'duration', count: 1, unit: 'y' })).toISOString().slice(0, 10)).toBe('2021-01-31');
    expect(addDuration(jan31, { kind: 'duration', count: 2, unit: 'w' })).toBe(jan31 + 14 * DAY);
  });
});
