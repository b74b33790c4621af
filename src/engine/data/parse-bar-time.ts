// Bar time from a CSV cell, without Date.parse (whose non-ISO behaviour differs
// between engines): ISO dates/datetimes (UTC unless an offset is written), epoch
// seconds or milliseconds, YYYYMMDD, and vega-datasets' 'Jan 1 2000' style.

const MONTHS: Record<string, number> = {
  jan: 0, feb: 1, mar: 2, apr: 3, may: 4, jun: 5, jul: 6, aug: 7, sep: 8, oct: 9, nov: 10, dec: 11,
};

const ISO = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const MONTH_NAME = /^([A-Za-z]{3})[A-Za-z]*\.?\s+(\d{1,2}),?\s+(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const DAY_MONTH_NAME = /^(\d{1,2})[\s-]([A-Za-z]{3})[A-Za-z]*[\s-](\d{4})$/;
const NUMERIC = /^\d+(?:\.\d+)?$/;

/** Epoch seconds below this are read as seconds, at or above as milliseconds (1e11 s is year 5138, 1e11 ms is 1973). */
const SECONDS_LIMIT = 1e11;

/** Milliseconds since epoch (UTC) of a date cell, or undefined when it is not a date this parser knows. */
export function parseBarTime(raw: string): number | undefined {
  const text = raw.trim();
  if (text === '') return undefined;
  const fast = fastIso(text);
  if (fast !== undefined) return fast;
  let m = ISO.exec(text);
  if (m) {
    const frac = m[7] ? Math.round(Number(`0.${m[7]}`) * 1000) : 0;
    const t = utc(+m[1]!, +m[2]! - 1, +m[3]!, m[4] ? +m[4] : 0, m[5] ? +m[5] : 0, m[6] ? +m[6] : 0, frac);
    if (t === undefined) return undefined;
    return t - offsetMs(m[8]);
  }
  if (NUMERIC.test(text)) {
    // 8-digit YYYYMMDD (19000101–21001231) wins over epoch seconds of 1970–1973.
    if (text.length === 8 && /^(19|20|21)\d{6}$/.test(text)) {
      const t = utc(+text.slice(0, 4), +text.slice(4, 6) - 1, +text.slice(6, 8), 0, 0, 0, 0);
      if (t !== undefined) return t;
    }
    const n = Number(text);
    return n < SECONDS_LIMIT ? Math.round(n * 1000) : Math.round(n);
  }
  m = MONTH_NAME.exec(text);
  if (m) {
    const month = MONTHS[m[1]!.toLowerCase()];
    if (month === undefined) return undefined;
    return utc(+m[3]!, month, +m[2]!, m[4] ? +m[4] : 0, m[5] ? +m[5] : 0, m[6] ? +m[6] : 0, 0);
  }
  m = DAY_MONTH_NAME.exec(text);
  if (m) {
    const month = MONTHS[m[2]!.toLowerCase()];
    if (month === undefined) return undefined;
    return utc(+m[3]!, month, +m[1]!, 0, 0, 0, 0);
  }
  return undefined;
}

/** The last calendar day fastIso validated (minute files repeat one day hundreds of times). */
let cachedDay = -1;
let cachedDayMs = 0;

/**
 * The common shapes 'YYYY-MM-DD', 'YYYY-MM-DD[T ]HH:MM[Z]', 'YYYY-MM-DD[T ]HH:MM:SS[Z]' and
 * 'YYYY-MM-DD[T ]HH:MM:SS.mmm[Z]' (toISOString's) read from char codes — minute files have
 * millions of them; the day is validated once per distinct day. Anything else goes to the regexes.
 */
function fastIso(t: string): number | undefined {
  return parseIsoBarTimeAt(t, 0, t.length);
}

/**
 * fastIso's shapes read from `t` between `start` and `end` without slicing (the CSV fast
 * path reads a cell in place); undefined when the cell has another shape or padding.
 */
export function parseIsoBarTimeAt(text: string, start: number, end: number): number | undefined {
  const n = end - start;
  if (n !== 10 && n !== 16 && n !== 17 && n !== 19 && n !== 20 && n !== 23 && n !== 24) return undefined;
  const o = start;
  if (text.charCodeAt(o + 4) !== 45 || text.charCodeAt(o + 7) !== 45) return undefined;
  const y = digits(text, o, 4);
  const mo = digits(text, o + 5, 2);
  const d = digits(text, o + 8, 2);
  if (y < 0 || mo < 0 || d < 0) return undefined;
  const dayKey = y * 10_000 + mo * 100 + d;
  let day: number;
  if (dayKey === cachedDay) day = cachedDayMs;
  else {
    const valid = utc(y, mo - 1, d, 0, 0, 0, 0);
    if (valid === undefined) return undefined;
    cachedDay = dayKey;
    cachedDayMs = valid;
    day = valid;
  }
  if (n === 10) return day;
  const sep = text.charCodeAt(o + 10);
  if ((sep !== 84 && sep !== 32) || text.charCodeAt(o + 13) !== 58) return undefined;
  const h = digits(text, o + 11, 2);
  const mi = digits(text, o + 14, 2);
  let s = 0;
  let ms = 0;
  if (n >= 19) {
    if (text.charCodeAt(o + 16) !== 58) return undefined;
    s = digits(text, o + 17, 2);
  }
  if (n >= 23) {
    if (text.charCodeAt(o + 19) !== 46) return undefined; // '.'
    ms = digits(text, o + 20, 3);
    if (ms < 0) return undefined;
  }
  if (h < 0 || mi < 0 || s < 0 || h > 23 || mi > 59 || s > 59) return undefined;
  if ((n === 17 || n === 20 || n === 24) && text.charCodeAt(end - 1) !== 90) return undefined; // 'Z'
  return day + h * 3_600_000 + mi * 60_000 + s * 1000 + ms;
}

/** The decimal value of `len` digits at `start`, or −1 if one is not a digit. */
function digits(t: string, start: number, len: number): number {
  let v = 0;
  for (let i = start; i < start + len; i++) {
    const c = t.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/** Date.UTC that refuses out-of-range fields instead of rolling them over (Feb 30 is not Mar 2). */
function utc(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number): number | undefined {
  if (mo < 0 || mo > 11 || d < 1 || h > 23 || mi > 59 || s > 60) return undefined;
  const t = Date.UTC(y, mo, d, h, mi, s, ms);
  const back = new Date(t);
  if (back.getUTCDate() !== d || back.getUTCMonth() !== mo) return undefined;
  return t;
}

function offsetMs(zone: string | undefined): number {
  if (!zone || zone.toUpperCase() === 'Z') return 0;
  const sign = zone[0] === '-' ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
  return sign * (hours * 60 + minutes) * 60_000;
}
