// Seeded synthetic minute bars for several symbols: correlated geometric random
// walks (Cholesky of the correlation matrix) inside a UTC trading session, with
// overnight/weekend price gaps and randomly missing minutes; coarser timeframes
// are resampled from the minutes, so 1m and 1h of one run always agree.
// Every draw comes from one SeededRandom in a fixed order ⇒ same options, same bytes.
import type { BarSeries, Dataset } from '../bar';
import { BarColumnsBuilder } from './bar-columns-builder';
import { resampleBars } from './resample-bars';
import { SeededRandom } from './seeded-random';
import { minutesOf, parseSyntheticBarsOptions, type SyntheticBarsOptions } from './synthetic-bars-options';
import { parseTimeframe } from './timeframe';

const DAY = 86_400_000;
const TRADING_DAYS_PER_YEAR = 252;

/**
 * Generates a synthetic Dataset; options default as in DEFAULT_SYNTHETIC_BARS_OPTIONS.
 * The dataset id encodes every option, so equal ids mean equal data.
 * Throws an Error naming the option when one is invalid.
 */
export function generateSyntheticBars(options: Partial<SyntheticBarsOptions> = {}): Dataset {
  const o = parseSyntheticBarsOptions(options as Readonly<Record<string, unknown>>);
  const timeframes = o.timeframes.map((t) => parseTimeframe(t).text);
  const symbols = o.symbols;
  const n = symbols.length;
  const chol = cholesky(correlationMatrix(o.correlation, n));
  const open = minutesOf(o.sessionOpen);
  const minutes = minutesOf(o.sessionClose) - open;
  const sigma = o.annualVolatility / Math.sqrt(TRADING_DAYS_PER_YEAR * minutes);
  const mu = o.annualDrift / (TRADING_DAYS_PER_YEAR * minutes) - 0.5 * sigma * sigma;
  const rng = new SeededRandom(o.seed);
  const price = Float64Array.from(symbols, (_, i) => (typeof o.startPrice === 'number' ? o.startPrice : o.startPrice[i]!));
  const z = new Float64Array(n);
  const e = new Float64Array(n);
  const correlated = (): void => {
    for (let i = 0; i < n; i++) z[i] = rng.nextNormal();
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j <= i; j++) s += chol[i * n + j]! * z[j]!;
      e[i] = s;
    }
  };
  const bars = symbols.map(() => new BarColumnsBuilder(o.days * minutes));

  let day = Date.parse(`${o.start}T00:00:00Z`);
  let lastSession: number | undefined;
  for (let sessions = 0; sessions < o.days; day += DAY) {
    const dow = new Date(day).getUTCDay();
    if (dow === 0 || dow === 6) continue;
    if (lastSession !== undefined) {
      // Overnight (and weekend: scaled by √calendar days) jump between close and next open.
      const gapScale = o.overnightGapVolatility * Math.sqrt((day - lastSession) / DAY);
      correlated();
      for (let i = 0; i < n; i++) price[i] = price[i]! * Math.exp(gapScale * e[i]! - 0.5 * gapScale * gapScale);
    }
    for (let m = 0; m < minutes; m++) {
      const t = day + (open + m) * 60_000;
      correlated();
      for (let i = 0; i < n; i++) {
        const po = price[i]!;
        const pc = po * Math.exp(mu + sigma * e[i]!);
        const ph = Math.max(po, pc) * Math.exp(0.5 * sigma * Math.abs(rng.nextNormal()));
        const pl = Math.min(po, pc) * Math.exp(-0.5 * sigma * Math.abs(rng.nextNormal()));
        // Log-normal volume with mean baseVolume (E[exp(0.5N − 0.125)] = 1).
        const volume = Math.round(o.baseVolume * Math.exp(0.5 * rng.nextNormal() - 0.125));
        const missing = rng.next() < o.missingMinuteProbability;
        price[i] = pc;
        if (missing) continue;
        bars[i]!.push(t, round(po), round(ph), round(pl), round(pc), volume);
      }
    }
    lastSession = day;
    sessions++;
  }

  const minuteSeries: BarSeries[] = symbols.map((symbol, i) => bars[i]!.finish(symbol, '1m'));
  const series: BarSeries[] = [];
  for (const tf of timeframes) {
    for (const s of minuteSeries) series.push(tf === '1m' ? s : resampleBars(s, tf));
  }
  return {
    id: datasetId(o, timeframes),
    name: `Synthetic ${symbols.join(', ')} · ${o.days} day${o.days === 1 ? '' : 's'} of minutes (seed ${o.seed})`,
    source: 'Event Studio synthetic generator: correlated geometric random walks, UTC session, overnight gaps, missing minutes',
    series,
  };
}

/** Prices are written with 4 decimals: monotone rounding keeps low ≤ open, close ≤ high. */
function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}

function datasetId(o: SyntheticBarsOptions, timeframes: readonly string[]): string {
  const corr = typeof o.correlation === 'number' ? String(o.correlation) : o.correlation.map((r) => r.join(' ')).join(';');
  const price = typeof o.startPrice === 'number' ? String(o.startPrice) : o.startPrice.join('+');
  return [
    `synthetic:seed=${o.seed}`,
    `symbols=${o.symbols.join('+')}`,
    `start=${o.start}`,
    `days=${o.days}`,
    `tf=${timeframes.join('+')}`,
    `session=${o.sessionOpen}-${o.sessionClose}`,
    `price=${price}`,
    `vol=${o.annualVolatility}`,
    `drift=${o.annualDrift}`,
    `corr=${corr}`,
    `gap=${o.overnightGapVolatility}`,
    `missing=${o.missingMinuteProbability}`,
    `volume=${o.baseVolume}`,
  ].join(',');
}

function correlationMatrix(c: SyntheticBarsOptions['correlation'], n: number): Float64Array {
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i === j) m[i * n + j] = 1;
      else if (typeof c === 'number') m[i * n + j] = c;
      else {
        const v = c[i]![j]!;
        if (v !== c[j]![i]!) throw new Error(`Synthetic data option 'correlation' must be symmetric: [${i}][${j}] = ${v} but [${j}][${i}] = ${c[j]![i]!}.`);
        m[i * n + j] = v;
      }
    }
    if (typeof c !== 'number' && c[i]![i] !== 1) throw new Error(`Synthetic data option 'correlation' needs 1 on the diagonal: [${i}][${i}] is ${c[i]![i]}.`);
  }
  return m;
}

/** Lower-triangular L with L·Lᵀ = m (row-major); throws when m is not positive definite. */
function cholesky(m: Float64Array): Float64Array {
  const n = Math.round(Math.sqrt(m.length));
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = m[i * n + j]!;
      for (let k = 0; k < j; k++) s -= l[i * n + k]! * l[j * n + k]!;
      if (i === j) {
        if (s <= 1e-12) throw new Error("Synthetic data option 'correlation' is not a valid correlation matrix (not positive definite).");
        l[i * n + i] = Math.sqrt(s);
      } else {
        l[i * n + j] = s / l[j * n + j]!;
      }
    }
  }
  return l;
}
