// Momentum: the rate of change of the close over `lookback` bars against a threshold.
// ROC > threshold wants long, ROC < −threshold wants flat (short with allow_short);
// in between the previous wish holds (hysteresis). A signal is emitted only when the
// wish changes, never once per bar.
import type { Direction } from '../../core/events';
import type { Bar } from '../bar';
import { RateOfChange } from '../indicators/rate-of-change';
import type { ParamSpec, Strategy, StrategyContext, StrategyDefinition } from '../strategy';
import { ALLOW_SHORT_PARAM, TIMEFRAME_PARAM, timeframeParam } from './common-param-specs';
import { parseStrategyParams } from './parse-strategy-params';
import { TimeframeGate } from './timeframe-gate';

export interface MomentumParams {
  lookback: number;
  threshold: number;
  allow_short: boolean;
  timeframe: string;
}

const KIND = 'momentum';

const PARAMS: readonly ParamSpec[] = [
  { name: 'lookback', type: 'integer', default: 20, min: 1, max: 10_000, description: 'Bars over which the rate of change of the close is measured.' },
  {
    name: 'threshold',
    type: 'number',
    default: 0,
    min: 0,
    max: 10,
    description: 'Rate of change (fraction: 0.02 = 2 %) above which to go long; below its negative go flat (or short).',
  },
  ALLOW_SHORT_PARAM,
  TIMEFRAME_PARAM,
];

interface SymbolState {
  readonly roc: RateOfChange;
  readonly gate: TimeframeGate;
  wish: Direction;
}

class MomentumStrategy implements Strategy {
  readonly kind = KIND;
  private readonly states = new Map<string, SymbolState>();

  constructor(
    readonly id: string,
    readonly symbols: readonly string[],
    private readonly params: MomentumParams,
  ) {
    for (const s of symbols) this.states.set(s, { roc: new RateOfChange(params.lookback), gate: new TimeframeGate(params.timeframe), wish: 'flat' });
  }

  onBar(bar: Bar, ctx: StrategyContext): void {
    const st = this.states.get(bar.symbol);
    if (st === undefined || !st.gate.accepts(bar)) return;
    const r = st.roc.update(bar.close);
    if (r === undefined || Number.isNaN(r)) return;
    if (ctx.featuresWanted === true) ctx.emitFeatures?.(bar.symbol, { roc: r });
    const t = this.params.threshold;
    let want = st.wish;
    if (r > t) want = 'long';
    else if (r < -t) want = this.params.allow_short ? 'short' : 'flat';
    if (want !== st.wish) {
      st.wish = want;
      ctx.emitSignal(bar.symbol, want, 1);
    }
  }
}

export const momentumStrategy: StrategyDefinition<MomentumParams> = {
  kind: KIND,
  description:
    'Momentum: long when the close rose more than `threshold` over `lookback` bars, flat (or short) when it fell more than that; signals only on a change of direction.',
  params: PARAMS,
  symbolCount: { min: 1 },
  parseParams(raw) {
    const v = parseStrategyParams(KIND, PARAMS, raw);
    return {
      lookback: v.lookback as number,
      threshold: v.threshold as number,
      allow_short: v.allow_short as boolean,
      timeframe: timeframeParam(KIND, v.timeframe as string),
    };
  },
  create(id, symbols, params) {
    return new MomentumStrategy(id, symbols, params);
  },
};
