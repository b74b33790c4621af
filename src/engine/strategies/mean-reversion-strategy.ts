// Mean reversion in one of two modes. bollinger: long when the close falls below the
// lower band, exit at the middle band (close ≥ middle); short above the upper band,
// exit at close ≤ middle. rsi: long when RSI < oversold, exit when RSI > rsi_exit
// (50 by default); short when RSI > overbought, exit when RSI < rsi_exit. Shorts need
// allow_short; an opposite entry reverses directly. Signals only on a change.
import type { Direction } from '../../core/events';
import type { Bar } from '../bar';
import { BollingerBands } from '../indicators/bollinger-bands';
import { Rsi } from '../indicators/rsi';
import type { ParamSpec, Strategy, StrategyContext, StrategyDefinition } from '../strategy';
import { ALLOW_SHORT_PARAM, TIMEFRAME_PARAM, timeframeParam } from './common-param-specs';
import { nextDirection } from './next-direction';
import { parseStrategyParams } from './parse-strategy-params';
import { StrategyParamError } from './strategy-param-error';
import { TimeframeGate } from './timeframe-gate';

export type MeanReversionMode = 'bollinger' | 'rsi';

export interface MeanReversionParams {
  mode: MeanReversionMode;
  period: number;
  num_std: number;
  rsi_period: number;
  oversold: number;
  overbought: number;
  rsi_exit: number;
  allow_short: boolean;
  timeframe: string;
}

const KIND = 'mean_reversion';

const PARAMS: readonly ParamSpec[] = [
  { name: 'mode', type: 'string', default: 'bollinger', options: ['bollinger', 'rsi'], description: "Entry rule: 'bollinger' (bands of the close) or 'rsi' (oversold/overbought)." },
  { name: 'period', type: 'integer', default: 20, min: 2, max: 10_000, description: 'Bollinger: bars of the moving average and standard deviation.' },
  { name: 'num_std', type: 'number', default: 2, min: 0.1, max: 10, description: 'Bollinger: band width in (population) standard deviations.' },
  { name: 'rsi_period', type: 'integer', default: 14, min: 2, max: 10_000, description: "RSI: Wilder's RSI length in bars." },
  { name: 'oversold', type: 'number', default: 30, min: 0, max: 100, description: 'RSI: go long below this level.' },
  { name: 'overbought', type: 'number', default: 70, min: 0, max: 100, description: 'RSI: go short (allow_short) above this level.' },
  { name: 'rsi_exit', type: 'number', default: 50, min: 0, max: 100, description: 'RSI: a long exits above this level, a short below it.' },
  ALLOW_SHORT_PARAM,
  TIMEFRAME_PARAM,
];

interface SymbolState {
  readonly bb: BollingerBands | undefined;
  readonly rsi: Rsi | undefined;
  readonly gate: TimeframeGate;
  wish: Direction;
}

class MeanReversionStrategy implements Strategy {
  readonly kind = KIND;
  private readonly states = new Map<string, SymbolState>();

  constructor(
    readonly id: string,
    readonly symbols: readonly string[],
    private readonly params: MeanReversionParams,
  ) {
    for (const s of symbols) {
      this.states.set(s, {
        bb: params.mode === 'bollinger' ? new BollingerBands(params.period, params.num_std) : undefined,
        rsi: params.mode === 'rsi' ? new Rsi(params.rsi_period) : undefined,
        gate: new TimeframeGate(params.timeframe),
        wish: 'flat',
      });
    }
  }

  onBar(bar: Bar, ctx: StrategyContext): void {
    const st = this.states.get(bar.symbol);
    if (st === undefined || !st.gate.accepts(bar)) return;
    const p = this.params;
    const c = bar.close;
    let want: Direction;
    if (st.bb !== undefined) {
      const mid = st.bb.update(c);
      if (mid === undefined) return;
      if (ctx.featuresWanted === true) ctx.emitFeatures?.(bar.symbol, { bb_middle: mid, bb_upper: st.bb.upper!, bb_lower: st.bb.lower! });
      want = nextDirection(st.wish, c < st.bb.lower!, c >= mid, c > st.bb.upper!, c <= mid, p.allow_short);
    } else {
      const r = st.rsi!.update(c);
      if (r === undefined) return;
      if (ctx.featuresWanted === true) ctx.emitFeatures?.(bar.symbol, { rsi: r });
      want = nextDirection(st.wish, r < p.oversold, r > p.rsi_exit, r > p.overbought, r < p.rsi_exit, p.allow_short);
    }
    if (want !== st.wish) {
      st.wish = want;
      ctx.emitSignal(bar.symbol, want, 1);
    }
  }
}

export const meanReversionStrategy: StrategyDefinition<MeanReversionParams> = {
  kind: KIND,
  description:
    'Mean reversion: buy a close below the lower Bollinger band (or RSI below oversold) and exit at the middle band (or RSI above rsi_exit); the short side mirrors it with allow_short.',
  params: PARAMS,
  symbolCount: { min: 1 },
  parseParams(raw) {
    const v = parseStrategyParams(KIND, PARAMS, raw);
    const oversold = v.oversold as number;
    const overbought = v.overbought as number;
    const rsiExit = v.rsi_exit as number;
    // rsi_exit may equal a threshold (exit a long at overbought): the exit then coincides with the opposite entry.
    if (!(oversold < overbought)) throw new StrategyParamError(KIND, 'oversold', `must be below overbought (got oversold ${oversold}, overbought ${overbought}).`);
    if (!(oversold <= rsiExit)) throw new StrategyParamError(KIND, 'rsi_exit', `must be at least oversold (got rsi_exit ${rsiExit}, oversold ${oversold}).`);
    if (!(rsiExit <= overbought)) throw new StrategyParamError(KIND, 'rsi_exit', `must be at most overbought (got rsi_exit ${rsiExit}, overbought ${overbought}).`);
    return {
      mode: v.mode as MeanReversionMode,
      period: v.period as number,
      num_std: v.num_std as number,
      rsi_period: v.rsi_period as number,
      oversold,
      overbought,
      rsi_exit: rsiExit,
      allow_short: v.allow_short as boolean,
      timeframe: timeframeParam(KIND, v.timeframe as string),
    };
  },
  create(id, symbols, params) {
    return new MeanReversionStrategy(id, symbols, params);
  },
};
