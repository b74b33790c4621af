// Volatility/trend regime classifier: each bar is a regime of trend (close above or
// below its SMA) × volatility (sample stdev of close-to-close returns above or below a
// threshold): bull_quiet, bull_volatile, bear_quiet, bear_volatile. A change of regime is
// a REGIME_CHANGE event; the strategy is long in bull_quiet (a calm uptrend), flat
// elsewhere, or short in bear_volatile with allow_short — a volatility-filtered trend
// follower. Signals only on a change of wish, caused by the regime change that made it.
import type { Direction } from '../../core/events';
import type { Bar } from '../bar';
import { RollingStdDev } from '../indicators/rolling-std-dev';
import { Sma } from '../indicators/sma';
import type { ParamSpec, Strategy, StrategyContext, StrategyDefinition } from '../strategy';
import { ALLOW_SHORT_PARAM, TIMEFRAME_PARAM, timeframeParam } from './common-param-specs';
import { parseStrategyParams } from './parse-strategy-params';
import { StrategyParamError } from './strategy-param-error';
import { TimeframeGate } from './timeframe-gate';

export interface VolatilityRegimeParams {
  trend_period: number;
  vol_period: number;
  vol_threshold: number;
  allow_short: boolean;
  timeframe: string;
}

export type Regime = 'bull_quiet' | 'bull_volatile' | 'bear_quiet' | 'bear_volatile';

const KIND = 'volatility_regime';

const PARAMS: readonly ParamSpec[] = [
  { name: 'trend_period', type: 'integer', default: 50, min: 2, max: 10_000, description: 'Length (bars) of the simple moving average of the close: above it the trend is bull, at or below it bear.' },
  { name: 'vol_period', type: 'integer', default: 20, min: 2, max: 10_000, description: 'Close-to-close returns over which the volatility (their sample standard deviation) is measured.' },
  {
    name: 'vol_threshold',
    type: 'number',
    default: 0.02,
    min: 0,
    max: 1,
    description: 'Volatility per bar (0.02 = a 2 % standard deviation of returns) above which the regime is volatile; must be above 0.',
  },
  ALLOW_SHORT_PARAM,
  TIMEFRAME_PARAM,
];

interface SymbolState {
  readonly sma: Sma;
  readonly vol: RollingStdDev;
  readonly gate: TimeframeGate;
  prevClose: number;
  regime: Regime | undefined;
  wish: Direction;
}

/** The regime of one bar: trend by the SMA, volatility by the threshold. */
export function classifyRegime(close: number, sma: number, volatility: number, threshold: number): Regime {
  const bull = close > sma;
  const volatile = volatility > threshold;
  return bull ? (volatile ? 'bull_volatile' : 'bull_quiet') : volatile ? 'bear_volatile' : 'bear_quiet';
}

class VolatilityRegimeStrategy implements Strategy {
  readonly kind = KIND;
  private readonly states = new Map<string, SymbolState>();

  constructor(
    readonly id: string,
    readonly symbols: readonly string[],
    private readonly params: VolatilityRegimeParams,
  ) {
    for (const s of symbols) {
      this.states.set(s, {
        sma: new Sma(params.trend_period),
        vol: new RollingStdDev(params.vol_period, 1),
        gate: new TimeframeGate(params.timeframe),
        prevClose: Number.NaN,
        regime: undefined,
        wish: 'flat',
      });
    }
  }

  onBar(bar: Bar, ctx: StrategyContext): void {
    const st = this.states.get(bar.symbol);
    if (st === undefined || !st.gate.accepts(bar)) return;
    const c = bar.close;
    const sma = st.sma.update(c);
    const prev = st.prevClose;
    st.prevClose = c;
    // The first bar has no return; a non-positive previous close has no defined one.
    const vol = prev > 0 ? st.vol.update(c / prev - 1) : st.vol.value;
    if (sma === undefined || vol === undefined) return;
    if (ctx.featuresWanted === true) ctx.emitFeatures?.(bar.symbol, { sma, volatility: vol });
    const regime = classifyRegime(c, sma, vol, this.params.vol_threshold);
    if (regime !== st.regime) {
      st.regime = regime;
      ctx.emitRegimeChange?.(bar.symbol, regime);
    }
    const want: Direction = regime === 'bull_quiet' ? 'long' : regime === 'bear_volatile' && this.params.allow_short ? 'short' : 'flat';
    if (want !== st.wish) {
      st.wish = want;
      ctx.emitSignal(bar.symbol, want, 1);
    }
  }
}

export const volatilityRegimeStrategy: StrategyDefinition<VolatilityRegimeParams> = {
  kind: KIND,
  description:
    'Volatility/trend regime classifier: bull or bear by the close against SMA(trend_period), quiet or volatile by the standard deviation of returns over vol_period against vol_threshold; publishes REGIME_CHANGE, long in bull_quiet, flat otherwise (short in bear_volatile with allow_short).',
  params: PARAMS,
  symbolCount: { min: 1 },
  parseParams(raw) {
    const v = parseStrategyParams(KIND, PARAMS, raw);
    const threshold = v.vol_threshold as number;
    if (!(threshold > 0)) throw new StrategyParamError(KIND, 'vol_threshold', `must be above 0 (got ${threshold}): at 0 every bar with any movement is volatile.`);
    return {
      trend_period: v.trend_period as number,
      vol_period: v.vol_period as number,
      vol_threshold: threshold,
      allow_short: v.allow_short as boolean,
      timeframe: timeframeParam(KIND, v.timeframe as string),
    };
  },
  create(id, symbols, params) {
    return new VolatilityRegimeStrategy(id, symbols, params);
  },
};
