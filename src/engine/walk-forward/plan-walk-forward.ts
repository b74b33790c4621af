// Walk-forward windows over a run's bar times: each window trains on [trainStart,
// trainEnd) and tests on the bars right after, [testStart, testEnd). Rolling windows
// slide by `step`; anchored ones keep the first bar and grow. Out-of-sample windows
// never overlap, so their stitched equity curve counts each bar once.
import type { WalkForwardConfig } from '../../core/config/studio-config';
import { addDuration, parseWalkForwardSpan, type WalkForwardSpan } from './walk-forward-span';
import { WalkForwardPlanError } from './walk-forward-plan-error';

export interface WalkForwardWindow {
  /** 0-based fold number. */
  index: number;
  /** Indices into the bar times: train [trainStart, trainEnd), test [testStart, testEnd); testStart = trainEnd. */
  trainStart: number;
  trainEnd: number;
  testStart: number;
  testEnd: number;
  /** The same bounds as times: the first bar's time and the exclusive end (the next bar's time, or last + 1). */
  trainStartTime: number;
  trainEndTime: number;
  testStartTime: number;
  testEndTime: number;
}

export interface PlanWalkForwardOptions {
  /** Keep a last test window cut short by the end of the data (default false: its annualized numbers would be noise). */
  keepPartial?: boolean;
  /** Prefix of error paths (default 'optimization.walk_forward'). */
  path?: string;
}

/** Index of the first time ≥ t in the sorted `times`. */
function lowerBound(times: readonly number[], t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function describe(span: WalkForwardSpan): string {
  return span.kind === 'bars' ? `${span.bars} bars` : `${span.count}${span.unit}`;
}

/**
 * The windows of `wf` over `barTimes` (distinct bar timestamps, strictly increasing).
 * Throws a WalkForwardPlanError naming the YAML key when the spans are invalid, when out-of-sample
 * windows would overlap (step < test) or when the data is too short for one window.
 */
export function planWalkForward(barTimes: readonly number[], wf: WalkForwardConfig, options: PlanWalkForwardOptions = {}): WalkForwardWindow[] {
  const base = options.path ?? 'optimization.walk_forward';
  const train = parseWalkForwardSpan(wf.train, `${base}.train`);
  const test = parseWalkForwardSpan(wf.test, `${base}.test`);
  const step = wf.step === undefined ? test : parseWalkForwardSpan(wf.step, `${base}.step`);
  if (train.kind !== test.kind || step.kind !== test.kind) {
    throw new WalkForwardPlanError('write train, test and step all as bars (252) or all as durations (2y, 6mo)', base);
  }
  for (let i = 1; i < barTimes.length; i++) {
    if (!(barTimes[i]! > barTimes[i - 1]!)) throw new RangeError(`planWalkForward: bar times must be strictly increasing (index ${i}).`);
  }
  const n = barTimes.length;
  const endTime = (i: number): number => (i < n ? barTimes[i]! : barTimes[n - 1]! + 1);
  const windows: WalkForwardWindow[] = [];
  const push = (trainStart: number, trainEnd: number, testEnd: number): void => {
    windows.push({
      index: windows.length,
      trainStart,
      trainEnd,
      testStart: trainEnd,
      testEnd,
      trainStartTime: barTimes[trainStart]!,
      trainEndTime: endTime(trainEnd),
      testStartTime: endTime(trainEnd),
      testEndTime: endTime(testEnd),
    });
  };

  if (train.kind === 'bars' && test.kind === 'bars' && step.kind === 'bars') {
    if (step.bars < test.bars) {
      throw new WalkForwardPlanError(`step (${step.bars} bars) is shorter than test (${test.bars} bars): out-of-sample windows would overlap; use step ≥ test`, `${base}.step`);
    }
    for (let k = 0; ; k++) {
      const trainStart = wf.anchored ? 0 : k * step.bars;
      const trainEnd = wf.anchored ? train.bars + k * step.bars : trainStart + train.bars;
      if (trainEnd >= n) break;
      const testEnd = trainEnd + test.bars;
      if (testEnd > n && !options.keepPartial) break;
      push(trainStart, trainEnd, Math.min(testEnd, n));
    }
  } else if (train.kind === 'duration' && test.kind === 'duration' && step.kind === 'duration' && n > 0) {
    const t0 = barTimes[0]!;
    const last = barTimes[n - 1]!;
    let maxGap = 0;
    for (let i = 1; i < n; i++) maxGap = Math.max(maxGap, barTimes[i]! - barTimes[i - 1]!);
    for (let k = 0; ; k++) {
      const trainStartT = wf.anchored ? t0 : addDuration(t0, step, k);
      const trainEndT = wf.anchored ? addDuration(addDuration(t0, train), step, k) : addDuration(trainStartT, train);
      if (trainEndT > last) break;
      const testEndT = addDuration(trainEndT, test);
      // Complete when the data reaches the window's end (up to one bar interval, e.g. a weekend).
      if (testEndT - last > maxGap && !options.keepPartial) break;
      const trainStart = lowerBound(barTimes, trainStartT);
      const trainEnd = lowerBound(barTimes, trainEndT);
      const testEnd = lowerBound(barTimes, testEndT);
      // A calendar window may fall in a hole of the data: skip it rather than run on nothing.
      if (trainEnd > trainStart && testEnd > trainEnd) push(trainStart, trainEnd, testEnd);
    }
    for (let i = 1; i < windows.length; i++) {
      if (windows[i]!.testStart < windows[i - 1]!.testEnd) {
        throw new WalkForwardPlanError(`step (${describe(step)}) is shorter than test (${describe(test)}): out-of-sample windows would overlap; use step ≥ test`, `${base}.step`);
      }
    }
  }
  if (windows.length === 0) {
    const range = n > 0 ? `${n} bars from ${new Date(barTimes[0]!).toISOString().slice(0, 10)} to ${new Date(barTimes[n - 1]!).toISOString().slice(0, 10)}` : 'no bars';
    throw new WalkForwardPlanError(`train ${describe(train)} + test ${describe(test)} do not fit in the data (${range}); shorten them or load more data`, `${base}.train`);
  }
  return windows;
}
