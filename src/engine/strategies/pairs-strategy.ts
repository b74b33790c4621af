// Pairs (statistical arbitrage) on two symbols A, B: spread = ln A − β·ln B, with β the
// rolling OLS slope of ln A on ln B over `lookback` bars (or a fixed `hedge_ratio`);
// z = the spread's z-score over the same window (computed with that one β). z > entry_z
// shorts the spread (short A, long B), z < −entry_z buys it (long A, short B), |z| <
// exit_z closes both legs. It acts only on a bar time both symbols have: A's bar waits
// until B's bar of the same time arrives (either order); a time only one symbol has is skipped.
// Both legs get signals with strength 1; the legs' sizes are the portfolio's (its sizing),
// and shorting a leg needs a portfolio that allows shorts. The legs are always opposite,
// so the strategy is meant for positively related symbols (β > 0).
import type { Bar } from '../bar';
import { RollingCorrelation } from '../indicators/rolling-correlation';
import type { ParamSpec, Strategy, StrategyContext, StrategyDefinition } from '../strategy';
import { TIMEFRAME_PARAM, timeframeParam } from './common-param-specs';
import { parseStrategyParams } from './parse-strategy-params';
import { StrategyParamError } from './strategy-param-error';
import { TimeframeGate } from './timeframe-gate';

export interface PairsParams {
  lookback: number;
  entry_z: number;
  exit_z: number;
  /** 0 = estimate β by rolling OLS; otherwise the fixed hedge ratio. */
  hedge_ratio: number;
  timeframe: string;
}

const KIND = 'pairs';

const PARAMS: readonly ParamSpec[] = [
  { name: 'lookback', type: 'integer', default: 60, min: 3, max: 100_000, description: 'Bars of the rolling window for the hedge ratio (OLS) and the spread z-score.' },
  { name: 'entry_z', type: 'number', default: 2, min: 0.01, max: 20, description: 'Open the spread trade when |z| exceeds this.' },
  { name: 'exit_z', type: 'number', default: 0.5, min: 0, max: 20, description: 'Close both legs when |z| falls below this (must be below entry_z).' },
  {
    name: 'hedge_ratio',
    type: 'number',
    default: 0,
    min: 0,
    max: 1000,
    description: 'Fixed β of spread = ln A − β·ln B; 0 (default) estimates β by rolling OLS of ln A on ln B over lookback.',
  },
  TIMEFRAME_PARAM,
];

/** Which way the spread is held: 1 long spread (long A, short B), −1 short spread, 0 flat. */
type SpreadSide = -1 | 0 | 1;

class PairsStrategy implements Strategy {
  readonly kind = KIND;
  private readonly a: string;
  private readonly b: string;
  private readonly gateA: TimeframeGate;
  private readonly gateB: TimeframeGate;
  private readonly stats: RollingCorrelation;
  private timeA = NaN;
  private timeB = NaN;
  private closeA = 0;
  private closeB = 0;
  private lastProcessed = NaN;
  private side: SpreadSide = 0;

  constructor(
    readonly id: string,
    readonly symbols: readonly string[],
    private readonly params: PairsParams,
  ) {
    if (symbols.length !== 2) throw new StrategyParamError(KIND, '(symbols)', `needs exactly two symbols, got ${symbols.length} (${symbols.join(', ')}).`);
    this.a = symbols[0]!;
    this.b = symbols[1]!;
    this.gateA = new TimeframeGate(params.timeframe);
    this.gateB = new TimeframeGate(params.timeframe);
    this.stats = new RollingCorrelation(params.lookback);
  }

  onBar(bar: Bar, ctx: StrategyContext): void {
    if (bar.symbol === this.a) {
      if (!this.gateA.accepts(bar)) return;
      this.timeA = bar.timestamp;
      this.closeA = bar.close;
    } else if (bar.symbol === this.b) {
      if (!this.gateB.accepts(bar)) return;
      this.timeB = bar.timestamp;
      this.closeB = bar.close;
    } else {
      return;
    }
    if (this.timeA !== this.timeB || this.timeA === this.lastProcessed) return;
    this.lastProcessed = this.timeA;
    if (!(this.closeA > 0 && this.closeB > 0)) return; // logs need positive prices
    const y = Math.log(this.closeA);
    const x = Math.log(this.closeB);
    this.stats.update(x, y);
    const beta = this.params.hedge_ratio > 0 ? this.params.hedge_ratio : this.stats.beta;
    if (beta === undefined) return;
    const z = this.stats.spreadZScore(x, y, beta);
    if (z === undefined) return;
    if (ctx.featuresWanted === true) {
      // One record per leg (each symbol's chart shows what its signals came from).
      ctx.emitFeatures?.(this.a, { spread_z: z, hedge_ratio: beta });
      ctx.emitFeatures?.(this.b, { spread_z: z, hedge_ratio: beta });
    }
    const p = this.params;
    let want: SpreadSide = this.side;
    if (z > p.entry_z) want = -1;
    else if (z < -p.entry_z) want = 1;
    else if (Math.abs(z) < p.exit_z) want = 0;
    if (want === this.side) return;
    this.side = want;
    ctx.emitSignal(this.a, want === 1 ? 'long' : want === -1 ? 'short' : 'flat', 1);
    ctx.emitSignal(this.b, want === 1 ? 'short' : want === -1 ? 'long' : 'flat', 1);
  }
}

export const pairsStrategy: StrategyDefinition<PairsParams> = {
  kind: KIND,
  description:
    'Pairs trading on two symbols: z-score of the log-price spread (rolling OLS hedge ratio or a fixed one); short the spread above entry_z, buy it below −entry_z, close both legs inside exit_z.',
  params: PARAMS,
  symbolCount: { min: 2, max: 2 },
  parseParams(raw) {
    const v = parseStrategyParams(KIND, PARAMS, raw);
    const entry = v.entry_z as number;
    const exit = v.exit_z as number;
    if (!(exit < entry)) throw new StrategyParamError(KIND, 'exit_z', `must be below entry_z (got exit_z ${exit}, entry_z ${entry}).`);
    return { lookback: v.lookback as number, entry_z: entry, exit_z: exit, hedge_ratio: v.hedge_ratio as number, timeframe: timeframeParam(KIND, v.timeframe as string) };
  },
  create(id, symbols, params) {
    return new PairsStrategy(id, symbols, params);
  },
};
