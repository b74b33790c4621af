import { describe, expect, it } from 'vitest';
import { walkForwardProgress } from './walk-forward-progress';

describe('walkForwardProgress', () => {
  it('counts backtests and estimates the rest at the rate so far', () => {
    // 10 of 70 runs took 2 s: 60 more take 12 s.
    const p = walkForwardProgress({ windowsDone: 1, windowsTotal: 10, runsDone: 10, runsTotal: 70, window: 1, phase: 'train' }, 2000);
    expect(p.done).toBe(10);
    expect(p.total).toBe(70);
    expect(p.etaMs).toBeCloseTo((2000 / 10) * 60, 6);
    expect(p.phase).toBe('window 2/10 train');
  });

  it('has no ETA before the first backtest finishes', () => {
    expect(walkForwardProgress({ windowsDone: 0, windowsTotal: 3, runsDone: 0, runsTotal: 21, window: 0, phase: 'train' }, 500).etaMs).toBeNull();
  });
});
