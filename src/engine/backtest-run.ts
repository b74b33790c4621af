// One backtest as a steppable object: builds the seed's container tree (root bus →
// data feed; strategy containers publishing SIGNALs on child buses; portfolios
// subscribing on the root with mandatory filters; the execution container answering
// ORDERs), walks the merged bar stream in chunks, and assembles the plain-data result.
// runBacktest / runBacktestSync / replaySignals drive it.
import { EventBus } from '../core/bus';
import { SimulatedClock } from '../core/clock';
import type { ContainerConfig, ContainerType, PortfolioContainerConfig, StudioConfig } from '../core/config/studio-config';
import { EventTracer } from '../core/event-tracer';
import type { Direction, TradingEvent } from '../core/events';
import type { EventType } from '../core/event-type';
import { IdGenerator } from '../core/id-generator';
import type { ClosedTrade } from '../core/metrics-snapshot';
import { MetricsObserver } from '../core/metrics-observer';
import { StreamingMetrics } from '../core/streaming-metrics';
import { DEFAULT_TRACE_SETTINGS } from '../core/trace-settings';
import type { TraceSettings } from '../core/trace-settings';
import type { Dataset } from './bar';
import { BacktestAbortedError } from './backtest-aborted-error';
import { BacktestConfigError } from './backtest-config-error';
import { BacktestHandlerError } from './backtest-handler-error';
import type { BacktestProgress, BacktestResult, ContainerResult, EquityCurveSink, EquityPoint, RunBacktestOptions } from './backtest-result';
import { buildBarStream, type BarStream } from './bar-stream';
import { deriveTimeframes } from './data/derive-timeframes';
import { TimeframeError } from './data/timeframe-error';
import { ExecutionSimulator } from './execution-simulator';
import { MarketState } from './market-state';
import type { BarEvent } from './market-state';
import { periodsPerYear } from './periods-per-year';
import { Portfolio } from './portfolio';
import type { ProceedBarrier, SignalEvent } from './portfolio';
import { barriersFromConfig } from '../core/barriers/barriers-from-config';
import { StrategyContainer } from './strategy-container';
import type { StrategyDefinition } from './strategy';
import { findStrategyDefinition, unknownStrategyMessage } from './strategies/strategy-registry';

/** How a run gets its signals: from strategies (a normal run) or from a recording (signal replay). */
export interface SignalSource {
  /** Recorded SIGNALs to publish instead of running strategies, in the order they were recorded. */
  replay?: readonly SignalEvent[];
}

interface TracedContainer {
  id: string;
  type: ContainerType;
  settings: TraceSettings;
  tracer: EventTracer | undefined;
  bus: EventBus;
}

/**
 * The dataset plus every requested timeframe that can be resampled from a finer series it has
 * (1m data, timeframes [5m, 1h] → both built), so a config asking for 1h never silently runs on
 * minutes. A timeframe that cannot be built (1d from monthly bars) is left to buildBarStream's
 * fallback, with a warning saying so.
 */
function withDerivedTimeframes(dataset: Dataset, timeframes: readonly string[], warnings: string[]): Dataset {
  let out = dataset;
  for (const tf of timeframes) {
    if (out.series.every((s) => s.timeframe === tf)) continue;
    try {
      out = deriveTimeframes(out, [tf]);
    } catch (error) {
      if (!(error instanceof TimeframeError)) throw error;
      warnings.push(`data.timeframes: ${error.message}`);
    }
  }
  return out;
}

interface PortfolioSlot {
  portfolio: Portfolio;
  metrics: MetricsObserver;
  calculator: StreamingMetrics;
  trades: ClosedTrade[];
  curve: EquityColumns | undefined;
  peak: number;
}

/** Points per block handed to an equity-curve sink (4 columns × 512 KB). */
const SINK_BLOCK = 65_536;

/**
 * The equity curve as growing columns while the run goes: no object per bar until the result
 * is built — or, with a sink, fixed blocks handed over as they fill, so nothing accumulates.
 */
class EquityColumns {
  length = 0;
  /** Points handed to the sink so far. */
  streamed = 0;
  private ts: Float64Array<ArrayBuffer>;
  private equity: Float64Array<ArrayBuffer>;
  private cash: Float64Array<ArrayBuffer>;
  private dd: Float64Array<ArrayBuffer>;

  constructor(private readonly sink?: EquityCurveSink) {
    const n = sink !== undefined ? SINK_BLOCK : 1024;
    this.ts = new Float64Array(n);
    this.equity = new Float64Array(n);
    this.cash = new Float64Array(n);
    this.dd = new Float64Array(n);
  }

  push(timestamp: number, equity: number, cash: number, drawdown: number): void {
    if (this.length === this.ts.length) {
      if (this.sink !== undefined) this.handOver();
      else {
        const grow = (a: Float64Array<ArrayBuffer>): Float64Array<ArrayBuffer> => {
          const b = new Float64Array(a.length * 2);
          b.set(a);
          return b;
        };
        this.ts = grow(this.ts);
        this.equity = grow(this.equity);
        this.cash = grow(this.cash);
        this.dd = grow(this.dd);
      }
    }
    const i = this.length++;
    this.ts[i] = timestamp;
    this.equity[i] = equity;
    this.cash[i] = cash;
    this.dd[i] = drawdown;
  }

  /** True when the curve goes to a sink instead of the result. */
  get sinking(): boolean {
    return this.sink !== undefined;
  }

  /** A full block goes as it is (the sink owns it; fresh arrays here), a partial one as trimmed copies. */
  private handOver(): void {
    if (this.sink === undefined || this.length === 0) return;
    const full = this.length === this.ts.length;
    const take = (a: Float64Array<ArrayBuffer>): Float64Array<ArrayBuffer> => (full ? a : a.slice(0, this.length));
    this.sink.write({ timestamp: take(this.ts), equity: take(this.equity), cash: take(this.cash), drawdown: take(this.dd) });
    this.streamed += this.length;
    this.length = 0;
    if (full) {
      this.ts = new Float64Array(SINK_BLOCK);
      this.equity = new Float64Array(SINK_BLOCK);
      this.cash = new Float64Array(SINK_BLOCK);
      this.dd = new Float64Array(SINK_BLOCK);
    }
  }

  /** The curve for the result: every point as an object, or none when a sink took them (the rest goes now). */
  points(): EquityPoint[] {
    if (this.sink !== undefined) {
      this.handOver();
      return [];
    }
    const out = new Array<EquityPoint>(this.length);
    for (let i = 0; i < this.length; i++) out[i] = { timestamp: this.ts[i]!, equity: this.equity[i]!, cash: this.cash[i]!, drawdown: this.dd[i]! };
    return out;
  }
}

const DEFAULT_DATA_ID = 'data';
const DEFAULT_EXECUTION_ID = 'execution';

function slug(name: string): string {
  const s = name.trim().toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return s.length > 0 ? s.slice(0, 40) : 'run';
}

/** The container's own event_tracing over the defaults; replaced by the config resolver's cascade when given one. */
export type TraceSettingsResolver = (config: StudioConfig, containerId: string, environment: string | undefined) => TraceSettings;

export const ownSettingsResolver: TraceSettingsResolver = (config, containerId) => {
  const own = config.containers.find((c) => c.id === containerId)?.eventTracing;
  const base: TraceSettings = { ...DEFAULT_TRACE_SETTINGS, storageConfig: { ...DEFAULT_TRACE_SETTINGS.storageConfig } };
  if (own === undefined) return base;
  const { level: _level, dynamicRules: _rules, storageConfig, ...rest } = own;
  const defined = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)) as Partial<TraceSettings>;
  return { ...base, ...defined, storageConfig: { ...base.storageConfig, ...storageConfig } };
};

export class BacktestRun {
  readonly runId: string;
  readonly config: StudioConfig;
  readonly dataset: Dataset;
  readonly barsTotal: number;
  readonly root: EventBus;
  readonly market = new MarketState();
  readonly clock = new SimulatedClock(Number.NEGATIVE_INFINITY);
  private readonly options: RunBacktestOptions;
  private readonly ids: IdGenerator;
  /** Columnar bars; a Bar object is built only for the step that publishes it. */
  private readonly stream: BarStream;
  private readonly streamSymbols: readonly string[];
  private readonly dataId: string;
  private readonly dataBus: EventBus;
  private readonly execution: ExecutionSimulator;
  private readonly strategies: StrategyContainer[] = [];
  private readonly slots: PortfolioSlot[] = [];
  private readonly traced: TracedContainer[] = [];
  private readonly warnings: string[] = [];
  private readonly replay: readonly SignalEvent[] | undefined;
  /** RunBacktestOptions.tradeFrom: slices before it are warm-up (no signals, no marks). */
  private readonly tradeFrom: number;
  private replayNext = 0;
  private index = 0;
  /** Stream index of the bar being published. */
  private current = -1;
  private readonly closeTimes: Float64Array | undefined;
  /** Close time of the current time slice, and the latest bar timestamp in it (the marks' time). */
  private sliceKey = Number.NaN;
  private sliceTs = Number.NaN;
  private lastBar: BarEvent | undefined;
  private finished = false;
  private handlerError: BacktestHandlerError | undefined;

  constructor(config: StudioConfig, dataset: Dataset, options: RunBacktestOptions = {}, source: SignalSource = {}, resolve: TraceSettingsResolver = ownSettingsResolver) {
    this.config = config;
    this.dataset = dataset;
    this.options = options;
    this.runId = options.runId ?? slug(config.name);
    this.ids = new IdGenerator(this.runId);
    this.replay = source.replay;
    this.tradeFrom = options.tradeFrom ?? Number.NEGATIVE_INFINITY;

    const stream = buildBarStream(config.data, withDerivedTimeframes(dataset, config.data.timeframes, this.warnings));
    this.stream = stream;
    this.streamSymbols = stream.symbols;
    this.closeTimes = stream.closeTimes;
    this.barsTotal = stream.length;
    const ppy = periodsPerYear(stream.timeframes[0] ?? '1d');

    const containers = config.containers;
    const idOf = (type: ContainerType, fallback: string): string => containers.find((c) => c.type === type)?.id ?? fallback;
    this.dataId = idOf('data', DEFAULT_DATA_ID);
    const executionId = idOf('execution', DEFAULT_EXECUTION_ID);
    const environment = options.environment ?? config.environment;
    const settingsOf = (id: string): TraceSettings => ({ ...resolve(config, id, environment), ...options.traceOverride });

    // Handler errors stop the run (after the bar in flight) rather than leave silent gaps.
    this.root = new EventBus('root', {
      onError: (error, event, sub) => {
        this.handlerError ??= new BacktestHandlerError(error, event, sub.busId);
      },
    });
    this.dataBus = this.root.child(this.dataId);
    const execBus = this.root.child(executionId);

    // Tracers first: a container's tracer records its own bus (what it publishes); received
    // events are handed to it by the container after its filter accepted them.
    const trace = (id: string, type: ContainerType, bus: EventBus): TracedContainer => {
      let settings = settingsOf(id);
      // A strategy publishes its SIGNALs, FEATURES and REGIME_CHANGEs before any trade exists, so
      // they carry no trade id and trade_complete / minimal could never keep one. A strategy
      // container that names them in events_to_trace (seed example 09) keeps them in a sliding
      // window of max_events instead of silently nothing, and the run says so.
      if (type === 'strategy' && isTradeScoped(settings) && settings.enabled && settings.eventsToTrace !== 'ALL') {
        const asked = settings.eventsToTrace.filter((e) => (STRATEGY_EVENTS as readonly string[]).includes(e));
        if (asked.length > 0) {
          this.warnings.push(
            `Strategy container '${id}' traces ${asked.join(', ')} under retention_policy ${settings.retentionPolicy}, which keeps only events of open trades; ` +
              `a strategy's events carry no trade id, so it keeps the last ${settings.maxEvents} (sliding_window) instead.`,
          );
          settings = { ...settings, retentionPolicy: 'sliding_window' };
        }
      }
      let tracer: EventTracer | undefined;
      // The data feed's BARs and a strategy's SIGNALs carry no trade id when published, so under
      // trade_complete / minimal their tracer could never keep one in memory: skip its per-event
      // cost — unless an archive backend (disk, hierarchical) is to hold every traced event.
      const keepsNothing = isTradeScoped(settings) && (type === 'data' || type === 'strategy') && settings.storageBackend === 'memory';
      if (settings.enabled && settings.retentionPolicy !== 'none' && !keepsNothing) {
        tracer = new EventTracer({
          correlationId: this.runId,
          retentionPolicy: settings.retentionPolicy,
          maxEvents: settings.maxEvents,
          eventsToTrace: settings.eventsToTrace,
          storage: options.storageFor?.(id, settings),
          settings,
        });
        bus.attachObserver(tracer);
      }
      const t: TracedContainer = { id, type, settings, tracer, bus };
      this.traced.push(t);
      return t;
    };
    const receiver = (t: TracedContainer): ((e: TradingEvent) => void) | undefined => {
      const tracer = t.tracer;
      return tracer === undefined ? undefined : (e) => tracer.trace(e, t.bus.id);
    };

    const dataTrace = trace(this.dataId, 'data', this.dataBus);
    void dataTrace;
    const execTrace = trace(executionId, 'execution', execBus);
    // The execution container subscribes to BAR before any strategy: fills at a bar's open
    // happen before the strategies see that bar's close.
    this.execution = new ExecutionSimulator({
      id: executionId,
      bus: execBus,
      root: this.root,
      market: this.market,
      ids: this.ids,
      config: config.execution,
      // Only a stream mixing timeframes needs the check (it costs a lookup per bar).
      fillTimeframes: stream.timeframes.length > 1 ? stream.fillTimeframes : undefined,
      onReceived: receiver(execTrace),
    });

    const portfolioConfigs = containers.filter((c): c is PortfolioContainerConfig => c.type === 'portfolio');
    const strategyIds = new Set(containers.filter((c) => c.type === 'strategy').map((c) => c.id));
    portfolioConfigs.forEach((p) => {
      if (p.strategies.length === 0) this.warnings.push(`Portfolio '${p.id}' manages no strategy (its 'strategies' list is empty): it will not trade.`);
      for (const s of p.strategies) {
        if (!strategyIds.has(s) && this.replay === undefined) {
          throw new BacktestConfigError(`containers[${containers.indexOf(p)}].strategies`, `'${s}' is not a strategy container of this config (strategies: ${[...strategyIds].join(', ') || 'none'}).`, p.line);
        }
      }
    });

    // Portfolios (and analysis containers) before strategies, so every subscriber exists before a bar flows.
    // Trade-scoped tracers of containers that never see a POSITION_CLOSE (the execution
    // container): every portfolio's closes prune them, whatever that portfolio's own retention —
    // one container's retention never depends on another's.
    const tradeCompleteTracers: EventTracer[] = [];
    if (execTrace.tracer !== undefined && isTradeScoped(execTrace.settings)) tradeCompleteTracers.push(execTrace.tracer);
    for (const p of portfolioConfigs) {
      const bus = this.root.child(p.id);
      const t = trace(p.id, 'portfolio', bus);
      const initialCapital = p.initialCapital ?? config.initialCapital;
      const calculator = new StreamingMetrics({ initialCapital, periodsPerYear: ppy });
      let portfolio: Portfolio;
      try {
        portfolio = new Portfolio({
          config: p,
          initialCapital,
          bus,
          root: this.root,
          market: this.market,
          ids: this.ids,
          onReceived: receiver(t),
          ...this.barriersOf(p, containers.indexOf(p)),
          // A flat, unchanged bar still counts in the metrics (a zero return), without an event.
          onQuietMark: options.portfolioUpdates === 'every_bar' ? undefined : (timestamp, equity) => calculator.updateEquity(timestamp, equity, false),
          onTradeAbandoned: (id) => {
            if (t.tracer !== undefined && isTradeScoped(t.settings)) t.tracer.pruneCorrelated(id);
            for (const tr of tradeCompleteTracers) tr.pruneCorrelated(id);
          },
        });
      } catch (error) {
        throw new BacktestConfigError(`containers[${containers.indexOf(p)}]`, error instanceof Error ? error.message : String(error), p.line);
      }
      const slot: PortfolioSlot = {
        portfolio,
        metrics: undefined as unknown as MetricsObserver,
        calculator,
        trades: [],
        curve: t.settings.storeEquityCurve ? new EquityColumns(options.equityCurveSink?.(p.id, t.settings)) : undefined,
        peak: initialCapital,
      };
      const ownTracer = t.tracer;
      const storeTrades = t.settings.storeTrades;
      slot.metrics = new MetricsObserver({
        calculator,
        retentionPolicy: t.settings.retentionPolicy,
        containerId: p.id,
        // Attached to the portfolio's own bus only, so no event reaches it twice: a one-id
        // window keeps the dedupe from holding 1 024 event ids alive (old-space churn per bar).
        dedupeWindow: 1,
        // Under the portfolio's own trade-scoped retention a closed trade is pruned from its tracer
        // (which also prunes itself on POSITION_CLOSE).
        tracer: ownTracer,
        // Every close prunes the trade from the execution container's trade-scoped tracer, which
        // never sees the close: its retention holds whatever the portfolio's is.
        onTrade: (trade) => {
          if (storeTrades) slot.trades.push(trade);
          for (const tr of tradeCompleteTracers) tr.pruneCorrelated(trade.id);
        },
      });
      // After the tracer: it must record POSITION_CLOSE before anything prunes.
      bus.attachObserver(slot.metrics);
      this.slots.push(slot);
    }
    for (const c of containers) {
      if (c.type === 'analysis') trace(c.id, 'analysis', this.root);
    }

    if (this.replay === undefined) {
      containers.forEach((c, i) => {
        if (c.type !== 'strategy') return;
        const def = this.lookupStrategy(c.strategy, `containers[${i}].strategy`, c.line);
        let params: unknown;
        try {
          params = def.parseParams(c.params ?? {});
        } catch (error) {
          throw new BacktestConfigError(`containers[${i}].params`, error instanceof Error ? error.message : String(error), c.line);
        }
        const symbols = c.symbols !== undefined && c.symbols.length > 0 ? c.symbols : stream.symbols;
        const missing = symbols.filter((s) => !stream.symbols.includes(s));
        if (missing.length > 0) {
          throw new BacktestConfigError(`containers[${i}].symbols`, `${missing.join(', ')} not in the data (it has ${stream.symbols.join(', ')}).`, c.line);
        }
        const { min, max } = def.symbolCount;
        if (symbols.length < min || (max !== undefined && symbols.length > max)) {
          throw new BacktestConfigError(
            `containers[${i}].symbols`,
            `strategy '${c.strategy}' needs ${max === min ? min : `${min}${max === undefined ? ' or more' : `–${max}`}`} symbol(s), got ${symbols.length} (${symbols.join(', ')}).`,
            c.line,
          );
        }
        const bus = this.root.child(c.id);
        const own = trace(c.id, 'strategy', bus);
        const manager = this.slots.find((s) => s.portfolio.config.strategies.includes(c.id))?.portfolio;
        if (manager === undefined) this.warnings.push(`Strategy container '${c.id}' is managed by no portfolio: its signals trade nothing.`);
        const position = manager === undefined ? (): Direction => 'flat' : (symbol: string): Direction => manager.direction(symbol);
        this.strategies.push(
          new StrategyContainer({
            strategy: def.create(c.id, symbols, params),
            bus,
            root: this.root,
            ids: this.ids,
            position,
            barIndex: () => this.current,
            tradeFrom: this.tradeFrom,
            // FEATURES cost an event per bar: published only when a tracer keeps them or someone subscribes.
            publishFeatures: this.wanted(own, 'FEATURES'),
            // The bars a strategy was handed are the data container's events: recorded by the
            // strategy's tracer only when its events_to_trace names BAR (seed 09), not under ALL.
            onReceived: own.settings.eventsToTrace !== 'ALL' && keeps(own, 'BAR') ? receiver(own) : undefined,
          }),
        );
      });
    } else {
      // Replayed signals are published on their strategy's bus, as the strategy would have.
      for (const c of containers) if (c.type === 'strategy') trace(c.id, 'strategy', this.root.child(c.id));
    }
  }

  /** Does the strategy container `own`'s tracer, a root-wide (analysis) tracer or a subscriber want events of `type`? */
  private wanted(own: TracedContainer, type: EventType): boolean {
    if (keeps(own, type) || this.root.subscriberCount(type) > 0) return true;
    return this.traced.some((t) => t.type === 'analysis' && keeps(t, type));
  }

  /** The portfolio's barrier_config: order control and timing gate signals; data alignment checks bar groups. */
  private barriersOf(p: PortfolioContainerConfig, index: number): { barrier?: ProceedBarrier; aligned?: (timestamp: number) => boolean } {
    const config = p.barriers;
    if (config === undefined) return {};
    const path = `containers[${index}].barriers`;
    const out: { barrier?: ProceedBarrier; aligned?: (timestamp: number) => boolean } = {};
    if (config.orderControl !== undefined || config.timing !== undefined) {
      try {
        out.barrier = barriersFromConfig({ orderControl: config.orderControl, timing: config.timing }, { containerId: p.id, path });
      } catch (error) {
        throw new BacktestConfigError(path, error instanceof Error ? error.message : String(error), p.line);
      }
    }
    const align = config.dataAlignment;
    if (align !== undefined && align.symbols.length > 0) {
      const wanted = new Set(align.symbols.flatMap((s) => (align.timeframes.length > 0 ? align.timeframes.map((tf) => `${s}\u0000${tf}`) : [s])));
      const byTime = new Map<number, Set<string>>();
      const stream = this.stream;
      for (let i = 0; i < stream.length; i++) {
        const key = align.timeframes.length > 0 ? `${stream.symbolAt(i)}\u0000${stream.timeframeAt(i)}` : stream.symbolAt(i);
        if (!wanted.has(key)) continue;
        const ts = stream.timeAt(i);
        let set = byTime.get(ts);
        if (set === undefined) byTime.set(ts, (set = new Set()));
        set.add(key);
      }
      out.aligned = (timestamp) => byTime.get(timestamp)?.size === wanted.size;
    }
    return out;
  }

  private lookupStrategy(kind: string, path: string, line: number | undefined): StrategyDefinition<unknown> {
    const def = this.options.strategies?.(kind) ?? findStrategyDefinition(kind);
    if (def === undefined) throw new BacktestConfigError(path, unknownStrategyMessage(kind), line);
    return def;
  }

  get barsDone(): number {
    return this.index;
  }

  get done(): boolean {
    return this.index >= this.barsTotal;
  }

  get eventsPublished(): number {
    return this.root.lastSequence;
  }

  progress(): BacktestProgress {
    return { barsDone: this.index, barsTotal: this.barsTotal, eventsPublished: this.root.lastSequence };
  }

  abortedError(reason?: unknown): BacktestAbortedError {
    return new BacktestAbortedError(this.index, this.barsTotal, this.lastBar?.timestamp ?? Number.NaN, reason);
  }

  /** Processes up to `count` bars. The hot path: one BAR event per bar, no other allocation of its own. */
  step(count: number): void {
    const stream = this.stream;
    const keys = this.closeTimes;
    const end = Math.min(stream.length, this.index + count);
    const dataId = this.dataId;
    const ids = this.ids;
    const market = this.market;
    const bus = this.dataBus;
    for (let i = this.index; i < end; i++) {
      const bar = stream.barAt(i);
      const ts = bar.timestamp;
      const key = keys === undefined ? ts : keys[i];
      if (key !== this.sliceKey) {
        if (this.lastBar !== undefined) this.closeSlice();
        this.sliceKey = key;
        this.sliceTs = ts;
        this.clock.advanceTo(ts);
      } else if (ts > this.sliceTs) {
        this.sliceTs = ts;
        this.clock.advanceTo(ts);
      }
      const event: BarEvent = {
        eventId: ids.next(),
        type: 'BAR',
        timestamp: ts,
        sourceId: dataId,
        containerId: dataId,
        correlationId: undefined,
        causationId: undefined,
        sequence: undefined,
        // The bar object built from the columns is the payload (a BarPayload plus its timestamp): one object per bar.
        payload: bar,
        metadata: undefined,
      };
      market.update(event);
      this.lastBar = event;
      this.current = i;
      bus.publish(event);
      if (this.replay !== undefined) this.replayAfter(i, event);
      if (this.handlerError !== undefined) {
        this.index = i + 1;
        throw this.handlerError;
      }
    }
    this.index = end;
  }

  /** Publishes the recorded signals that the bar at stream index `i` caused. */
  private replayAfter(i: number, bar: BarEvent): void {
    const signals = this.replay!;
    while (this.replayNext < signals.length) {
      const s = signals[this.replayNext];
      if (!this.replayDue(s, i, bar)) return;
      this.replayNext++;
      // A recording made without tradeFrom replayed with it: the warm-up does not trade.
      if (bar.timestamp < this.tradeFrom) continue;
      const event: SignalEvent = {
        eventId: this.ids.next(),
        type: 'SIGNAL',
        timestamp: bar.timestamp,
        sourceId: s.sourceId,
        containerId: s.containerId,
        correlationId: undefined,
        causationId: bar.eventId,
        sequence: undefined,
        payload: { symbol: s.payload.symbol, direction: s.payload.direction, strength: s.payload.strength, strategyId: s.payload.strategyId },
        metadata: { barIndex: i, replayOf: s.eventId },
      };
      this.root.child(s.payload.strategyId).publish(event);
    }
  }

  /**
   * Is recorded signal `s` due after the bar at index `i`? Exactly its recorded bar index
   * when it has one; otherwise after its own symbol's bar of its time (how single-symbol
   * strategies emit), or after the last bar of its time when that symbol has none.
   */
  private replayDue(s: SignalEvent, i: number, bar: BarEvent): boolean {
    const at = s.metadata?.barIndex;
    if (typeof at === 'number') return at <= i;
    if (s.timestamp !== bar.timestamp) return s.timestamp < bar.timestamp;
    if (bar.payload.symbol === s.payload.symbol) return true;
    return i + 1 >= this.stream.length || this.stream.timeAt(i + 1) !== s.timestamp;
  }

  private closeSlice(): void {
    const ts = this.sliceTs;
    // Warm-up (before tradeFrom): nothing traded, so nothing to mark; the metrics, curve and
    // PORTFOLIO_UPDATEs start at the first traded slice, exactly as a run starting there.
    if (ts < this.tradeFrom) return;
    const cause = this.lastBar;
    for (const slot of this.slots) {
      const mark = slot.portfolio.markToMarket(ts, cause);
      if (slot.curve !== undefined) {
        if (mark.equity > slot.peak) slot.peak = mark.equity;
        slot.curve.push(ts, mark.equity, mark.cash, slot.peak > 0 ? (slot.peak - mark.equity) / slot.peak : 0);
      }
    }
  }

  /** Runs the remaining bars, closes what is open at the last closes, and returns the result. */
  finish(): BacktestResult {
    if (!this.finished) {
      this.step(this.barsTotal - this.index);
      this.finished = true;
      // End of data: the last slice's mark includes the end_of_data closes.
      for (const slot of this.slots) slot.portfolio.endOfData(this.sliceTs);
      if (this.lastBar !== undefined) this.closeSlice();
      if (this.handlerError !== undefined) throw this.handlerError;
    }
    return this.result();
  }

  /**
   * Buy-and-hold of the same data: the first and last close (of the bars processed) of every
   * symbol the portfolio's strategies trade. Computed once at the end, not per bar: only the
   * two ends matter, so the hot path stays untouched.
   */
  private feedBuyAndHold(slot: PortfolioSlot): void {
    // From the config, not the live strategy objects: a signal replay runs no strategies but
    // must report the same figure as the full run.
    const managed = new Set(slot.portfolio.config.strategies);
    const symbols = new Set<string>();
    for (const c of this.config.containers) {
      if (c.type !== 'strategy' || !managed.has(c.id)) continue;
      for (const sym of c.symbols !== undefined && c.symbols.length > 0 ? c.symbols : this.streamSymbols) symbols.add(sym);
    }
    if (symbols.size === 0) return;
    const calculator = slot.calculator;
    const stream = this.stream;
    const processed = Math.min(this.index, stream.length);
    const seen = new Set<string>();
    // Held from the first close at/after tradeFrom: the warm-up is not part of the run's span.
    const from = this.firstTradedIndex();
    for (let i = from; i < processed && seen.size < symbols.size; i++) {
      const symbol = stream.symbolAt(i);
      if (symbols.has(symbol) && !seen.has(symbol)) {
        seen.add(symbol);
        calculator.updatePrice(symbol, stream.closeAt(i));
      }
    }
    seen.clear();
    for (let i = processed - 1; i >= from && seen.size < symbols.size; i--) {
      const symbol = stream.symbolAt(i);
      if (symbols.has(symbol) && !seen.has(symbol)) {
        seen.add(symbol);
        calculator.updatePrice(symbol, stream.closeAt(i));
      }
    }
  }

  /** Stream index of the first bar at/after tradeFrom (bars.length when none): bars are in time order. */
  private firstTradedIndex(): number {
    const stream = this.stream;
    let lo = 0;
    let hi = stream.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (stream.timeAt(mid) < this.tradeFrom) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private result(): BacktestResult {
    const containers: Record<string, ContainerResult> = {};
    const order = [...this.config.containers.map((c: ContainerConfig) => c.id)];
    for (const t of this.traced) if (!order.includes(t.id)) order.push(t.id);
    for (const id of order) {
      const t = this.traced.find((x) => x.id === id);
      if (t === undefined) continue;
      const slot = this.slots.find((s) => s.portfolio.id === id);
      const tracer = t.tracer;
      const r: ContainerResult = {
        containerId: id,
        type: t.type,
        trades: slot?.trades ?? [],
        events: tracer?.getEvents() ?? [],
        eventsDropped: tracer?.dropped ?? 0,
        traceSettings: { ...t.settings, storageConfig: { ...t.settings.storageConfig } },
        memory: {
          eventsInMemory: tracer?.count ?? 0,
          openPositions: slot?.portfolio.openPositionCount ?? 0,
          peakEventsInMemory: tracer?.peakCount ?? 0,
        },
      };
      if (slot !== undefined) {
        this.feedBuyAndHold(slot);
        r.metrics = slot.metrics.snapshot();
        if (slot.curve !== undefined) {
          r.equityCurve = slot.curve.points();
          if (slot.curve.sinking) r.equityCurveStreamed = slot.curve.streamed;
        }
      }
      containers[id] = r;
    }
    const result: BacktestResult = {
      runId: this.runId,
      configName: this.config.name,
      datasetId: this.dataset.id,
      // The first traded bar (the first bar without tradeFrom); a warm-up that covers all the data traded nothing.
      startTime: this.firstTradedIndex() < this.stream.length ? this.stream.timeAt(this.firstTradedIndex()) : (this.lastBar?.timestamp ?? 0),
      endTime: this.lastBar?.timestamp ?? 0,
      barsProcessed: this.index,
      eventsPublished: this.root.lastSequence,
      containerIds: order.filter((id) => containers[id] !== undefined),
      containers,
    };
    if (this.warnings.length > 0) result.warnings = [...this.warnings];
    return result;
  }

  /**
   * Hands every tracer's pending batch to its archive backend and waits for the writes
   * (a synchronous backend has everything once the call returns, before any await).
   */
  flushArchives(): Promise<void> {
    const flushes = this.traced.filter((t) => t.tracer?.backend !== undefined).map((t) => t.tracer!.flush());
    return Promise.all(flushes).then(() => undefined);
  }

  /** The tracers of the run's containers (for archive flushing and signal recording). */
  tracers(): { id: string; tracer: EventTracer }[] {
    return this.traced.filter((t) => t.tracer !== undefined).map((t) => ({ id: t.id, tracer: t.tracer! }));
  }

  dispose(): void {
    for (const s of this.strategies) s.dispose();
    for (const slot of this.slots) slot.portfolio.dispose();
    this.execution.dispose();
    this.root.dispose();
  }
}

/** Events a strategy container publishes (or receives: BAR) with no trade id. */
const STRATEGY_EVENTS = ['SIGNAL', 'FEATURES', 'REGIME_CHANGE', 'BAR'] as const;

/** Would this container's tracer keep uncorrelated events of `type` (in memory, or in its archive)? */
function keeps(t: TracedContainer, type: EventType): boolean {
  const tracer = t.tracer;
  if (tracer === undefined) return false;
  const list = t.settings.eventsToTrace;
  if (list !== 'ALL' && !list.includes(type)) return false;
  return !isTradeScoped(t.settings) || tracer.backend !== undefined;
}

function isTradeScoped(settings: TraceSettings): boolean {
  return settings.retentionPolicy === 'trade_complete' || settings.retentionPolicy === 'minimal';
}

