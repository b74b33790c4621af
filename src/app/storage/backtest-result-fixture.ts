// A deterministic BacktestResult with every shape the storage must keep (metrics with an
// Infinity profit factor, trades, an equity curve, traced events, a container without metrics),
// for the storage tests and the storage benchmark. Not used by the app itself.
import type { TradingEvent } from '../../core/events';
import type { ClosedTrade, MetricsSnapshot } from '../../core/metrics-snapshot';
import { DEFAULT_TRACE_SETTINGS, type TraceSettings } from '../../core/trace-settings';
import type { BacktestResult, ContainerResult, EquityPoint } from '../../engine/backtest-result';

const DAY = 86_400_000;
const T0 = Date.UTC(2020, 0, 1);

/** Events of a traced run: per trade SIGNAL → ORDER → FILL → POSITION_OPEN → … → POSITION_CLOSE, with BARs between. */
export function makeTracedEvents(count: number, containerId = 'portfolio_1', runId = 'bt'): TradingEvent[] {
  const types = ['BAR', 'SIGNAL', 'ORDER', 'FILL', 'POSITION_OPEN', 'BAR', 'BAR', 'POSITION_CLOSE'] as const;
  return Array.from({ length: count }, (_, i) => {
    const type = types[i % types.length]!;
    const trade = Math.floor(i / types.length);
    const seq = i + 1;
    return {
      eventId: `${runId}-${seq}`,
      type,
      timestamp: T0 + Math.floor(i / 2) * DAY,
      sourceId: type === 'BAR' ? 'data' : containerId,
      containerId,
      ...(type === 'BAR' ? {} : { correlationId: `${containerId}-trade-${trade}` }),
      sequence: seq,
      payload:
        type === 'BAR'
          ? { symbol: 'SPY', timeframe: '1d', open: 300 + (i % 17), high: 305 + (i % 13), low: 295 + (i % 11), close: 301 + (i % 7), volume: 1e6 + i }
          : { symbol: 'SPY', side: 'buy', quantity: 10, price: 300 + (i % 9), strength: 0.5, strategyId: 'momentum_1', direction: 'long' },
      metadata: { bus: containerId },
    } as unknown as TradingEvent;
  });
}

function metrics(trades: ClosedTrade[]): MetricsSnapshot {
  const wins = trades.filter((t) => t.pnl > 0);
  const losses = trades.filter((t) => t.pnl <= 0);
  const grossProfit = wins.reduce((n, t) => n + t.pnl, 0);
  const grossLoss = losses.reduce((n, t) => n + t.pnl, 0);
  return {
    totalReturn: 0.1234,
    sharpeRatio: 1.42,
    maxDrawdown: 0.08,
    winRate: trades.length ? wins.length / trades.length : 0,
    profitFactor: grossLoss === 0 ? Infinity : grossProfit / -grossLoss,
    totalTrades: trades.length,
    winningTrades: wins.length,
    losingTrades: losses.length,
    grossProfit,
    grossLoss,
    totalPnl: grossProfit + grossLoss,
    finalEquity: 100_000 + grossProfit + grossLoss,
    sortinoRatio: 2.1,
    calmarRatio: 1.5,
    maxDrawdownDuration: 12 * DAY,
    maxDrawdownBars: 12,
    expectancy: trades.length ? (grossProfit + grossLoss) / trades.length : 0,
    avgWin: wins.length ? grossProfit / wins.length : 0,
    avgLoss: losses.length ? grossLoss / losses.length : 0,
    largestWin: Math.max(0, ...wins.map((t) => t.pnl)),
    largestLoss: Math.min(0, ...losses.map((t) => t.pnl)),
    exposure: 0.45,
    initialCapital: 100_000,
    equityUpdates: 250,
    ...ANALYSIS,
    // All winners: no loss spread, so SQN is undefined — a NaN the exports must keep.
    sqn: losses.length ? 1.8 : NaN,
    longTrades: trades.filter((t) => t.side === 'long').length,
    shortTrades: trades.filter((t) => t.side === 'short').length,
  };
}

/** The analysis block (AnalysisMetrics) with fixed plausible values. */
const ANALYSIS = {
  cagr: 0.061,
  annualizedReturn: 0.058,
  annualizedVolatility: 0.17,
  buyAndHoldReturn: 0.09,
  sqn: 1.8,
  kellyCriterion: 0.21,
  bestTrade: 120,
  worstTrade: -60,
  avgTradePnl: 35,
  bestTradePct: 0.04,
  worstTradePct: -0.02,
  avgTradePct: 0.011,
  avgTradeBars: 3,
  maxTradeBars: 9,
  avgTradeDuration: 3 * DAY,
  maxTradeDuration: 9 * DAY,
  avgDrawdown: 0.02,
  avgDrawdownDuration: 4 * DAY,
  avgDrawdownBars: 4,
  drawdownEpisodes: 7,
  maxRunUp: 0.15,
  maxConsecutiveWins: 5,
  maxConsecutiveLosses: 2,
  commissionsPaid: 24,
  longTrades: 0,
  longWinRate: 0.6,
  longPnl: 400,
  shortTrades: 0,
  shortWinRate: 0.5,
  shortPnl: 100,
};

function trades(n: number, containerId: string, allWinners: boolean): ClosedTrade[] {
  return Array.from({ length: n }, (_, i) => {
    const pnl = allWinners ? 50 + i : i % 3 === 0 ? -40 - i : 60 + i;
    return {
      id: `${containerId}-trade-${i}`,
      containerId,
      strategyId: 'momentum_1',
      symbol: 'SPY',
      side: i % 4 === 0 ? 'short' : 'long',
      quantity: 10,
      entryPrice: 300 + i,
      exitPrice: 300 + i + pnl / 10,
      entryTime: T0 + i * 4 * DAY,
      exitTime: T0 + (i * 4 + 3) * DAY,
      pnl,
      returnPct: pnl / ((300 + i) * 10),
      commission: 1,
      barsHeld: 3,
      reason: i % 5 === 0 ? 'stop_loss' : 'signal',
    };
  });
}

function equity(n: number): EquityPoint[] {
  let peak = 0;
  return Array.from({ length: n }, (_, i) => {
    const eq = 100_000 + 1000 * Math.sin(i / 9) + 20 * i;
    peak = Math.max(peak, eq);
    return { timestamp: T0 + i * DAY, equity: eq, cash: eq - 3000, drawdown: (peak - eq) / peak };
  });
}

function container(id: string, type: ContainerResult['type'], parts: Partial<ContainerResult>, settings: Partial<TraceSettings> = {}): ContainerResult {
  return {
    containerId: id,
    type,
    trades: [],
    events: [],
    eventsDropped: 0,
    traceSettings: { ...DEFAULT_TRACE_SETTINGS, ...settings },
    memory: { eventsInMemory: parts.events?.length ?? 0, openPositions: 0, peakEventsInMemory: parts.events?.length ?? 0 },
    ...parts,
  };
}

export interface FixtureOptions {
  events?: number;
  trades?: number;
  equityPoints?: number;
  /** The analysis container stores its events gzip-compressed. */
  compressedAnalysis?: boolean;
}

/** root (summary, events) + portfolio_1 (all winners: profit factor Infinity) + portfolio_2 + signal_analyzer (full tracing) + data. */
export function makeBacktestResult(options: FixtureOptions = {}): BacktestResult {
  const nEvents = options.events ?? 240;
  const nTrades = options.trades ?? 12;
  const nEquity = options.equityPoints ?? 120;
  const t1 = trades(nTrades, 'portfolio_1', true);
  const t2 = trades(nTrades, 'portfolio_2', false);
  const containers: Record<string, ContainerResult> = {
    root: container('root', 'analysis', { events: makeTracedEvents(Math.floor(nEvents / 4), 'root') }, { retentionPolicy: 'full' }),
    portfolio_1: container('portfolio_1', 'portfolio', { metrics: metrics(t1), trades: t1, equityCurve: equity(nEquity) }),
    portfolio_2: container('portfolio_2', 'portfolio', { metrics: metrics(t2), trades: t2, equityCurve: equity(nEquity), eventsDropped: 17 }, { retentionPolicy: 'sliding_window', maxEvents: 100 }),
    signal_analyzer: container(
      'signal_analyzer',
      'analysis',
      { events: makeTracedEvents(nEvents, 'signal_analyzer') },
      { retentionPolicy: 'full', storageBackend: 'disk', storageConfig: { compression: options.compressedAnalysis ?? true, maxFileSizeMb: 100 } },
    ),
    data: container('data', 'data', {}, { enabled: false }),
  };
  return {
    runId: 'momentum_sweep',
    configName: 'momentum_sweep',
    datasetId: 'sp500-2000',
    startTime: T0,
    endTime: T0 + nEquity * DAY,
    barsProcessed: nEquity,
    eventsPublished: nEvents * 3,
    containerIds: Object.keys(containers),
    containers,
  };
}
