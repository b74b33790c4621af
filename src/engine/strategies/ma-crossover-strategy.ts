// Moving-average crossover exactly as CONTRACT §7: SMA(fast) and SMA(slow) of the
// close; a cross above at bar t (fast_t > slow_t and fast_{t−1} ≤ slow_{t−1}) signals
// long, a cross below (fast_t < slow_t and fast_{t−1} ≥ slow_{t−1}) signals flat, or
// short with allow_short. Averages within 1e-12 (relative) count as equal, so the
// last-bit noise of running sums on a flat price never fakes a cross.
import type { Bar } from '../bar';
import { Sma } from '../indicators/sma';
import type { ParamSpec, Strategy, StrategyContext, StrategyDefinition } from '../strategy';
import { ALLOW_SHORT_PARAM, TIMEFRAME_PARAM, timeframeParam } from './common-param-specs';
import { parseStrategyParams } from './parse-strategy-params';
import { StrategyParamError } from './strategy-param-error';
import { TimeframeGate } from './timeframe-gate';

export interface MaCrossoverParams {
  fast: number;
  slow: number;
  allow_short: boolean;
  timeframe: string;
}

const KIND = 'ma_crossover';
const EPS = 1e-12;

const PARAMS: readonly ParamSpec[] = [
  { name: 'fast', type: 'integer', default: 10, min: 1, max: 10_000, description: 'Length (bars) of the fast simple moving average of the close; must be less than slow.' },
  { name: 'slow', type: 'integer', default: 30, min: 2, max: 10_000, description: 'Length (bars) of the slow simple moving average of the close.' },
  ALLOW_SHORT_PARAM,
  TIMEFRAME_PARAM,
];

interface SymbolState {
  readonly fast: Sma;
  readonly slow: Sma;
  readonly gate: TimeframeGate;
  /** Sign of fast − slow on the previous bar: 1 above, −1 below, 0 equal, NaN before both averages exist. */
  prevSide: number;
}

class MaCrossoverStrategy implements Strategy {
  readonly kind = KIND;
  private readonly states = new Map<string, SymbolState>();

  constructor(
    readonly id: string,
    readonly symbols: readonly string[],
    private readonly params: MaCrossoverParams,
  ) {
    for (const s of symbols) {
      this.states.set(s, { fast: new Sma(params.fast), slow: new Sma(params.slow), gate: new TimeframeGate(params.timeframe), prevSide: NaN });
    }
  }

  onBar(bar: Bar, ctx: StrategyContext): void {
    const st = this.states.get(bar.symbol);
    if (st === undefined || !st.gate.accepts(bar)) return;
    const f = st.fast.update(bar.close);
    const s = st.slow.update(bar.close);
    if (f === undefined || s === undefined) return;
    if (ctx.featuresWanted === true) ctx.emitFeatures?.(bar.symbol, { sma_fast: f, sma_slow: s });
    const tol = EPS * Math.max(Math.abs(f), Math.abs(s));
    const side = f - s > tol ? 1 : s - f > tol ? -1 : 0;
    const prev = st.prevSide;
    st.prevSide = side;
    if (side === 1 && prev <= 0) ctx.emitSignal(bar.symbol, 'long', 1);
    else if (side === -1 && prev >= 0) ctx.emitSignal(bar.symbol, this.params.allow_short ? 'short' : 'flat', 1);
  }
}

export const maCrossoverStrategy: StrategyDefinition<MaCrossoverParams> = {
  kind: KIND,
  description: 'Moving-average crossover: long when SMA(fast) crosses above SMA(slow) of the close, flat (or short) when it crosses below.',
  params: PARAMS,
  symbolCount: { min: 1 },
  parseParams(raw) {
    const v = parseStrategyParams(KIND, PARAMS, raw);
    const fast = v.fast as number;
    const slow = v.slow as number;
    if (fast >= slow) throw new StrategyParamError(KIND, 'fast', `must be less than slow (got fast ${fast}, slow ${slow}).`);
    return { fast, slow, allow_short: v.allow_short as boolean, timeframe: timeframeParam(KIND, v.timeframe as string) };
  },
  create(id, symbols, params) {
    return new MaCrossoverStrategy(id, symbols, params);
  },
};
