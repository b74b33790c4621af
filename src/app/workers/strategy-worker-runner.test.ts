// The watchdog outside the strategy worker, with scripted sessions and a hand-driven
// clock: a session that falls silent while user code runs is ended past the per-bar limit
// plus grace, the stalled point is replayed in trace mode to name the bar and line, the
// points before it keep their outcomes and the ones after it run in a new session; a long
// silence while the engine builds its result (no user code) is not a stall.
import { describe, expect, it } from 'vitest';
import type { PointOutcome, SweepContext, SweepJob } from '../../engine/optimization/pool-protocol';
import { generateSyntheticBars } from '../../engine/data/synthetic-bars';
import { phaseContainerIds } from '../../engine/optimization/phase-container-ids';
import { testConfig } from '../../engine/optimization/test-config';
import { userStrategyErrorLocation } from '../../engine/user-strategy/user-strategy-error-location';
import type { StrategyJobMessage, StrategyWorkerMessage } from './strategy-worker-protocol';
import { strategyJobRunner, type OpenStrategySession } from './strategy-worker-runner';

const dataset = generateSyntheticBars({ seed: 1, symbols: ['AAA'], days: 20, timeframes: ['1d'] });

/** A clock and interval the test advances by hand. */
function manualTime() {
  let t = 0;
  const ticks = new Set<() => void>();
  return {
    now: () => t,
    setInterval: (fn: () => void) => {
      ticks.add(fn);
      return fn;
    },
    clearInterval: (h: unknown) => void ticks.delete(h as () => void),
    async advance(ms: number) {
      for (let i = 0; i < ms; i += 50) {
        t += 50;
        for (const fn of [...ticks]) fn();
        await Promise.resolve();
      }
    },
  };
}

function ok(index: number): PointOutcome {
  return { ok: true, index, phase: null, params: {}, containerSuffix: `_${index}`, containerIds: {}, durationMs: 1, runId: 'r', metrics: {}, trades: {}, memory: {}, eventsPublished: 0, barsProcessed: 0 };
}

/** Sessions that play `script(message, n)` (n: the session's number) and record what they were sent. */
function scripted(script: (message: StrategyJobMessage, n: number, say: (m: StrategyWorkerMessage) => void) => void) {
  const sent: StrategyJobMessage[] = [];
  let ended = 0;
  const open: OpenStrategySession = (receive) => ({
    send(message) {
      sent.push(message);
      const n = sent.length;
      queueMicrotask(() => script(message, n, receive));
    },
    end: () => void ended++,
  });
  return { open, sent, ended: () => ended };
}

const jobs: SweepJob[] = [0, 1, 2].map((index) => ({ point: { index, params: {}, containerSuffix: `_${index}` }, phase: null }));
const context: SweepContext = { contextId: 'c', config: testConfig(), datasetId: dataset.id, detail: 'metrics', userStrategies: [{ name: 'x', source: '' }] };

describe('the strategy watchdog', () => {
  it('ends a silent call past the per-bar limit, replays the point to name its bar and line, and runs the rest anew', async () => {
    const time = manualTime();
    const s = scripted((message, n, say) => {
      if (message.kind !== 'batch') return;
      if (n === 1) {
        // point 0 finishes; point 1 stalls at a throttled heartbeat (bar 3, line 2)
        say({ kind: 'start', index: 0 });
        say({ kind: 'outcome', outcome: ok(0) });
        say({ kind: 'start', index: 1 });
        say({ kind: 'beat', beat: { user: true, strategy: 'user:x', phase: 'onBar', bar: { symbol: 'AAA', timestamp: 0, call: 3 }, line: 2 } });
      } else if (n === 2) {
        // the trace replay of point 1 alone: every call reported, it stalls at bar 5, line 7
        expect([message.trace, message.jobs.map((j) => j.point.index)]).toEqual([true, [1]]);
        say({ kind: 'beat', beat: { user: true, strategy: 'user:x', phase: 'onBar', bar: { symbol: 'AAA', timestamp: 86_400_000, call: 5 }, line: 7 } });
      } else {
        expect([message.trace, message.jobs.map((j) => j.point.index)]).toEqual([false, [2]]);
        say({ kind: 'start', index: 2 });
        say({ kind: 'outcome', outcome: ok(2) });
        say({ kind: 'done' });
      }
    });
    const runner = strategyJobRunner(s.open, { perBarMs: 500, graceMs: 1000, ...time });
    const pending = runner.runBatch(dataset, context, jobs);
    await time.advance(1400);
    expect(s.sent).toHaveLength(1); // within limit + grace: still waiting
    await time.advance(400);
    await time.advance(1600);
    await time.advance(100);
    const outcomes = await pending;
    expect(outcomes.map((o) => [o.index, o.ok])).toEqual([[0, true], [1, false], [2, true]]);
    const failed = outcomes[1]!;
    if (failed.ok) throw new Error('expected a failure');
    expect(failed.timedOut).toBe(true);
    expect(failed.error.message).toMatch(/ran past its per-bar time limit of 500 ms at line 7 \(in the loop or function starting there\) on bar 5 \(AAA 1970-01-02T00:00:00.000Z\) — stopped from outside/);
    expect(userStrategyErrorLocation(failed.error.message)).toEqual({ strategy: 'user:x', line: 7 });
    // the point's own container ids, as every other failed point has them
    expect(failed.containerIds).toEqual(phaseContainerIds(testConfig().containers, '_1'));
    expect(s.ended()).toBe(3);
  });

  it('does not end a worker that is silent while the engine builds a big result', async () => {
    const time = manualTime();
    let finish: (() => void) | undefined;
    const s = scripted((message, _n, say) => {
      if (message.kind !== 'job') return;
      say({ kind: 'beat', beat: { user: false, finishing: true } });
      finish = () => {
        say({ kind: 'outcome', outcome: ok(0) });
        say({ kind: 'done' });
      };
    });
    const runner = strategyJobRunner(s.open, { perBarMs: 500, graceMs: 1000, engineSilenceMs: 60_000, ...time });
    const pending = runner.runJob(dataset, { config: testConfig(), datasetId: dataset.id, userStrategies: [{ name: 'x', source: '' }] });
    await time.advance(10_000);
    finish!();
    expect((await pending).ok).toBe(true);
    expect(s.sent).toHaveLength(1);
  });
});
