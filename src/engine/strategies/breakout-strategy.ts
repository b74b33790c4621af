// Donchian breakout (turtle style): long when the close exceeds the highest high of
// the previous `lookback` bars; that long exits when the close falls below the lowest
// low of the previous `exit_lookback` bars. The short side mirrors it (allow_short):
// short below the lowest low of `lookback`, cover above the highest high of
// `exit_lookback`. Channels exclude the current bar, so a bar never breaks itself.
import type { Direction } from '../../core/events';
import type { Bar } from '../bar';
import { RollingMax } from '../indicators/rolling-max';
import { RollingMin } from '../indicators/rolling-min';
import type { ParamSpec, Strategy, StrategyContext, StrategyDefinition } from '../strategy';
import { ALLOW_SHORT_PARAM, TIMEFRAME_PARAM, timeframeParam } from './common-param-specs';
import { nextDirection } from './next-direction';
import { parseStrategyParams } from './parse-strategy-params';
import { TimeframeGate } from './timeframe-gate';

export interface BreakoutParams {
  lookback: number;
  exit_lookback: number;
  allow_short: boolean;
  timeframe: string;
}

const KIND = 'breakout';

const PARAMS: readonly ParamSpec[] = [
  { name: 'lookback', type: 'integer', default: 20, min: 1, max: 10_000, description: 'Entry channel: bars whose highest high (lowest low for shorts) the close must break.' },
  { name: 'exit_lookback', type: 'integer', default: 10, min: 1, max: 10_000, description: 'Exit channel: a long exits below the lowest low of this many previous bars (a short above the highest high).' },
  ALLOW_SHORT_PARAM,
  TIMEFRAME_PARAM,
];

interface SymbolState {
  readonly entryHigh: RollingMax;
  readonly entryLow: RollingMin;
  readonly exitHigh: RollingMax;
  readonly exitLow: RollingMin;
  readonly gate: TimeframeGate;
  wish: Direction;
}

class BreakoutStrategy implements Strategy {
  readonly kind = KIND;
  private readonly states = new Map<string, SymbolState>();

  constructor(
    readonly id: string,
    readonly symbols: readonly string[],
    private readonly params: BreakoutParams,
  ) {
    for (const s of symbols) {
      this.states.set(s, {
        entryHigh: new RollingMax(params.lookback),
        entryLow: new RollingMin(params.lookback),
        exitHigh: new RollingMax(params.exit_lookback),
        exitLow: new RollingMin(params.exit_lookback),
        gate: new TimeframeGate(params.timeframe),
        wish: 'flat',
      });
    }
  }

  onBar(bar: Bar, ctx: StrategyContext): void {
    const st = this.states.get(bar.symbol);
    if (st === undefined || !st.gate.accepts(bar)) return;
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
    if (ctx.featuresWanted === true && upper !== undefined && lower !== undefined) {
      const f: Record<string, number> = { channel_high: upper, channel_low: lower };
      if (exitLow !== undefined) f.exit_low = exitLow;
      if (exitHigh !== undefined) f.exit_high = exitHigh;
      ctx.emitFeatures?.(bar.symbol, f);
    }
    const want = nextDirection(
      st.wish,
      upper !== undefined && c > upper,
      exitLow !== undefined && c < exitLow,
      lower !== undefined && c < lower,
      exitHigh !== undefined && c > exitHigh,
      this.params.allow_short,
    );
    if (want !== st.wish) {
      st.wish = want;
      ctx.emitSignal(bar.symbol, want, 1);
    }
  }
}

export const breakoutStrategy: StrategyDefinition<BreakoutParams> = {
  kind: KIND,
  description:
    'Donchian breakout: long when the close breaks above the highest high of the previous `lookback` bars, flat when it breaks below the lowest low of the previous `exit_lookback` bars; shorts mirror it with allow_short.',
  params: PARAMS,
  symbolCount: { min: 1 },
  parseParams(raw) {
    const v = parseStrategyParams(KIND, PARAMS, raw);
    return {
      lookback: v.lookback as number,
      exit_lookback: v.exit_lookback as number,
      allow_short: v.allow_short as boolean,
      timeframe: timeframeParam(KIND, v.timeframe as string),
    };
  },
  create(id, symbols, params) {
    return new BreakoutStrategy(id, symbols, params);
  },
};
