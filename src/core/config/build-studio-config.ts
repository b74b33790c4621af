// Second stage of parsing: the zod-validated snake_case document becomes the camelCase
// StudioConfig, and everything a schema cannot see is checked here with source positions:
// container cross-references, dynamic-rule conditions, environment names, sweep paths.
import { parseCondition } from './condition-expression';
import { didYouMean, suggestionSuffix } from './did-you-mean';
import { KNOWN_METRIC_NAMES, LOWER_IS_BETTER_METRICS, normalizeMetricName } from './metric-names';
import { applySweepPoint, type SweepValue } from './apply-sweep-point';
import { ConfigPathError } from './config-path-error';
import { compileSweepConstraint } from './sweep-constraint';
import { storagePathSegments } from './storage-path';
import type { RawSettingsBlock, RawStudioConfig, RawTraceSettingsSection } from './config-schema';
import type {
  BarrierConfig,
  ConfigError,
  ContainerConfig,
  DynamicRule,
  OptimizationConfig,
  OptimizationPhase,
  PartialTraceSettings,
  PatternSettings,
  PortfolioSettingsConfig,
  SizingConfig,
  StudioConfig,
  SweepParameter,
  TraceSettingsConfig,
  WalkForwardConfig,
} from './studio-config';
import type { RetentionPolicy } from '../trace-settings';
import { combineModeAndRetention } from '../retention-policy';
import { formatPath, type YamlSource } from './yaml-source';

type Path = readonly PropertyKey[];

/** Settings-block keys as written, minus `dynamic_rules` and `pattern` (shared by every block form). */
type RawSettingsObject = Exclude<RawSettingsBlock, string>;
type RawActionObject = Omit<RawSettingsObject, 'dynamic_rules'>;

export interface BuildOutcome {
  config: StudioConfig;
  errors: ConfigError[];
  warnings: ConfigError[];
}

/** Grid points allowed in one sweep before it is surely a typo (e.g. a step of 0.0001). */
export const MAX_SWEEP_POINTS = 100_000;
const MAX_VALUES_PER_PARAMETER = 10_000;

function retentionOf(v: string | undefined): RetentionPolicy | undefined {
  if (v === undefined) return undefined;
  return v === 'all' ? 'full' : (v as RetentionPolicy);
}

export class ConfigBuilder {
  readonly errors: ConfigError[] = [];
  readonly warnings: ConfigError[] = [];

  constructor(private readonly source: YamlSource) {}

  private error(path: Path, message: string, key = false): void {
    this.errors.push(this.source.error(path, message, { key }));
  }
  private warn(path: Path, message: string, key = false): void {
    this.warnings.push(this.source.error(path, message, { key }));
  }

  /** One settings block (a level name, or keys) → PartialTraceSettings. */
  settings(raw: RawSettingsBlock | RawActionObject | RawSettingsObject, path: Path): PartialTraceSettings {
    if (typeof raw === 'string') return { level: raw as PartialTraceSettings['level'] & string };
    const s: PartialTraceSettings = {};
    if (raw.level !== undefined) s.level = raw.level as PartialTraceSettings['level'];
    if (raw.enabled !== undefined) s.enabled = raw.enabled;
    if (raw.events_to_trace !== undefined) s.eventsToTrace = raw.events_to_trace === 'ALL' ? 'ALL' : [...new Set(raw.events_to_trace)];
    const combined = combineModeAndRetention(retentionOf(raw.mode), retentionOf(raw.retention_policy));
    if (combined.error !== undefined) this.error([...path, 'mode'], combined.error);
    if (combined.policy !== undefined) s.retentionPolicy = combined.policy;
    if (raw.max_events !== undefined) s.maxEvents = raw.max_events;
    if (raw.storage_backend !== undefined) s.storageBackend = raw.storage_backend;
    if (raw.storage_config !== undefined) {
      const sc: NonNullable<PartialTraceSettings['storageConfig']> = {};
      if (raw.storage_config.compression !== undefined) sc.compression = raw.storage_config.compression;
      if (raw.storage_config.max_file_size_mb !== undefined) sc.maxFileSizeMb = raw.storage_config.max_file_size_mb;
      s.storageConfig = sc;
    }
    if (raw.store_trades !== undefined) s.storeTrades = raw.store_trades;
    if (raw.store_equity_curve !== undefined) s.storeEquityCurve = raw.store_equity_curve;
    if (raw.storage_path !== undefined) {
      const checked = storagePathSegments(raw.storage_path);
      if (checked.ok) s.storagePath = raw.storage_path;
      else this.error([...path, 'storage_path'], checked.message);
    }
    if (s.retentionPolicy === 'sliding_window' && s.maxEvents === 0) {
      this.warn([...path, 'max_events'], 'max_events: 0 with sliding_window keeps no events at all — use enabled: false to switch tracing off');
    }
    if ('dynamic_rules' in raw && raw.dynamic_rules !== undefined) {
      s.dynamicRules = raw.dynamic_rules.map((rule, i) => this.rule(rule, [...path, 'dynamic_rules', i]));
    }
    return s;
  }

  private rule(raw: NonNullable<RawSettingsObject['dynamic_rules']>[number], path: Path): DynamicRule {
    const cpath = [...path, 'condition'];
    const parsed = parseCondition(raw.condition);
    const pos = this.source.position(cpath);
    if (!parsed.ok) {
      const at = this.source.positionInScalar(cpath, parsed.error.offset);
      this.errors.push({ message: `condition: ${parsed.error.message}`, line: at.line, column: at.column, path: formatPath(cpath) });
    } else {
      for (const name of new Set(parsed.names)) {
        const metric = name.startsWith('metrics.') ? name.slice('metrics.'.length) : name;
        if (normalizeMetricName(metric) === undefined) {
          const at = this.source.positionInScalar(cpath, raw.condition.indexOf(name));
          const s = didYouMean(metric, KNOWN_METRIC_NAMES);
          this.warnings.push({
            message: `condition: "${name}" is not a known metric${s ? ` — did you mean "metrics.${s}"?` : ''}; unless the engine reports it, the rule will never apply`,
            line: at.line,
            column: at.column,
            path: formatPath(cpath),
          });
        }
      }
    }
    return { condition: raw.condition, action: this.settings(raw.action, [...path, 'action']), line: pos.line, column: pos.column };
  }

  /** A trace_settings section → its layers. `orderBase` keeps orders unique across environments. */
  traceSettings(raw: RawTraceSettingsSection | undefined, path: Path): TraceSettingsConfig {
    if (raw === undefined) return { global: {}, patterns: [] };
    const { default: def, container_settings, overrides, ...globalKeys } = raw;
    const entries: { pattern: string; settings: PartialTraceSettings; origin: PatternSettings['origin']; line: number; column: number }[] = [];
    for (const [pattern, block] of Object.entries(container_settings ?? {})) {
      const p = [...path, 'container_settings', pattern];
      const pos = this.source.position(p, { key: true });
      entries.push({ pattern, settings: this.settings(block, p), origin: 'container_settings', line: pos.line, column: pos.column });
    }
    (overrides ?? []).forEach((o, i) => {
      const p = [...path, 'overrides', i];
      const { pattern, ...rest } = o;
      const pos = this.source.position(p);
      entries.push({ pattern, settings: this.settings(rest, p), origin: 'overrides', line: pos.line, column: pos.column });
    });
    // Order = position as written, so "a later entry wins a tie" holds across both forms.
    entries.sort((a, b) => a.line - b.line || a.column - b.column);
    const patterns: PatternSettings[] = entries.map((e, order) => ({ pattern: e.pattern, settings: e.settings, order, origin: e.origin, line: e.line }));
    const out: TraceSettingsConfig = {
      global: this.settings(globalKeys, path),
      patterns,
      globalLine: this.source.line(path),
    };
    if (def !== undefined) {
      out.default = this.settings(def, [...path, 'default']);
      out.defaultLine = this.source.line([...path, 'default']);
    }
    return out;
  }

  private containers(raw: RawStudioConfig): ContainerConfig[] {
    const firstLine = new Map<string, number>();
    const out: ContainerConfig[] = [];
    raw.containers.forEach((c, i) => {
      const path = ['containers', i];
      const line = this.source.line(path);
      const prev = firstLine.get(c.id);
      if (prev !== undefined) this.error([...path, 'id'], `duplicate container id "${c.id}" (first defined on line ${prev}) — ids must be unique`);
      else firstLine.set(c.id, line);
      const base = {
        id: c.id,
        line,
        ...(c.event_tracing !== undefined
          ? { eventTracing: this.settings(c.event_tracing, [...path, 'event_tracing']), eventTracingLine: this.source.line([...path, 'event_tracing']) }
          : {}),
      };
      switch (c.type) {
        case 'strategy':
          out.push({ ...base, type: 'strategy', strategy: c.strategy, params: { ...c.params }, ...(c.symbols ? { symbols: c.symbols } : {}) });
          if (c.symbols && raw.data.symbols) {
            c.symbols.forEach((sym, j) => {
              if (!raw.data.symbols!.includes(sym)) {
                this.error([...path, 'symbols', j], `symbol "${sym}" is not in data.symbols (${raw.data.symbols!.join(', ')})${suggestionSuffix(sym, raw.data.symbols!)}`);
              }
            });
          }
          break;
        case 'portfolio': {
          const sizing: SizingConfig =
            c.sizing.type === 'fixed'
              ? { type: 'fixed', quantity: c.sizing.quantity }
              : c.sizing.type === 'percent_equity'
                ? { type: 'percent_equity', percent: c.sizing.percent }
                : { type: 'risk_per_trade', percent: c.sizing.percent, ...(c.sizing.stop_loss !== undefined ? { stopLoss: c.sizing.stop_loss } : {}) };
          if (c.sizing.type === 'risk_per_trade' && c.sizing.stop_loss === undefined && c.risk.stop_loss === undefined) {
            this.error([...path, 'sizing'], 'risk_per_trade sizing needs a stop distance: write sizing.stop_loss or risk.stop_loss (e.g. 0.05)', true);
          }
          const risk = {
            ...(c.risk.max_position !== undefined ? { maxPosition: c.risk.max_position } : {}),
            ...(c.risk.stop_loss !== undefined ? { stopLoss: c.risk.stop_loss } : {}),
            ...(c.risk.take_profit !== undefined ? { takeProfit: c.risk.take_profit } : {}),
          };
          out.push({
            ...base,
            type: 'portfolio',
            strategies: c.strategies,
            sizing,
            risk,
            allowShort: c.allow_short,
            ...(c.barriers ? { barriers: this.barriers(c.barriers) } : {}),
            ...(c.initial_capital !== undefined ? { initialCapital: c.initial_capital } : {}),
          });
          break;
        }
        default:
          out.push({ ...base, type: c.type });
      }
    });
    this.crossCheck(raw);
    return out;
  }

  private barriers(b: NonNullable<Extract<RawStudioConfig['containers'][number], { type: 'portfolio' }>['barriers']>): BarrierConfig {
    const out: BarrierConfig = {};
    if (b.data_alignment) out.dataAlignment = { symbols: b.data_alignment.symbols, timeframes: b.data_alignment.timeframes };
    if (b.order_control) out.orderControl = { preventDuplicates: b.order_control.prevent_duplicates };
    if (b.timing) {
      out.timing = {
        ...(b.timing.max_signals_per_minute !== undefined ? { maxSignalsPerMinute: b.timing.max_signals_per_minute } : {}),
        ...(b.timing.trading_hours ? { tradingHours: { ...b.timing.trading_hours } } : {}),
      };
    }
    return out;
  }

  /** Portfolios must name existing strategy containers; an unmanaged strategy is a warning. */
  private crossCheck(raw: RawStudioConfig): void {
    // The first definition of an id counts; later duplicates are already errors.
    const byId = new Map<string, RawStudioConfig['containers'][number]>();
    for (const c of raw.containers) if (!byId.has(c.id)) byId.set(c.id, c);
    const strategyIds = raw.containers.filter((c) => c.type === 'strategy').map((c) => c.id);
    const managed = new Set<string>();
    raw.containers.forEach((c, i) => {
      if (c.type !== 'portfolio') return;
      const seen = new Set<string>();
      c.strategies.forEach((sid, j) => {
        const p = ['containers', i, 'strategies', j];
        const target = byId.get(sid);
        if (seen.has(sid)) this.warn(p, `strategy "${sid}" is listed twice in this portfolio`);
        seen.add(sid);
        if (!target) {
          const known = strategyIds.length ? ` (strategy containers: ${strategyIds.join(', ')})` : ' (there are no strategy containers yet)';
          this.error(p, `portfolio "${c.id}" manages "${sid}", but no container has that id${suggestionSuffix(sid, strategyIds)}${known}`);
        } else if (target.type !== 'strategy') {
          this.error(p, `portfolio "${c.id}" manages "${sid}", which is ${/^[aeiou]/.test(target.type) ? 'an' : 'a'} ${target.type} container, not a strategy`);
        } else managed.add(sid);
      });
    });
    const hasPortfolio = raw.containers.some((c) => c.type === 'portfolio');
    raw.containers.forEach((c, i) => {
      if (c.type === 'strategy' && !managed.has(c.id)) {
        this.warn(
          ['containers', i, 'id'],
          hasPortfolio
            ? `strategy "${c.id}" is not managed by any portfolio: its signals will not trade — add it to a portfolio's strategies`
            : `strategy "${c.id}" has no portfolio to trade its signals — add a portfolio container with strategies: [${c.id}]`,
        );
      }
    });
  }

  private environments(raw: RawStudioConfig): StudioConfig['environments'] {
    const out: Record<string, { traceSettings: TraceSettingsConfig; line?: number }> = {};
    for (const name of ['development', 'production'] as const) {
      const block = raw[name];
      if (block) out[name] = { traceSettings: this.traceSettings(block.trace_settings, [name, 'trace_settings']), line: this.source.line([name]) };
    }
    for (const [name, block] of Object.entries(raw.environments ?? {})) {
      const path = ['environments', name];
      if (out[name]) {
        this.error(path, `environment "${name}" is defined twice (as a top-level ${name}: block and under environments:) — keep one`, true);
        continue;
      }
      out[name] = { traceSettings: this.traceSettings(block.trace_settings, [...path, 'trace_settings']), line: this.source.line(path) };
    }
    const selected = raw.environment;
    const names = Object.keys(out);
    if (selected !== undefined && names.length > 0 && !out[selected]) {
      this.error(['environment'], `environment "${selected}" has no block (defined: ${names.join(', ')})${suggestionSuffix(selected, names)}`);
    }
    return out;
  }

  private portfolioSettings(raw: RawStudioConfig): PortfolioSettingsConfig | undefined {
    const p = raw.portfolio_settings;
    if (!p) return undefined;
    const out: PortfolioSettingsConfig = { line: this.source.line(['portfolio_settings']) };
    if (p.event_tracing !== undefined) out.eventsToTrace = p.event_tracing === 'ALL' ? 'ALL' : [...new Set(p.event_tracing)];
    const r = retentionOf(p.retention_policy);
    if (r !== undefined) out.retentionPolicy = r;
    if (p.sliding_window_size !== undefined) {
      out.slidingWindowSize = p.sliding_window_size;
      this.checkWindowSize(p.sliding_window_size, r);
    }
    return out;
  }

  /**
   * portfolio_settings.sliding_window_size is the history kept besides open trades, which only
   * means something with the retention_policy written beside it: the window under sliding_window
   * (≥ 1), and under trade_complete / minimal / none only 0 ("don't keep any history", seed 07) —
   * what those policies keep anyway. Every other combination would be silently ignored, so it is
   * an error at the key.
   */
  private checkWindowSize(size: number, policy: RetentionPolicy | undefined): void {
    const at = ['portfolio_settings', 'sliding_window_size'];
    if (policy === undefined) {
      this.error(at, `sliding_window_size needs retention_policy beside it in portfolio_settings: sliding_window (then it is the window) or trade_complete (then 0: no history besides open trades)`);
    } else if (policy === 'sliding_window' && size === 0) {
      this.error(at, 'a sliding window of 0 events keeps nothing — use a size of 1 or more, or retention_policy: none to keep no events');
    } else if (policy === 'full' || (policy !== 'sliding_window' && size > 0)) {
      this.error(
        at,
        policy === 'full'
          ? 'retention_policy: full keeps every event: a sliding_window_size beside it would be ignored — remove it, or use retention_policy: sliding_window'
          : `retention_policy: ${policy} keeps no history besides open trades, so sliding_window_size can only be 0 here; to keep the last ${size} events use retention_policy: sliding_window`,
      );
    }
  }

  /** A parameter's values: a list as written, or a {from,to,step} range expanded without float drift. */
  private sweepValues(
    raw: readonly SweepValue[] | { from: number; to: number; step: number },
    path: Path,
  ): SweepValue[] | undefined {
    if (Array.isArray(raw)) {
      const seen = new Set<string>();
      raw.forEach((v, i) => {
        const k = JSON.stringify(v);
        if (seen.has(k)) this.warn([...path, i], `value ${k} is listed twice; it will be run once`);
        seen.add(k);
      });
      return [...new Map(raw.map((v) => [JSON.stringify(v), v] as const)).values()];
    }
    const r = raw as { from: number; to: number; step: number };
    if (r.from > r.to) {
      this.error([...path, 'to'], `range: to (${r.to}) is below from (${r.from})`);
      return undefined;
    }
    const count = Math.floor((r.to - r.from) / r.step + 1e-9) + 1;
    if (count > MAX_VALUES_PER_PARAMETER) {
      this.error([...path, 'step'], `range: from ${r.from} to ${r.to} by ${r.step} is ${count.toLocaleString('en-US')} values; at most ${MAX_VALUES_PER_PARAMETER.toLocaleString('en-US')} — use a larger step`);
      return undefined;
    }
    // Decimals of the inputs bound the decimals of the values: 0.1 + 0.2 stays 0.3.
    const decimals = Math.max(...[r.from, r.step].map((n) => (String(n).split('.')[1] ?? '').length));
    return Array.from({ length: count }, (_v, i) => Number((r.from + i * r.step).toFixed(Math.min(12, decimals))));
  }

  private sweepParameters(
    raw: Readonly<Record<string, readonly SweepValue[] | { from: number; to: number; step: number }>>,
    path: Path,
    config: StudioConfig,
  ): SweepParameter[] {
    const out: SweepParameter[] = [];
    for (const [p, spec] of Object.entries(raw)) {
      const vpath = [...path, p];
      const values = this.sweepValues(spec, vpath);
      if (!values) continue;
      let ok = true;
      for (const v of values) {
        try {
          applySweepPoint(config, { [p]: v });
        } catch (e) {
          if (!(e instanceof ConfigPathError)) throw e;
          this.error(vpath, e.message, true);
          ok = false;
          break;
        }
      }
      if (ok) out.push({ path: p, values, line: this.source.line(vpath) });
    }
    return out;
  }

  private optimization(raw: RawStudioConfig, config: StudioConfig): OptimizationConfig | undefined {
    const o = raw.optimization;
    if (!o) return undefined;
    const base = ['optimization'];
    const objectivePath = [...base, 'objective'];
    const metricRaw = typeof o.objective === 'string' ? o.objective : o.objective.metric;
    const metric = normalizeMetricName(metricRaw);
    if (metric === undefined) {
      this.error(typeof o.objective === 'string' ? objectivePath : [...objectivePath, 'metric'], `objective "${metricRaw}" is not a metric${suggestionSuffix(metricRaw, KNOWN_METRIC_NAMES)} (metrics: ${KNOWN_METRIC_NAMES.join(', ')})`);
    }
    const dirInObjective = typeof o.objective === 'string' ? undefined : o.objective.direction;
    if (dirInObjective && o.direction && dirInObjective !== o.direction) {
      this.error([...base, 'direction'], `direction "${o.direction}" contradicts objective.direction "${dirInObjective}" — write it once`);
    }
    const direction = dirInObjective ?? o.direction ?? (metric && LOWER_IS_BETTER_METRICS.has(metric) ? 'minimize' : 'maximize');
    const parameters = this.sweepParameters(o.parameters, [...base, 'parameters'], config);
    let phases: OptimizationPhase[] | undefined;
    if (o.phases) {
      const names = new Set<string>();
      phases = o.phases.map((ph, i) => {
        const p = [...base, 'phases', i];
        if (names.has(ph.name)) this.error([...p, 'name'], `phase "${ph.name}" is defined twice`);
        names.add(ph.name);
        if (i === 0 && ph.top_n !== undefined) this.error([...p, 'top_n'], 'the first phase has no previous phase to keep the top N of — remove top_n here');
        const phase: OptimizationPhase = { name: ph.name };
        if (ph.top_n !== undefined) phase.topN = ph.top_n;
        if (ph.parameters) phase.parameters = this.sweepParameters(ph.parameters, [...p, 'parameters'], config);
        return phase;
      });
    }
    const total = [parameters, ...(phases ?? []).map((ph) => ph.parameters ?? [])].some((ps) => ps.length > 0);
    if (!total && !this.errors.some((e) => e.path.startsWith('optimization.parameters'))) {
      this.error([...base], 'optimization needs at least one parameter to sweep, e.g. parameters: {strategy_momentum_1.params.lookback: [10, 20, 30]}', true);
    }
    const points = parameters.reduce((n, p) => n * p.values.length, 1);
    if (points > MAX_SWEEP_POINTS) {
      this.error([...base, 'parameters'], `the sweep has ${points.toLocaleString('en-US')} points; at most ${MAX_SWEEP_POINTS.toLocaleString('en-US')} — use fewer values or phases`, true);
    }
    let constraint: string | undefined;
    if (o.constraint !== undefined) {
      const allParameters = [...parameters, ...(phases ?? []).flatMap((ph) => ph.parameters ?? [])];
      const compiled = compileSweepConstraint(o.constraint, allParameters);
      if (compiled.ok) constraint = o.constraint;
      else this.error([...base, 'constraint'], compiled.message);
    }
    let walkForward: WalkForwardConfig | undefined;
    if (o.walk_forward) {
      const w = o.walk_forward;
      const kinds = [w.train, w.test, ...(w.step !== undefined ? [w.step] : [])].map((v) => typeof v);
      if (new Set(kinds).size > 1) {
        this.error([...base, 'walk_forward'], 'walk_forward: write train, test and step all as bars (252) or all as durations (2y, 6m)', true);
      }
      walkForward = { train: w.train, test: w.test, anchored: w.anchored, ...(w.step !== undefined ? { step: w.step } : {}) };
    }
    return {
      objective: metric ?? metricRaw,
      direction,
      parameters,
      ...(phases ? { phases } : {}),
      ...(walkForward ? { walkForward } : {}),
      ...(constraint !== undefined ? { constraint } : {}),
    };
  }

  build(raw: RawStudioConfig): BuildOutcome {
    if (raw.data.start && raw.data.end && raw.data.start > raw.data.end) {
      this.error(['data', 'end'], `data.end (${raw.data.end}) is before data.start (${raw.data.start})`);
    }
    const config: StudioConfig = {
      name: raw.name,
      ...(raw.environment !== undefined ? { environment: raw.environment } : {}),
      initialCapital: raw.initial_capital,
      data: {
        source: raw.data.source,
        timeframes: raw.data.timeframes,
        ...(raw.data.symbols ? { symbols: raw.data.symbols } : {}),
        ...(raw.data.start ? { start: raw.data.start } : {}),
        ...(raw.data.end ? { end: raw.data.end } : {}),
        ...(raw.data.synthetic ? { synthetic: { ...raw.data.synthetic } } : {}),
      },
      execution: {
        commissionPerTrade: raw.execution.commission_per_trade,
        commissionPercent: raw.execution.commission_percent,
        slippageBps: raw.execution.slippage_bps,
        fillModel: raw.execution.fill_model,
      },
      containers: this.containers(raw),
      traceSettings: this.traceSettings(raw.trace_settings, ['trace_settings']),
      environments: this.environments(raw),
    };
    const ps = this.portfolioSettings(raw);
    if (ps) config.portfolioSettings = ps;
    const opt = this.optimization(raw, config);
    if (opt) config.optimization = opt;
    return { config, errors: this.errors, warnings: this.warnings };
  }
}
