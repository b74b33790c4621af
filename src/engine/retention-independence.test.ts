// One container's retention never depends on another's (issue 14): the execution container
// under trade_complete keeps only the events of open trades whatever its portfolio keeps, and a
// container whose settings say disk gets every traced event in its archive (seed example 08).
import { describe, expect, it } from 'vitest';
import type { RetentionPolicy, TraceSettings } from '../core/trace-settings';
import type { EventStorage } from '../core/event-storage';
import type { TradingEvent } from '../core/events';
import { runBacktestSync } from './run-backtest';
import { barsFrom, dataset, portfolioContainer, strategyContainer, studioConfig, testStrategies } from './testing/backtest-fixtures';
import type { Direction } from '../core/events';

/** n bars and a script that goes long on even bars and flat on odd ones: a trade every two bars. */
function churn(n: number) {
  const rows = Array.from({ length: n }, (_v, i) => {
    const c = 100 + (i % 7);
    return [c, c + 1, c - 1, c] as const;
  });
  const script: Record<number, Direction> = {};
  for (let i = 0; i < n; i++) script[i] = i % 2 === 0 ? 'long' : 'flat';
  return { bars: barsFrom('SPX', rows), script };
}

function run(n: number, portfolioPolicy: RetentionPolicy, storageFor?: (id: string, s: TraceSettings) => EventStorage | undefined) {
  const { bars, script } = churn(n);
  const config = studioConfig([
    { id: 'execution_1', type: 'execution', eventTracing: { retentionPolicy: 'trade_complete', eventsToTrace: 'ALL' } },
    strategyContainer('scripted_1', 'scripted', { script: { SPX: script } }),
    portfolioContainer('portfolio_1', ['scripted_1'], { eventTracing: { retentionPolicy: portfolioPolicy, eventsToTrace: 'ALL', maxEvents: 1_000_000 } }),
  ]);
  return runBacktestSync(config, dataset(bars), { strategies: testStrategies, storageFor });
}

describe("an execution container's trade_complete retention", () => {
  for (const policy of ['full', 'sliding_window', 'none', 'minimal', 'trade_complete'] as const) {
    it(`stays flat with the trade count when its portfolio keeps '${policy}'`, () => {
      const small = run(40, policy);
      const large = run(400, policy);
      const trades = (r: typeof small) => r.containers.portfolio_1!.trades.length;
      expect(trades(large)).toBeGreaterThan(150);
      expect(trades(large)).toBeGreaterThan(8 * trades(small));
      const exec = (r: typeof small) => r.containers.execution_1!.memory;
      // Only open trades' orders and fills are held (a closing trade and the next entry at most), at any moment and at the end.
      expect(exec(large).peakEventsInMemory).toBe(exec(small).peakEventsInMemory);
      expect(exec(large).peakEventsInMemory).toBeLessThanOrEqual(8);
      expect(exec(large).eventsInMemory).toBe(0);
      if (policy === 'full') {
        // The portfolio keeping everything does grow: the two retentions are independent.
        expect(large.containers.portfolio_1!.memory.eventsInMemory).toBeGreaterThan(5 * small.containers.portfolio_1!.memory.eventsInMemory);
      }
    });
  }
});

describe('a container whose settings say disk', () => {
  it('archives every traced event, uncorrelated PORTFOLIO_UPDATEs included, under trade_complete', () => {
    const written = new Map<string, TradingEvent[]>();
    const storageFor = (id: string, s: TraceSettings): EventStorage | undefined => {
      if (s.storageBackend !== 'disk') return undefined;
      const list: TradingEvent[] = [];
      written.set(id, list);
      return {
        append: (e) => void list.push(e),
        appendBatch: (events) => void list.push(...events),
        getByCorrelation: () => [],
        query: () => [],
        removeCorrelation: () => 0,
        count: () => list.length,
        clear: () => undefined,
      };
    };
    const { bars, script } = churn(30);
    const config = studioConfig([
      strategyContainer('scripted_1', 'scripted', { script: { SPX: script } }),
      // Seed example 08's portfolio_final_*: ALL on disk, no retention_policy written (default trade_complete).
      portfolioContainer('portfolio_final_1', ['scripted_1'], { eventTracing: { enabled: true, eventsToTrace: 'ALL', storageBackend: 'disk' } }),
    ]);
    const r = runBacktestSync(config, dataset(bars), { strategies: testStrategies, storageFor });
    const c = r.containers.portfolio_final_1!;
    expect(c.traceSettings.retentionPolicy).toBe('trade_complete');
    const onDisk = written.get('portfolio_final_1')!;
    const updates = onDisk.filter((e) => e.type === 'PORTFOLIO_UPDATE');
    // One PORTFOLIO_UPDATE per bar where anything changed; all of them on disk, none held in memory.
    expect(updates.length).toBeGreaterThan(20);
    expect(c.memory.eventsInMemory).toBe(0);
    const types = new Set(onDisk.map((e) => e.type));
    for (const t of ['SIGNAL', 'ORDER', 'FILL', 'POSITION_OPEN', 'POSITION_CLOSE', 'PORTFOLIO_UPDATE']) expect(types).toContain(t);
    // In the order they happened.
    const seq = onDisk.map((e) => e.sequence!);
    expect([...seq].sort((a, b) => a - b)).toEqual(seq);
  });
});
