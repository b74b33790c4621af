// The seed's other event types, published where they belong (issue 14): ORDER_REQUEST from a
// portfolio before risk turns it into an ORDER, FEATURES from strategies that compute
// indicators (only when someone wants them), REGIME_CHANGE from a regime strategy — with
// causation chains bar → features → regime change → signal → order_request → order → fill.
import { describe, expect, it } from 'vitest';
import { parseStudioConfig } from '../core/config/parse-studio-config';
import type { TradingEvent } from '../core/events';
import { runBacktestSync } from './run-backtest';
import { barsFrom, dataset } from './testing/backtest-fixtures';

// Calm rise, a volatile drop, a calm recovery, twice: regimes change and ma_crossover trades.
const CLOSES = [
  100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 100, 112, 96, 95, 94, 93, 92, 91, 92, 93, 94, 95, 96, 97, 98, 99, 100, 101, 102, 103, 104, 92, 106, 90,
  89, 88, 87, 86, 87, 88, 89, 90, 91, 92, 93, 94,
];
const bars = barsFrom('SPX', CLOSES.map((c) => [c, c + 0.5, c - 0.5, c] as const));
const data = dataset(bars);

function run(yaml: string) {
  const parsed = parseStudioConfig(yaml);
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => `${e.line}: ${e.message}`).join('; '));
  return runBacktestSync(parsed.config, data);
}

const byId = (events: readonly TradingEvent[]) => new Map(events.map((e) => [e.eventId, e]));

const PORTFOLIO = `
  - id: portfolio_1
    type: portfolio
    strategies: [sma_1]
    sizing: {type: fixed, quantity: 10}
    risk: {max_position: 6}
    event_tracing: {retention_policy: full, events_to_trace: ALL}`;

describe('ORDER_REQUEST', () => {
  it('stands between the signal and the order, and risk caps what it asked for', () => {
    const r = run(`
name: requests
data: {source: sp500}
containers:
  - {id: sma_1, type: strategy, strategy: ma_crossover, params: {fast: 2, slow: 5}}${PORTFOLIO}
`);
    const events = r.containers.portfolio_1!.events;
    const index = byId(events);
    const orders = events.filter((e): e is TradingEvent<'ORDER'> => e.type === 'ORDER' && (e as TradingEvent<'ORDER'>).payload.reason === 'signal');
    expect(orders.length).toBeGreaterThan(1);
    for (const order of orders) {
      const request = index.get(order.causationId!) as TradingEvent<'ORDER_REQUEST'>;
      expect(request.type).toBe('ORDER_REQUEST');
      expect(request.correlationId).toBe(order.correlationId);
      const signal = index.get(request.causationId!)!;
      expect(signal.type).toBe('SIGNAL');
      expect(signal.correlationId).toBe(order.correlationId);
      expect(request.sequence!).toBeLessThan(order.sequence!);
      expect([request.payload.symbol, request.payload.side, request.payload.orderType]).toEqual([order.payload.symbol, order.payload.side, 'market']);
    }
    // Entries: sizing asked for 10, max_position 6 capped it — a RISK_BREACH of the trade caused by the request.
    const entry = orders.find((o) => o.payload.side === 'buy')!;
    const request = index.get(entry.causationId!) as TradingEvent<'ORDER_REQUEST'>;
    expect(request.payload.quantity).toBe(10);
    expect(entry.payload.quantity).toBe(6);
    const breach = events.find((e) => e.type === 'RISK_BREACH' && e.causationId === request.eventId)!;
    expect(breach.correlationId).toBe(entry.correlationId);
    expect((breach as TradingEvent<'RISK_BREACH'>).payload.rule).toBe('max_position');
    // The fill and the position follow from the order, as before.
    const fill = events.find((e) => e.type === 'FILL' && e.causationId === entry.eventId)!;
    expect(events.some((e) => e.type === 'POSITION_OPEN' && e.causationId === fill.eventId)).toBe(true);
  });
});

describe('FEATURES', () => {
  const yaml = (tracing: string) => `
name: features
data: {source: sp500}
containers:
  - id: sma_1
    type: strategy
    strategy: ma_crossover
    params: {fast: 2, slow: 5}${tracing}${PORTFOLIO}
`;

  it("are published when the strategy's tracer keeps them (seed 02: sliding window of BAR and FEATURES)", () => {
    const r = run(yaml(`
    event_tracing:
      mode: sliding_window
      max_events: 1000
      events_to_trace: ['BAR', 'FEATURES']`));
    const events = r.containers.sma_1!.events;
    const features = events.filter((e): e is TradingEvent<'FEATURES'> => e.type === 'FEATURES');
    const barsSeen = events.filter((e) => e.type === 'BAR');
    expect(barsSeen).toHaveLength(CLOSES.length);
    // From the bar where SMA(5) exists: one record per bar, caused by that bar.
    expect(features).toHaveLength(CLOSES.length - 4);
    const index = byId(events);
    const f = features[0]!;
    expect(index.get(f.causationId!)!.type).toBe('BAR');
    expect(f.payload.features.sma_slow).toBeCloseTo((100 + 101 + 102 + 103 + 104) / 5, 12);
    expect(f.payload.features.sma_fast).toBeCloseTo((103 + 104) / 2, 12);
    // A signal is caused by the features the strategy computed on its bar.
    const signals = r.containers.portfolio_1!.events.filter((e) => e.type === 'SIGNAL');
    expect(signals.length).toBeGreaterThan(0);
    for (const s of signals) expect(features.some((x) => x.eventId === s.causationId && x.timestamp === s.timestamp)).toBe(true);
  });

  it('cost nothing when nobody traces them: a default run publishes none', () => {
    const plain = run(yaml(''));
    const traced = run(yaml(`
    event_tracing: {retention_policy: full, events_to_trace: [FEATURES]}`));
    const features = traced.containers.sma_1!.events.filter((e) => e.type === 'FEATURES').length;
    expect(features).toBe(CLOSES.length - 4);
    expect(traced.eventsPublished - plain.eventsPublished).toBe(features);
    // The trades are the same either way.
    expect(traced.containers.portfolio_1!.trades).toEqual(plain.containers.portfolio_1!.trades);
  });
});

describe('REGIME_CHANGE', () => {
  it('seed 09: an hmm-pattern regime strategy captures REGIME_CHANGE and SIGNAL, signals caused by the change', () => {
    const r = run(`
name: regimes
data: {source: sp500}
trace_settings:
  container_settings:
    "backtest_*_hmm_*":
      enabled: true
      events_to_trace: ["REGIME_CHANGE", "SIGNAL", "POSITION_CLOSE"]
containers:
  - id: backtest_1_hmm_1
    type: strategy
    strategy: volatility_regime
    params: {trend_period: 5, vol_period: 3, vol_threshold: 0.03}
  - id: portfolio_1
    type: portfolio
    strategies: [backtest_1_hmm_1]
    sizing: {type: fixed, quantity: 10}
`);
    const c = r.containers.backtest_1_hmm_1!;
    // trade_complete (the default) keeps no strategy event: the run says it keeps a window instead.
    expect(c.traceSettings.retentionPolicy).toBe('sliding_window');
    expect(r.warnings?.join('\n')).toMatch(/Strategy container 'backtest_1_hmm_1' traces REGIME_CHANGE, SIGNAL under retention_policy trade_complete/);
    const regimes = c.events.filter((e): e is TradingEvent<'REGIME_CHANGE'> => e.type === 'REGIME_CHANGE');
    expect(regimes.length).toBeGreaterThanOrEqual(4);
    expect(regimes[0]!.payload.previousRegime).toBeUndefined();
    regimes.slice(1).forEach((e, i) => expect(e.payload.previousRegime).toBe(regimes[i]!.payload.regime));
    const signals = c.events.filter((e) => e.type === 'SIGNAL');
    expect(signals.length).toBeGreaterThanOrEqual(2);
    const regimeIds = new Set(regimes.map((e) => e.eventId));
    for (const s of signals) expect(regimeIds.has(s.causationId!)).toBe(true);
    expect(r.containers.portfolio_1!.trades.length).toBeGreaterThan(0);
  });
});
