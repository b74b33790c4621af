// The synthetic generator's knobs, their defaults, and validation of raw values
// from a YAML `data.synthetic` block (snake_case or camelCase keys), so a typo or
// an impossible value is an error naming the option rather than odd data.

export interface SyntheticBarsOptions {
  /** PRNG seed (integer): same seed ⇒ byte-identical bars. */
  seed: number;
  symbols: readonly string[];
  /** First session day, ISO date (UTC); weekends are skipped. */
  start: string;
  /** Number of trading days (weekdays). */
  days: number;
  /** Timeframes to produce: '1m' is generated, coarser ones are resampled from it. */
  timeframes: readonly string[];
  /** Session open/close 'HH:MM', UTC (no exchange time zone or DST). */
  sessionOpen: string;
  sessionClose: string;
  /** Start price of every symbol, or one per symbol. */
  startPrice: number | readonly number[];
  annualVolatility: number;
  annualDrift: number;
  /**
   * Correlation of the symbols' minute returns: one number ρ (every pair, i.e. a common
   * factor with loading √ρ plus idiosyncratic noise) or a full symmetric positive-definite matrix.
   */
  correlation: number | readonly (readonly number[])[];
  /** Std of the overnight log-price jump per night (×√(calendar days) over weekends). */
  overnightGapVolatility: number;
  /** Chance that a symbol has no bar in a given minute (no trade): the bar is missing, the price still moves. */
  missingMinuteProbability: number;
  /** Mean volume per minute bar. */
  baseVolume: number;
}

export const DEFAULT_SYNTHETIC_BARS_OPTIONS: SyntheticBarsOptions = {
  seed: 1,
  symbols: ['SYN_A', 'SYN_B', 'SYN_C'],
  start: '2024-01-02',
  days: 5,
  timeframes: ['1m'],
  sessionOpen: '09:30',
  sessionClose: '16:00',
  startPrice: 100,
  annualVolatility: 0.2,
  annualDrift: 0,
  correlation: 0.5,
  overnightGapVolatility: 0.005,
  missingMinuteProbability: 0.01,
  baseVolume: 1000,
};

const KEYS = Object.keys(DEFAULT_SYNTHETIC_BARS_OPTIONS) as (keyof SyntheticBarsOptions)[];

function camel(key: string): string {
  return key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** Fills defaults and validates; throws an Error naming the option and what is allowed. */
export function parseSyntheticBarsOptions(raw: Readonly<Record<string, unknown>> = {}): SyntheticBarsOptions {
  const o: Record<string, unknown> = { ...DEFAULT_SYNTHETIC_BARS_OPTIONS };
  for (const [k, v] of Object.entries(raw)) {
    if (v === undefined) continue;
    const key = camel(k);
    if (!(KEYS as string[]).includes(key)) {
      throw new Error(`Unknown synthetic data option '${k}': known options are ${KEYS.map((x) => x.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)).join(', ')}.`);
    }
    o[key] = v;
  }
  const fail = (name: string, what: string): never => {
    throw new Error(`Synthetic data option '${name}' ${what}, got ${JSON.stringify(o[name])}.`);
  };
  const num = (name: string, min: number, max: number, integer = false): number => {
    const v = o[name];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v))) {
      fail(name, `must be ${integer ? 'an integer' : 'a number'} in [${min}, ${max}]`);
    }
    return v as number;
  };
  num('seed', -(2 ** 31), 2 ** 32 - 1, true);
  num('days', 1, 20_000, true);
  num('annualVolatility', 0, 10);
  num('annualDrift', -10, 10);
  num('overnightGapVolatility', 0, 1);
  num('missingMinuteProbability', 0, 0.99);
  num('baseVolume', 0, 1e12);
  const symbols = o.symbols;
  if (!Array.isArray(symbols) || symbols.length === 0 || !symbols.every((s) => typeof s === 'string' && s.trim() !== '')) {
    fail('symbols', 'must be a non-empty list of symbol names');
  }
  if (new Set(symbols as string[]).size !== (symbols as string[]).length) fail('symbols', 'must not repeat a symbol');
  const n = (symbols as string[]).length;
  if (typeof o.start !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(o.start) || Number.isNaN(Date.parse(`${o.start}T00:00:00Z`))) {
    fail('start', "must be an ISO date like '2024-01-02'");
  }
  const tfs = o.timeframes;
  if (!Array.isArray(tfs) || tfs.length === 0 || !tfs.every((t) => typeof t === 'string')) fail('timeframes', "must be a non-empty list such as ['1m', '5m']");
  for (const name of ['sessionOpen', 'sessionClose']) {
    if (typeof o[name] !== 'string' || !/^([01]\d|2[0-3]):[0-5]\d$/.test(o[name] as string)) fail(name, "must be a UTC time 'HH:MM'");
  }
  if (minutesOf(o.sessionClose as string) <= minutesOf(o.sessionOpen as string)) fail('sessionClose', 'must be after session_open (same UTC day)');
  const sp = o.startPrice;
  const prices = Array.isArray(sp) ? sp : [sp];
  if ((Array.isArray(sp) && sp.length !== n) || !prices.every((p) => typeof p === 'number' && Number.isFinite(p) && p > 0)) {
    fail('startPrice', `must be a positive number or a list of ${n} positive numbers (one per symbol)`);
  }
  const c = o.correlation;
  if (typeof c === 'number') {
    const lo = n > 1 ? -1 / (n - 1) : -1;
    if (!(c > lo && c < 1) && !(n === 1 && c >= -1 && c <= 1)) fail('correlation', `must be in (${lo.toFixed(4)}, 1) for ${n} symbols`);
  } else if (
    !Array.isArray(c) ||
    c.length !== n ||
    !c.every((row) => Array.isArray(row) && row.length === n && row.every((x) => typeof x === 'number' && x >= -1 && x <= 1))
  ) {
    fail('correlation', `must be a number or a ${n}×${n} matrix of numbers in [-1, 1]`);
  }
  return o as unknown as SyntheticBarsOptions;
}

/** Minutes after midnight of 'HH:MM'. */
export function minutesOf(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}
