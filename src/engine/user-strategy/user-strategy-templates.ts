// Starter templates for the strategy lab: each built-in strategy rewritten against the
// user API, with the built-in's params (names, defaults, ranges), so the same YAML params
// work and — checked by user-strategy-templates.test.ts — the same data gives the same
// signals. They are the documentation users copy from, so they are written to be read.

export interface UserStrategyTemplate {
  /** Suggested strategy name (YAML: user:<name>). */
  name: string;
  /** The built-in it reproduces. */
  builtin: string;
  title: string;
  source: string;
}

const MOMENTUM = `// Momentum: the rate of change of the close over \`lookback\` bars against a threshold.
// ROC > threshold wants long, ROC < -threshold wants flat (short with allow_short);
// in between the previous wish holds. A signal is emitted only when the wish changes.
export const description = 'Momentum (template): long when the close rose more than threshold over lookback bars, flat (or short) when it fell more.';

export const params = {
  lookback: { default: 20, min: 1, max: 10000, step: 1, description: 'Bars over which the rate of change of the close is measured.' },
  threshold: { default: 0, min: 0, max: 10, step: 0.001, type: 'number', description: 'Rate of change (0.02 = 2 %) above which to go long; below its negative go flat (or short).' },
  allow_short: { default: false, description: 'Signal short where the strategy would otherwise go flat.' },
};

interface SymbolState {
  roc: Indicator;
  wish: Direction;
}

let states: Record<string, SymbolState>;

export function init(ctx: InitContext<typeof params>): void {
  // Indicators are made once, here; onBar only steps them.
  states = ctx.perSymbol(() => ({ roc: roc(ctx.params.lookback), wish: 'flat' as Direction }));
}

export function onBar(bar: Bar, ctx: BarContext<typeof params>): void {
  const st = states[bar.symbol];
  const r = st.roc.update(bar.close);
  if (r === undefined || Number.isNaN(r)) return;
  const t = ctx.params.threshold;
  let want = st.wish;
  if (r > t) want = 'long';
  else if (r < -t) want = ctx.params.allow_short ? 'short' : 'flat';
  if (want !== st.wish) {
    st.wish = want;
    ctx.emitSignal(bar.symbol, want);
  }
}
`;

const MA_CROSSOVER = `// Moving-average crossover: SMA(fast) crossing above SMA(slow) of the close signals
// long; crossing below signals flat (short with allow_short). Averages within 1e-12
// (relative) count as equal, so rounding noise on a flat price never fakes a cross.
export const description = 'Moving-average crossover (template): long when SMA(fast) crosses above SMA(slow), flat (or short) when it crosses below.';

export const params = {
  fast: { default: 10, min: 1, max: 10000, step: 1, description: 'Length (bars) of the fast SMA; must be less than slow.' },
  slow: { default: 30, min: 2, max: 10000, step: 1, description: 'Length (bars) of the slow SMA.' },
  allow_short: { default: false, description: 'Signal short on a cross below instead of flat.' },
};

export function init(this: StrategyThis<typeof params>): void {
  if (this.params.fast >= this.params.slow) throw new Error(\`fast (\${this.params.fast}) must be less than slow (\${this.params.slow})\`);
  // Per-symbol state lives on this.state; prevSide is the sign of fast - slow on the previous bar.
  this.state.bySymbol = this.perSymbol(() => ({ fast: sma(this.params.fast), slow: sma(this.params.slow), prevSide: NaN }));
}

export function onBar(this: StrategyThis<typeof params>, bar: Bar, ctx: BarContext<typeof params>): void {
  const st = (this.state.bySymbol as Record<string, { fast: Indicator; slow: Indicator; prevSide: number }>)[bar.symbol];
  const f = st.fast.update(bar.close);
  const s = st.slow.update(bar.close);
  if (f === undefined || s === undefined) return;
  const tol = 1e-12 * Math.max(Math.abs(f), Math.abs(s));
  const side = f - s > tol ? 1 : s - f > tol ? -1 : 0;
  const prev = st.prevSide;
  st.prevSide = side;
  if (side === 1 && prev <= 0) ctx.emitSignal(bar.symbol, 'long');
  else if (side === -1 && prev >= 0) ctx.emitSignal(bar.symbol, this.params.allow_short ? 'short' : 'flat');
}
`;

const NEXT_DIRECTION = `/** From flat an entry opens; from a position the opposite entry (shorts allowed) reverses, else its exit closes. */
function nextDirection(current: Direction, longEntry: boolean, longExit: boolean, shortEntry: boolean, shortExit: boolean, allowShort: boolean): Direction {
  if (current === 'long') {
    if (allowShort && shortEntry) return 'short';
    return longExit ? 'flat' : 'long';
  }
  if (current === 'short') {
    if (longEntry) return 'long';
    return shortExit ? 'flat' : 'short';
  }
  if (longEntry) return 'long';
  return allowShort && shortEntry ? 'short' : 'flat';
}
`;

const MEAN_REVERSION = `// Mean reversion in one of two modes. bollinger: long when the close falls below the
// lower band, exit at the middle band; short above the upper band (allow_short).
// rsi: long when RSI < oversold, exit when RSI > rsi_exit; short when RSI > overbought,
// exit when RSI < rsi_exit. An opposite entry reverses directly. Signals only on a change.
export const description = 'Mean reversion (template): Bollinger bands or RSI entries, exits at the middle band or rsi_exit.';

export const params = {
  mode: { default: 'bollinger', options: ['bollinger', 'rsi'], description: "Entry rule: 'bollinger' or 'rsi'." },
  period: { default: 20, min: 2, max: 10000, step: 1, description: 'Bollinger: bars of the moving average and standard deviation.' },
  num_std: { default: 2, min: 0.1, max: 10, step: 0.1, description: 'Bollinger: band width in (population) standard deviations.' },
  rsi_period: { default: 14, min: 2, max: 10000, step: 1, description: "RSI: Wilder's RSI length in bars." },
  oversold: { default: 30, min: 0, max: 100, step: 1, type: 'number', description: 'RSI: go long below this level.' },
  overbought: { default: 70, min: 0, max: 100, step: 1, type: 'number', description: 'RSI: go short (allow_short) above this level.' },
  rsi_exit: { default: 50, min: 0, max: 100, step: 1, type: 'number', description: 'RSI: a long exits above this level, a short below it.' },
  allow_short: { default: false, description: 'Take the short side too.' },
};

${NEXT_DIRECTION}
interface SymbolState {
  bands: Bollinger | undefined;
  rsi: Indicator | undefined;
  wish: Direction;
}

let states: Record<string, SymbolState>;

export function init(ctx: InitContext<typeof params>): void {
  const p = ctx.params;
  if (!(p.oversold < p.overbought)) throw new Error('oversold must be below overbought');
  if (!(p.oversold <= p.rsi_exit && p.rsi_exit <= p.overbought)) throw new Error('rsi_exit must lie between oversold and overbought');
  states = ctx.perSymbol(() => ({
    bands: p.mode === 'bollinger' ? bollinger(p.period, p.num_std) : undefined,
    rsi: p.mode === 'rsi' ? rsi(p.rsi_period) : undefined,
    wish: 'flat' as Direction,
  }));
}

export function onBar(bar: Bar, ctx: BarContext<typeof params>): void {
  const st = states[bar.symbol];
  const p = ctx.params;
  const c = bar.close;
  let want: Direction;
  if (st.bands !== undefined) {
    const mid = st.bands.update(c);
    if (mid === undefined) return;
    want = nextDirection(st.wish, c < st.bands.lower!, c >= mid, c > st.bands.upper!, c <= mid, p.allow_short);
  } else {
    const r = st.rsi!.update(c);
    if (r === undefined) return;
    want = nextDirection(st.wish, r < p.oversold, r > p.rsi_exit, r > p.overbought, r < p.rsi_exit, p.allow_short);
  }
  if (want !== st.wish) {
    st.wish = want;
    ctx.emitSignal(bar.symbol, want);
  }
}
`;

const BREAKOUT = `// Donchian breakout: long when the close exceeds the highest high of the previous
// \`lookback\` bars; exit when it falls below the lowest low of the previous
// \`exit_lookback\` bars. Shorts mirror it (allow_short). Channels exclude the current bar.
export const description = 'Donchian breakout (template): long above the highest high of lookback bars, flat below the lowest low of exit_lookback bars.';

export const params = {
  lookback: { default: 20, min: 1, max: 10000, step: 1, description: 'Entry channel length in bars.' },
  exit_lookback: { default: 10, min: 1, max: 10000, step: 1, description: 'Exit channel length in bars.' },
  allow_short: { default: false, description: 'Take the short side too.' },
};

${NEXT_DIRECTION}
interface SymbolState {
  entryHigh: Indicator;
  entryLow: Indicator;
  exitHigh: Indicator;
  exitLow: Indicator;
  wish: Direction;
}

let states: Record<string, SymbolState>;

export function init(ctx: InitContext<typeof params>): void {
  const p = ctx.params;
  states = ctx.perSymbol(() => ({
    entryHigh: highest(p.lookback),
    entryLow: lowest(p.lookback),
    exitHigh: highest(p.exit_lookback),
    exitLow: lowest(p.exit_lookback),
    wish: 'flat' as Direction,
  }));
}

export function onBar(bar: Bar, ctx: BarContext<typeof params>): void {
  const st = states[bar.symbol];
  // Channels of the previous bars, read before this bar joins them.
  const upper = st.entryHigh.value;
  const lower = st.entryLow.value;
  const exitLow = st.exitLow.value;
  const exitHigh = st.exitHigh.value;
  st.entryHigh.update(bar.high);
  st.entryLow.update(bar.low);
  st.exitHigh.update(bar.high);
  st.exitLow.update(bar.low);
  const c = bar.close;
  const want = nextDirection(
    st.wish,
    upper !== undefined && c > upper,
    exitLow !== undefined && c < exitLow,
    lower !== undefined && c < lower,
    exitHigh !== undefined && c > exitHigh,
    ctx.params.allow_short,
  );
  if (want !== st.wish) {
    st.wish = want;
    ctx.emitSignal(bar.symbol, want);
  }
}
`;

const PAIRS = `// Pairs on two symbols A, B: spread = ln A - beta * ln B, beta the rolling OLS slope of
// ln A on ln B over \`lookback\` bars (or a fixed hedge_ratio); z = the spread's z-score.
// z > entry_z shorts the spread (short A, long B), z < -entry_z buys it, |z| < exit_z
// closes both legs. It acts only on a bar time both symbols have.
export const description = 'Pairs trading (template): z-score of the log-price spread; short it above entry_z, buy it below -entry_z, close inside exit_z.';

export const symbolCount = { min: 2, max: 2 };

export const params = {
  lookback: { default: 60, min: 3, max: 100000, step: 1, description: 'Bars of the rolling window for the hedge ratio and the z-score.' },
  entry_z: { default: 2, min: 0.01, max: 20, step: 0.1, description: 'Open the spread trade when |z| exceeds this.' },
  exit_z: { default: 0.5, min: 0, max: 20, step: 0.1, description: 'Close both legs when |z| falls below this.' },
  hedge_ratio: { default: 0, min: 0, max: 1000, step: 0.1, type: 'number', description: 'Fixed beta; 0 estimates it by rolling OLS.' },
};

// Module-level variables are per strategy instance: each backtest gets a fresh copy.
let fit: Regression;
let timeA = NaN;
let timeB = NaN;
let closeA = 0;
let closeB = 0;
let lastProcessed = NaN;
let side = 0; // 1 long spread, -1 short spread, 0 flat

export function init(ctx: InitContext<typeof params>): void {
  if (!(ctx.params.exit_z < ctx.params.entry_z)) throw new Error('exit_z must be below entry_z');
  fit = regression(ctx.params.lookback);
}

export function onBar(bar: Bar, ctx: BarContext<typeof params>): void {
  const [a, b] = ctx.symbols;
  if (bar.symbol === a) {
    timeA = bar.timestamp;
    closeA = bar.close;
  } else {
    timeB = bar.timestamp;
    closeB = bar.close;
  }
  if (timeA !== timeB || timeA === lastProcessed) return;
  lastProcessed = timeA;
  if (!(closeA > 0 && closeB > 0)) return;
  const y = Math.log(closeA);
  const x = Math.log(closeB);
  fit.update(x, y);
  const p = ctx.params;
  const beta = p.hedge_ratio > 0 ? p.hedge_ratio : fit.beta;
  if (beta === undefined) return;
  const z = fit.spreadZScore(x, y, beta);
  if (z === undefined) return;
  let want = side;
  if (z > p.entry_z) want = -1;
  else if (z < -p.entry_z) want = 1;
  else if (Math.abs(z) < p.exit_z) want = 0;
  if (want === side) return;
  side = want;
  ctx.emitSignal(a, want === 1 ? 'long' : want === -1 ? 'short' : 'flat');
  ctx.emitSignal(b, want === 1 ? 'short' : want === -1 ? 'long' : 'flat');
}
`;

export const USER_STRATEGY_TEMPLATES: readonly UserStrategyTemplate[] = [
  { name: 'my_momentum', builtin: 'momentum', title: 'Momentum (rate of change)', source: MOMENTUM },
  { name: 'my_ma_crossover', builtin: 'ma_crossover', title: 'Moving-average crossover', source: MA_CROSSOVER },
  { name: 'my_mean_reversion', builtin: 'mean_reversion', title: 'Mean reversion (Bollinger / RSI)', source: MEAN_REVERSION },
  { name: 'my_breakout', builtin: 'breakout', title: 'Donchian breakout', source: BREAKOUT },
  { name: 'my_pairs', builtin: 'pairs', title: 'Pairs (spread z-score)', source: PAIRS },
];
