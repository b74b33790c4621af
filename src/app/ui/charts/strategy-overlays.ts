// The indicators a built-in strategy decided on, recomputed over the charted symbol's bars
// with the engine's own indicator classes and the strategy's parsed params, so the lines
// over price are what the strategy saw when it fired: SMA(fast)/SMA(slow) of ma_crossover,
// Bollinger bands of mean_reversion, breakout's Donchian channels of the PREVIOUS bars
// (as it reads them), momentum's close `lookback` bars ago. User strategies and pairs: none.
import { findStrategyDefinition } from '../../../engine/strategies/strategy-registry';
import { Sma } from '../../../engine/indicators/sma';
import { BollingerBands } from '../../../engine/indicators/bollinger-bands';
import { RollingMax } from '../../../engine/indicators/rolling-max';
import { RollingMin } from '../../../engine/indicators/rolling-min';

export interface OverlayBars {
  time: ArrayLike<number>;
  high: ArrayLike<number>;
  low: ArrayLike<number>;
  close: ArrayLike<number>;
}

export interface Overlay {
  name: string;
  /** [time, value]; null before the indicator is ready. */
  points: [number, number | null][];
  /** Drawn dashed (a band's edges, an exit channel). */
  dashed?: boolean;
}

type Params = Record<string, unknown>;

function num(p: Params, key: string): number {
  return Number(p[key]);
}

function line(bars: OverlayBars, name: string, at: (i: number) => number | undefined, dashed = false): Overlay {
  const points: [number, number | null][] = [];
  for (let i = 0; i < bars.time.length; i++) points.push([bars.time[i]!, at(i) ?? null]);
  return dashed ? { name, points, dashed } : { name, points };
}

/** Overlays of strategy `kind` with `rawParams` (as written; defaults filled like the engine) over `bars`. */
export function strategyOverlays(kind: string, rawParams: Params, bars: OverlayBars): Overlay[] {
  const def = findStrategyDefinition(kind);
  if (!def) return [];
  let p: Params;
  try {
    p = def.parseParams(rawParams) as Params;
  } catch {
    return [];
  }
  const n = bars.time.length;
  switch (kind) {
    case 'ma_crossover': {
      const out: Overlay[] = [];
      for (const key of ['fast', 'slow']) {
        const sma = new Sma(num(p, key));
        const v = Array.from({ length: n }, (_x, i) => sma.update(bars.close[i]!));
        out.push(line(bars, `SMA ${num(p, key)}`, (i) => v[i]));
      }
      return out;
    }
    case 'mean_reversion': {
      if (p.mode !== 'bollinger') return [];
      const bb = new BollingerBands(num(p, 'period'), num(p, 'num_std'));
      const mid: (number | undefined)[] = [];
      const up: (number | undefined)[] = [];
      const lo: (number | undefined)[] = [];
      for (let i = 0; i < n; i++) {
        mid.push(bb.update(bars.close[i]!));
        up.push(bb.upper);
        lo.push(bb.lower);
      }
      const label = `BB ${num(p, 'period')}, ${num(p, 'num_std')}σ`;
      return [line(bars, `${label} upper`, (i) => up[i], true), line(bars, `${label} middle`, (i) => mid[i]), line(bars, `${label} lower`, (i) => lo[i], true)];
    }
    case 'breakout': {
      const channel = (period: number, max: boolean) => {
        const w = max ? new RollingMax(period) : new RollingMin(period);
        const src = max ? bars.high : bars.low;
        // The channel a bar is compared with holds the previous bars only (read before the update).
        return Array.from({ length: n }, (_x, i) => {
          const before = w.value;
          w.update(src[i]!);
          return before;
        });
      };
      const hi = channel(num(p, 'lookback'), true);
      const lo = channel(num(p, 'lookback'), false);
      const exitLo = channel(num(p, 'exit_lookback'), false);
      return [
        line(bars, `High of ${num(p, 'lookback')}`, (i) => hi[i]),
        line(bars, `Low of ${num(p, 'lookback')}`, (i) => lo[i]),
        line(bars, `Exit: low of ${num(p, 'exit_lookback')}`, (i) => exitLo[i], true),
      ];
    }
    case 'momentum': {
      const k = num(p, 'lookback');
      return [line(bars, `Close ${k} bars ago`, (i) => (i >= k ? bars.close[i - k] : undefined), true)];
    }
    default:
      return [];
  }
}

/** One strategy container's indicators to draw: its kind, its params (swept values applied), and a name prefix when several are drawn. */
export interface OverlaySpec {
  kind: string;
  params: Params;
  /** Prefixed to each line's name (`<prefix>: SMA 10`) when several containers trade the symbol. */
  prefix?: string;
}

/** The indicators of every spec over `bars`, named with their prefixes. */
export function specsOverlays(specs: readonly OverlaySpec[], bars: OverlayBars): Overlay[] {
  return specs.flatMap((spec) => strategyOverlays(spec.kind, spec.params, bars).map((l) => (spec.prefix ? { ...l, name: `${spec.prefix}: ${l.name}` } : l)));
}
