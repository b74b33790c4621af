// Timeframes as '<count><unit>' ('1m', '5m', '1h', '1d', '1w', '1mo'). Fixed units
// are plain milliseconds; months are calendar months, so they carry no fixed length
// and bucketing (floorToTimeframe) works on UTC calendar fields instead.
import { TimeframeError } from './timeframe-error';

export type TimeframeUnit = 's' | 'm' | 'h' | 'd' | 'w' | 'mo';

export interface Timeframe {
  /** Canonical text, e.g. '5m', '1mo'. */
  text: string;
  count: number;
  unit: TimeframeUnit;
  /** Fixed length in ms; for months the nominal length (30.436875 days per month) — use calendar helpers for months. */
  ms: number;
  /** True for month timeframes: their length varies, buckets follow the calendar. */
  calendar: boolean;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
const AVG_MONTH = 30.436875 * DAY;

const UNIT_MS: Record<TimeframeUnit, number> = { s: SECOND, m: MINUTE, h: HOUR, d: DAY, w: WEEK, mo: AVG_MONTH };

/** Unit spellings accepted besides the canonical ones ('m' is always minutes, 'mo' months). */
const UNIT_ALIASES: Record<string, TimeframeUnit> = {
  s: 's', sec: 's',
  m: 'm', min: 'm',
  h: 'h', hr: 'h',
  d: 'd', day: 'd',
  w: 'w', wk: 'w',
  mo: 'mo', mon: 'mo', month: 'mo',
};

const HELP = "use <count><unit> with unit s, m, h, d, w or mo (e.g. '1m', '5m', '1h', '1d', '1w', '1mo')";

const cache = new Map<string, Timeframe>();

/** Parses a timeframe string; throws TimeframeError saying what is accepted. */
export function parseTimeframe(text: string): Timeframe {
  const hit = cache.get(text);
  if (hit) return hit;
  const m = /^\s*(\d+)\s*([a-zA-Z]+)\s*$/.exec(text);
  if (!m) throw new TimeframeError(text, `Invalid timeframe '${text}': ${HELP}.`);
  const count = Number(m[1]);
  const unitText = m[2]!;
  // 'M' alone is ambiguous (TradingView month vs minute); refuse rather than guess.
  if (unitText === 'M') throw new TimeframeError(text, `Ambiguous timeframe '${text}': write '${count}m' for minutes or '${count}mo' for months.`);
  const unit = UNIT_ALIASES[unitText.toLowerCase()];
  if (!unit) throw new TimeframeError(text, `Unknown unit '${unitText}' in timeframe '${text}': ${HELP}.`);
  if (!Number.isSafeInteger(count) || count < 1) throw new TimeframeError(text, `Timeframe '${text}' needs a count of at least 1: ${HELP}.`);
  const tf: Timeframe = { text: `${count}${unit}`, count, unit, ms: count * UNIT_MS[unit], calendar: unit === 'mo' };
  cache.set(text, tf);
  return tf;
}

/** Milliseconds of a fixed timeframe; for months the nominal (average) length. */
export function timeframeToMs(text: string): number {
  return parseTimeframe(text).ms;
}

// 1970-01-01 was a Thursday; weeks start on Monday (ISO), 4 days later.
const WEEK_ANCHOR = 4 * DAY;

/**
 * The start (UTC) of the bucket of `tf` that contains `timestamp`: fixed units floor to
 * multiples since the epoch (days at UTC midnight, weeks on Monday 00:00 UTC); months
 * floor to the first day of a month whose index since January 1970 is a multiple of count.
 */
export function floorToTimeframe(timestamp: number, tf: Timeframe): number {
  switch (tf.unit) {
    case 'w':
      return Math.floor((timestamp - WEEK_ANCHOR) / tf.ms) * tf.ms + WEEK_ANCHOR;
    case 'mo': {
      const d = new Date(timestamp);
      const monthIndex = d.getUTCFullYear() * 12 + d.getUTCMonth();
      const floored = monthIndex - mod(monthIndex - 1970 * 12, tf.count);
      return Date.UTC(Math.floor(floored / 12), floored % 12, 1);
    }
    default:
      return Math.floor(timestamp / tf.ms) * tf.ms;
  }
}

/** The start of the bucket after the one starting at `bucketStart` (calendar-aware). */
export function nextTimeframeStart(bucketStart: number, tf: Timeframe): number {
  if (!tf.calendar) return bucketStart + tf.ms;
  const d = new Date(bucketStart);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + tf.count, 1);
}

function mod(a: number, n: number): number {
  return ((a % n) + n) % n;
}
