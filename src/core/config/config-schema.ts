// The single source of truth of the YAML language: zod v4 schemas of the document as
// written (snake_case). Validation, the JSON Schema (editor hover/completion) and
// docs/config.md are all derived from these; every key carries a description and an
// example. Conversion to the camelCase StudioConfig happens after validation.
import { z } from 'zod';
import { ALL_EVENT_TYPES, type EventType } from '../event-type';
import { TRACE_LEVELS, TRACE_LEVEL_DESCRIPTIONS } from '../trace-level';
import { suggestionSuffix } from './did-you-mean';
import { KNOWN_METRIC_NAMES, LOWER_IS_BETTER_METRICS } from './metric-names';

/** Describe a schema: hover text + one example value for docs and completion. */
function doc<T extends z.ZodType>(schema: T, description: string, example?: unknown): T {
  return schema.meta(example === undefined ? { description } : { description, examples: [example] });
}

export const BUNDLED_DATASETS = ['sp500', 'stocks', 'aapl', 'synthetic'] as const;
export const CONTAINER_TYPES = ['strategy', 'portfolio', 'execution', 'analysis', 'data'] as const;
export const RETENTION_NAMES = ['trade_complete', 'sliding_window', 'minimal', 'full', 'all', 'none'] as const;

const EVENT_TYPE_NAMES = ALL_EVENT_TYPES as readonly EventType[] as [EventType, ...EventType[]];
const LEVELS = TRACE_LEVELS as unknown as [string, ...string[]];

/** Container ids: no dots (they separate sweep paths) and no '*' (that is a pattern). */
export const CONTAINER_ID_RE = /^[A-Za-z][A-Za-z0-9_-]*$/;
const PATTERN_RE = /^[A-Za-z0-9_*-]+$/;

const containerId = z.string().regex(CONTAINER_ID_RE, {
  message: 'a container id starts with a letter and holds only letters, digits, "_" and "-" (no dots, no "*")',
});

export const traceLevelSchema = doc(
  z.enum(LEVELS),
  'A trace level name, usable wherever a settings block is: ' +
    TRACE_LEVELS.map((l) => `${l} — ${TRACE_LEVEL_DESCRIPTIONS[l]}`).join(' '),
  'metrics',
).meta({ id: 'TraceLevel' });

const eventType = z.enum(EVENT_TYPE_NAMES);
const eventsToTrace = doc(
  z.union([z.literal('ALL'), z.array(eventType)]),
  `Which event types the tracer records: "ALL" or a list of ${ALL_EVENT_TYPES.join(', ')}.`,
  ['POSITION_OPEN', 'POSITION_CLOSE', 'FILL'],
);
const retention = z.enum(RETENTION_NAMES);

const storageConfig = doc(
  z.strictObject({
    compression: doc(z.boolean(), 'Gzip the events the disk backend writes (events.jsonl.gz).', true).optional(),
    max_file_size_mb: doc(z.number().positive().max(100_000), 'Roll over to a new events file after this many MB.', 100).optional(),
  }),
  'Options of the disk backend.',
  { compression: true, max_file_size_mb: 100 },
);

/** The keys every settings block may hold (not dynamic_rules: an action cannot nest rules). */
const settingsFields = {
  enabled: doc(z.boolean(), 'Whether the container has a tracer at all. false allocates nothing.', true).optional(),
  level: doc(traceLevelSchema, 'A trace level applied first; keys written beside it win over it.', 'debug').optional(),
  mode: doc(
    retention,
    'Synonym of retention_policy (the seed\'s container form). Written beside retention_policy the two must agree; ' +
      'the seed\'s "mode: minimal" beside "retention_policy: trade_complete" means trade_complete (its minimal mode), any other disagreement is an error.',
    'sliding_window',
  ).optional(),
  events_to_trace: eventsToTrace.optional(),
  retention_policy: doc(
    retention,
    'What the tracer keeps: trade_complete — a trade\'s events until it closes, then pruned (memory bounded by open trades); ' +
      'sliding_window — the last max_events; minimal — only POSITION_OPEN of open positions; full (synonym: all) — everything; none — nothing.',
    'trade_complete',
  ).optional(),
  max_events: doc(z.number().int().min(0).max(100_000_000), 'Upper bound of events kept in memory (the window size for sliding_window).', 1000).optional(),
  storage_backend: doc(
    z.enum(['memory', 'disk', 'hierarchical']),
    'Where traced events go: memory, disk (IndexedDB in the browser, files in Node) or hierarchical (memory, spilling to disk).',
    'memory',
  ).optional(),
  storage_config: storageConfig.optional(),
  store_trades: doc(z.boolean(), 'Keep the closed-trade list in the results.', true).optional(),
  store_equity_curve: doc(z.boolean(), 'Keep the equity curve in the results.', true).optional(),
  storage_path: doc(
    z.string().min(1),
    'Folder the headless runner (npm run backtest) writes this container\'s results to, relative to the results folder (--out) and never outside it: ' +
      'absolute paths, ~ and .. are refused. Single runs only (a sweep writes each point as <container>_<phase|grid>_<n> and says so).',
    './results/portfolio_1/',
  ).optional(),
};

const actionBlock = doc(
  z.union([traceLevelSchema, z.strictObject(settingsFields)]),
  'Settings merged on top when the condition holds (a settings block without dynamic_rules, or a trace level name).',
  { events_to_trace: 'ALL', storage_backend: 'disk' },
);

const dynamicRule = doc(
  z.strictObject({
    condition: doc(
      z.string(),
      'A condition on the container\'s metrics: comparisons < <= > >= == !=, and/or/not, parentheses, numbers (-1.5) and ' +
        `metric names like metrics.total_pnl (${KNOWN_METRIC_NAMES.slice(0, 6).join(', ')} …). An unknown name makes it false (with a warning).`,
      'metrics.total_pnl > 0 and metrics.sharpe_ratio >= 1',
    ),
    action: actionBlock,
  }),
  'A rule: when the condition holds for the given metrics, its action is merged on top of the resolved settings.',
  { condition: 'metrics.total_pnl > 0', action: { events_to_trace: 'ALL' } },
);

const dynamicRules = doc(
  z.array(dynamicRule).max(100),
  'Rules evaluated against a container\'s metrics, in order; each holding rule\'s action is merged on top. ' +
    'The most specific layer that writes dynamic_rules supplies them (like any other key).',
  [{ condition: 'metrics.total_pnl > 0', action: { events_to_trace: 'ALL', storage_backend: 'disk' } }],
);

const settingsObject = z.strictObject({ ...settingsFields, dynamic_rules: dynamicRules.optional() });

export const settingsBlockSchema = doc(
  z.union([traceLevelSchema, settingsObject]),
  'A trace settings block: any subset of the tracing keys, or just a trace level name (e.g. metrics).',
  { enabled: true, events_to_trace: ['FILL'], retention_policy: 'trade_complete' },
).meta({ id: 'TraceSettingsBlock' });

const pattern = z.string().regex(PATTERN_RE, {
  message: 'a pattern holds container-id characters (letters, digits, "_", "-") and "*" wildcards',
});

const overrideEntry = doc(
  z.strictObject({
    pattern: doc(pattern, 'Container-id wildcard pattern; "*" matches any run of characters.', 'portfolio_aggressive_*'),
    ...settingsFields,
    dynamic_rules: dynamicRules.optional(),
  }),
  'One override: a pattern plus the settings it sets. A more specific pattern wins whatever the order; a later entry wins a tie.',
  { pattern: 'portfolio_*', enabled: true, events_to_trace: ['POSITION_OPEN', 'POSITION_CLOSE'] },
);

export const traceSettingsSectionSchema = doc(
  z.strictObject({
    ...settingsFields,
    dynamic_rules: dynamicRules.optional(),
    default: doc(settingsBlockSchema, 'Settings under every pattern (applied before the global keys).', { enabled: false }).optional(),
    container_settings: doc(
      z.record(pattern, settingsBlockSchema),
      'Settings by container-id wildcard pattern. Cascade: less specific patterns first (more "*", then fewer literal characters), so a more specific pattern overrides only the keys it sets.',
      { 'portfolio_*': { enabled: true, events_to_trace: 'ALL' }, '*': { enabled: false } },
    ).optional(),
    overrides: doc(
      z.array(overrideEntry),
      'Pattern overrides as a list (`- pattern: …`); same cascade as container_settings.',
      [{ pattern: 'portfolio_*', enabled: true }],
    ).optional(),
  }),
  'Tracing of the whole study. Keys written directly here apply to every container (over `default`, under patterns).',
  { events_to_trace: ['POSITION_OPEN', 'POSITION_CLOSE', 'FILL'], retention_policy: 'trade_complete' },
).meta({ id: 'TraceSettings' });

const environmentBlock = doc(
  z.strictObject({ trace_settings: traceSettingsSectionSchema.optional() }),
  'An environment block: its trace_settings apply on top of the base ones when the environment is selected.',
  { trace_settings: { events_to_trace: 'ALL', retention_policy: 'all' } },
).meta({ id: 'EnvironmentBlock' });

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'a date is written YYYY-MM-DD, e.g. 2020-01-31' });

const dataSchema = doc(
  z.strictObject({
    source: doc(
      z.string().refine((s) => (BUNDLED_DATASETS as readonly string[]).includes(s) || /^csv:.+/.test(s), {
        error: (iss) =>
          `expected a bundled dataset (${BUNDLED_DATASETS.join(', ')}) or csv:<name> of an imported CSV, got "${String(iss.input)}"` +
          suggestionSuffix(String(iss.input), BUNDLED_DATASETS),
      }),
      `The bars: a bundled dataset id (${BUNDLED_DATASETS.join(', ')}) or csv:<name> for an imported CSV.`,
      'sp500',
    ).default('sp500'),
    symbols: doc(z.array(z.string().min(1)).min(1), 'Symbols to load (all of the dataset when omitted).', ['SPX']).optional(),
    timeframes: doc(z.array(z.string().regex(/^\d+(m|h|d|w|mo)$/, { message: 'a timeframe is like 1m, 5m, 1h, 1d, 1w or 1mo' })).min(1), 'Bar timeframes.', ['1d']).default(['1d']),
    start: doc(isoDate, 'First date (inclusive), YYYY-MM-DD.', '2015-01-01').optional(),
    end: doc(isoDate, 'Last date (inclusive), YYYY-MM-DD.', '2024-12-31').optional(),
    synthetic: doc(
      // Lists too: symbols, timeframes, one start price per symbol, a correlation matrix. The
      // generator validates each option and names the one that is wrong.
      z.record(
        z.string(),
        z.union([z.number(), z.string(), z.boolean(), z.array(z.union([z.number(), z.string(), z.array(z.number())]))]),
      ),
      'Parameters of the synthetic generator when source is synthetic: seed, symbols, start, days, timeframes, session_open/close, start_price, annual_volatility, annual_drift, correlation (ρ or a matrix), overnight_gap_volatility, missing_minute_probability, base_volume.',
      { seed: 42, symbols: ['SYN_A', 'SYN_B'], days: 20, timeframes: ['1m', '5m'], correlation: 0.6 },
    ).optional(),
  }),
  'Market data the backtest runs on.',
  { source: 'sp500', symbols: ['SPX'], timeframes: ['1d'] },
).prefault({});

const executionSchema = doc(
  z.strictObject({
    commission_per_trade: doc(z.number().min(0), 'Fixed commission per fill, in account currency.', 1).default(0),
    commission_percent: doc(z.number().min(0).max(100), 'Commission as a percent of notional (0.1 = 0.1 %).', 0.1).default(0),
    slippage_bps: doc(z.number().min(0).max(10_000), 'Slippage in basis points, always against the trader.', 5).default(0),
    fill_model: doc(
      z.enum(['next_open', 'close']),
      'next_open: an order made on bar t fills at the open of bar t+1 (no look-ahead); close: at the close of bar t.',
      'next_open',
    ).default('next_open'),
  }),
  'How orders fill and what they cost.',
  { commission_per_trade: 0, commission_percent: 0.1, slippage_bps: 5, fill_model: 'next_open' },
).prefault({});

const eventTracingKey = doc(settingsBlockSchema, "This container's own tracing; wins over trace_settings.", { retention_policy: 'trade_complete' }).optional();
const idKey = doc(containerId, 'Unique container id; patterns in trace_settings match it.', 'strategy_momentum_1');

const paramValue = z.union([z.number(), z.string(), z.boolean(), z.array(z.union([z.number(), z.string()]))]);

const strategyContainer = z.strictObject({
  id: idKey,
  type: doc(z.literal('strategy'), 'A strategy: turns bars into SIGNAL events.', 'strategy'),
  strategy: doc(z.string().min(1), "Built-in strategy name (momentum, ma_crossover, …) or user:<name>.", 'momentum'),
  params: doc(z.record(z.string(), paramValue), 'Strategy parameters, by the names the strategy defines.', { lookback: 20, threshold: 0 }).default({}),
  symbols: doc(z.array(z.string().min(1)).min(1), 'Symbols this strategy trades (default: all of data.symbols).', ['SPX']).optional(),
  event_tracing: eventTracingKey,
});

const sizingSchema = doc(
  z.discriminatedUnion('type', [
    z.strictObject({
      type: doc(z.literal('fixed'), 'Fixed quantity per entry.', 'fixed'),
      quantity: doc(z.number().positive(), 'Units bought/sold per entry.', 10),
    }),
    z.strictObject({
      type: doc(z.literal('percent_equity'), 'A percent of current equity per entry.', 'percent_equity'),
      percent: doc(z.number().positive().max(100), 'Percent of current equity put in each entry.', 95),
    }),
    z.strictObject({
      type: doc(z.literal('risk_per_trade'), 'Size so that hitting the stop loses percent of equity.', 'risk_per_trade'),
      percent: doc(z.number().positive().max(100), 'Percent of equity risked between entry and stop.', 1),
      stop_loss: doc(z.number().positive().lt(1), 'Stop distance as a fraction of entry price (falls back to risk.stop_loss).', 0.05).optional(),
    }),
  ]),
  'Position sizing: {type: fixed, quantity} | {type: percent_equity, percent} | {type: risk_per_trade, percent, stop_loss?}.',
  { type: 'percent_equity', percent: 95 },
);

const riskSchema = doc(
  z.strictObject({
    max_position: doc(z.number().positive(), 'Max units held per position (absolute).', 1000).optional(),
    stop_loss: doc(z.number().positive().lt(1), 'Exit when price moves this fraction against the entry (0.05 = 5 %).', 0.05).optional(),
    take_profit: doc(z.number().positive(), 'Exit when price moves this fraction in favour (0.1 = 10 %).', 0.1).optional(),
  }),
  'Risk limits of the portfolio.',
  { stop_loss: 0.05, take_profit: 0.1 },
);

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'a time is written HH:MM (24 h), e.g. 09:30' });
const barriersSchema = doc(
  z.strictObject({
    data_alignment: doc(
      z.strictObject({
        symbols: doc(z.array(z.string().min(1)).min(1), 'Symbols that must all have a current bar.', ['AAPL', 'MSFT']),
        timeframes: doc(z.array(z.string().min(1)).min(1), 'Timeframes that must all be current.', ['1m', '5m']),
      }),
      'Hold strategy execution until every listed symbol/timeframe has its bar.',
      { symbols: ['AAPL', 'MSFT'], timeframes: ['1m', '5m'] },
    ).optional(),
    order_control: doc(
      z.strictObject({ prevent_duplicates: doc(z.boolean(), 'Ignore a signal for a symbol with an order still pending.', true).default(true) }),
      'Order-state barrier.',
      { prevent_duplicates: true },
    ).optional(),
    timing: doc(
      z.strictObject({
        max_signals_per_minute: doc(z.number().int().positive(), 'Signals let through per rolling 60 s of event time.', 30).optional(),
        trading_hours: doc(
          z.strictObject({
            start: doc(hhmm, 'Session start, HH:MM.', '09:30'),
            end: doc(hhmm, 'Session end, HH:MM.', '16:00'),
            timezone: doc(z.string().min(1), 'IANA time zone of start/end (default UTC).', 'America/New_York').optional(),
          }),
          'Only act on signals inside these hours.',
          { start: '09:30', end: '16:00' },
        ).optional(),
      }),
      'Timing barrier.',
      { max_signals_per_minute: 30 },
    ).optional(),
  }),
  "Synchronization barriers (the seed's barrier_config).",
  { order_control: { prevent_duplicates: true }, timing: { max_signals_per_minute: 30 } },
);

const portfolioContainer = z.strictObject({
  id: idKey,
  type: doc(z.literal('portfolio'), 'A portfolio: sizes signals into orders, tracks positions and equity.', 'portfolio'),
  strategies: doc(
    z.array(containerId),
    'Ids of the strategy containers this portfolio manages — its mandatory SIGNAL filter.',
    ['strategy_momentum_1'],
  ).default([]),
  sizing: sizingSchema.default({ type: 'percent_equity', percent: 100 }),
  allow_short: doc(z.boolean(), 'Whether a sell signal may open a short position.', false).default(false),
  risk: riskSchema.default({}),
  barriers: barriersSchema.optional(),
  initial_capital: doc(z.number().positive(), "This portfolio's starting capital (default: the document's initial_capital).", 100000).optional(),
  event_tracing: eventTracingKey,
});

function plainContainer<T extends 'execution' | 'analysis' | 'data'>(type: T, what: string) {
  return z.strictObject({
    id: idKey,
    type: doc(z.literal(type), what, type),
    event_tracing: eventTracingKey,
  });
}

export const containerSchema = doc(
  z.discriminatedUnion('type', [
    strategyContainer,
    portfolioContainer,
    plainContainer('execution', 'An execution simulator: fills orders against bars (see execution).'),
    plainContainer('analysis', 'An analysis container: observes events (e.g. a signal analyzer).'),
    plainContainer('data', 'A data container: publishes BAR events.'),
  ]),
  `A container: id, type (${CONTAINER_TYPES.join(' | ')}) and the keys of its type.`,
  { id: 'portfolio_1', type: 'portfolio', strategies: ['strategy_momentum_1'] },
).meta({ id: 'Container' });

const portfolioSettingsSchema = doc(
  z.strictObject({
    event_tracing: doc(
      z.union([z.literal('ALL'), z.array(eventType)]),
      'Event types every portfolio container traces (the seed\'s ultra-minimal form).',
      ['POSITION_OPEN', 'POSITION_CLOSE'],
    ).optional(),
    retention_policy: doc(retention, 'Retention of every portfolio container.', 'trade_complete').optional(),
    sliding_window_size: doc(
      z.number().int().min(0),
      'History kept besides open trades; needs retention_policy beside it: the window size (≥ 1) with sliding_window, ' +
        'or 0 (no history: what trade_complete, minimal and none keep anyway). Any other pair is an error.',
      0,
    ).optional(),
  }),
  'Shorthand tracing for every portfolio container (type portfolio, or id portfolio_*), applied over the global keys and under patterns.',
  { event_tracing: ['POSITION_OPEN', 'POSITION_CLOSE'], retention_policy: 'trade_complete', sliding_window_size: 0 },
);

const sweepValues = doc(
  z.union([
    z.array(z.union([z.number(), z.string(), z.boolean()])).min(1).max(10_000),
    z.strictObject({
      from: doc(z.number(), 'First value.', 10),
      to: doc(z.number(), 'Last value (inclusive when the steps land on it).', 50),
      step: doc(z.number().positive(), 'Increment (> 0).', 10),
    }),
  ]),
  'Values of one swept parameter: a list, or a range {from, to, step}.',
  [10, 20, 30],
);

const sweepParameters = doc(
  z.record(z.string().min(1), sweepValues),
  'Swept parameters by dotted path: <container id>.<key>… (e.g. strategy_momentum_1.params.lookback) or a top-level key (execution.slippage_bps).',
  { 'strategy_momentum_1.params.lookback': [10, 20, 30], 'strategy_momentum_1.params.threshold': { from: 0, to: 0.02, step: 0.01 } },
);

const span = z.union([
  z.number().int().positive(),
  z.string().regex(/^[1-9]\d*(mo|h|d|w|m|y)$/, { message: 'a window is a number of bars (e.g. 252) or a duration like 2y, 6mo (or 6m: months), 4w, 30d, 12h' }),
]);

const optimizationSchema = doc(
  z.strictObject({
    objective: doc(
      z.union([
        z.string().min(1),
        z.strictObject({
          metric: doc(z.string().min(1), 'Metric to rank by.', 'sharpe_ratio'),
          direction: doc(z.enum(['maximize', 'minimize']), 'Whether higher or lower is better.', 'maximize').optional(),
        }),
      ]),
      `Metric to rank by (${KNOWN_METRIC_NAMES.join(', ')}), or {metric, direction}.`,
      'sharpe_ratio',
    ).default('sharpe_ratio'),
    direction: doc(z.enum(['maximize', 'minimize']), `Whether a higher objective is better (maximize) or a lower one (minimize). Default: maximize, but minimize for ${[...LOWER_IS_BETTER_METRICS].join(', ')}.`, 'maximize').optional(),
    parameters: sweepParameters.default({}),
    constraint: doc(
      z.string().min(1).max(2000),
      'A condition over the swept parameters, in the dynamic_rules condition grammar (< <= > >= == !=, and/or/not, parentheses, numbers): ' +
        'combinations where it is false are dropped before they run and counted as skipped in summary.json. A name is a swept parameter\'s full path ' +
        '(strategy_ma_1.params.fast) or its last segment when that is unique (fast); true/false count as 1/0; text-valued parameters cannot be compared. ' +
        'A point that lacks a named parameter (phase 1, before a later phase sweeps it) is not judged by it.',
      'fast < slow',
    ).optional(),
    phases: doc(
      z
        .array(
          z.strictObject({
            name: doc(
              z.string().regex(/^[a-z][a-z0-9]*$/, { message: 'a phase name is lowercase letters and digits, e.g. phase1, final' }),
              'Phase name; its containers are named <type>_<phase>_… (portfolio_phase1_*), so wildcard trace settings apply to them.',
              'phase1',
            ),
            description: doc(z.string(), 'What this phase is for.', 'Exploration over the full grid').optional(),
            top_n: doc(z.number().int().positive(), 'Keep the best N of the previous phase.', 10).optional(),
            parameters: sweepParameters.optional(),
          }),
        )
        .min(1),
      'Phases run in order: e.g. phase1 (exploration) → phase2 (validation of the top N) → final.',
      [{ name: 'phase1' }, { name: 'phase2', top_n: 10 }, { name: 'final', top_n: 3 }],
    ).optional(),
    walk_forward: doc(
      z.strictObject({
        train: doc(span, 'In-sample window: bars (252) or a duration (2y, 6m, 4w, 30d).', '2y'),
        test: doc(span, 'Out-of-sample window after each training window.', '6m'),
        step: doc(span, 'How far each fold advances (default: test).', '6m').optional(),
        anchored: doc(z.boolean(), 'true: every training window starts at the first bar (expanding); false: it rolls.', false).default(false),
      }),
      'Walk-forward validation windows.',
      { train: '2y', test: '6m', anchored: false },
    ).optional(),
  }),
  'A parameter sweep: what to vary, what to rank by, optional phases and walk-forward.',
  { objective: 'sharpe_ratio', parameters: { 'strategy_momentum_1.params.lookback': [10, 20, 30] } },
);

const envName = z.string().regex(/^[A-Za-z][A-Za-z0-9_-]*$/, { message: 'an environment name is letters, digits, "_" and "-"' });

export const studioConfigSchema = z
  .strictObject({
    name: doc(z.string().min(1).max(200), 'Name of the study.', 'S&P 500 momentum').default('Untitled study'),
    environment: doc(envName, 'Selected environment block (development, production or a name under environments).', 'development').optional(),
    initial_capital: doc(z.number().positive(), 'Starting capital in account currency.', 100000).default(100_000),
    data: dataSchema,
    execution: executionSchema,
    containers: doc(z.array(containerSchema).max(10_000), 'The containers of the study.', [{ id: 'execution_1', type: 'execution' }]).default([]),
    trace_settings: traceSettingsSectionSchema.optional(),
    portfolio_settings: portfolioSettingsSchema.optional(),
    development: doc(environmentBlock, 'Environment block used when environment is development.', { trace_settings: { events_to_trace: 'ALL' } }).optional(),
    production: doc(environmentBlock, 'Environment block used when environment is production.', { trace_settings: { container_settings: { '*': { enabled: false } } } }).optional(),
    environments: doc(z.record(envName, environmentBlock), 'Environment blocks by name.', { staging: { trace_settings: { max_events: 5000 } } }).optional(),
    optimization: optimizationSchema.optional(),
  })
  .meta({ title: 'Event Studio config', description: 'An Event Studio document: data, execution, containers, tracing, environments and optimization.' });

export type RawStudioConfig = z.output<typeof studioConfigSchema>;
export type RawSettingsBlock = z.output<typeof settingsBlockSchema>;
export type RawTraceSettingsSection = z.output<typeof traceSettingsSectionSchema>;
export type RawContainer = z.output<typeof containerSchema>;

/** A document holding only a container's `event_tracing:` block (seed files 00–02). */
export const eventTracingDocumentSchema = z.strictObject({ event_tracing: settingsBlockSchema });
