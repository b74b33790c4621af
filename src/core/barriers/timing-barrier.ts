// TimingBarrier: a signal rate limit over a rolling 60 s window of EVENT time and a
// trading-hours gate. The window is a ring of the admitted signals' timestamps, bounded
// by the limit itself, so each check is O(1) amortized and memory never grows.
import { EventType } from '../event-type';
import type { TradingEvent } from '../events';
import { PROCEED, block } from './barrier';
import type { Barrier, BarrierVerdict } from './barrier';

export interface TradingHours {
  /** 'HH:MM' or 'HH:MM:SS', inclusive. */
  start: string;
  /** 'HH:MM' or 'HH:MM:SS', exclusive; before `start` means the session runs overnight. */
  end: string;
  /** 'UTC' (default), a fixed offset like '+02:00' / '-0500', or an IANA name like 'America/New_York'. */
  timezone?: string;
}

export interface TimingBarrierOptions {
  /** Signals admitted per rolling 60 s of event time; omitted = no rate limit. */
  maxSignalsPerMinute?: number;
  tradingHours?: TradingHours;
}

const WINDOW_MS = 60_000;
const DAY_MS = 86_400_000;

function parseClock(text: string, field: string): number {
  const m = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(String(text).trim());
  const h = m ? Number(m[1]) : NaN;
  const min = m ? Number(m[2]) : NaN;
  const s = m && m[3] !== undefined ? Number(m[3]) : 0;
  const ms = ((h * 60 + min) * 60 + s) * 1000;
  if (!m || min > 59 || s > 59 || ms > DAY_MS) {
    throw new RangeError(`tradingHours.${field} '${text}' is not a time of day: use 'HH:MM' (e.g. '09:30', '16:00').`);
  }
  return ms;
}

function formatClock(ms: number): string {
  const total = Math.floor(ms / 1000);
  const pad = (n: number): string => String(n).padStart(2, '0');
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return s === 0 ? `${pad(h)}:${pad(m)}` : `${pad(h)}:${pad(m)}:${pad(s)}`;
}

function formatTime(t: number): string {
  return Number.isFinite(t) && Math.abs(t) < 8.64e15 ? new Date(t).toISOString() : String(t);
}

/** Maps an instant to its milliseconds since local midnight in one time zone. */
type TimeOfDay = (t: number) => number;

function timeOfDayIn(timezone: string | undefined): TimeOfDay {
  const tz = (timezone ?? 'UTC').trim();
  if (/^(UTC|GMT|Z)$/i.test(tz)) return (t) => ((t % DAY_MS) + DAY_MS) % DAY_MS;
  const fixed = /^(?:UTC|GMT)?([+-])(\d{1,2})(?::?(\d{2}))?$/i.exec(tz);
  if (fixed) {
    const hours = Number(fixed[2]);
    const minutes = fixed[3] !== undefined ? Number(fixed[3]) : 0;
    if (hours > 14 || minutes > 59) throw new RangeError(`tradingHours.timezone '${tz}' is not a valid UTC offset.`);
    const offset = (fixed[1] === '-' ? -1 : 1) * (hours * 60 + minutes) * 60_000;
    return (t) => ((((t + offset) % DAY_MS) + DAY_MS) % DAY_MS);
  }
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
  } catch {
    throw new RangeError(
      `tradingHours.timezone '${tz}' is unknown: use 'UTC', a fixed offset like '+02:00', or an IANA name like 'America/New_York'.`,
    );
  }
  return (t) => {
    let h = 0;
    let m = 0;
    let s = 0;
    for (const part of format.formatToParts(t)) {
      if (part.type === 'hour') h = Number(part.value) % 24;
      else if (part.type === 'minute') m = Number(part.value);
      else if (part.type === 'second') s = Number(part.value);
    }
    return ((h * 60 + m) * 60 + s) * 1000 + (((t % 1000) + 1000) % 1000);
  };
}

/**
 * Rules, for SIGNAL events only (everything else proceeds):
 * - Trading hours: a signal proceeds when its event time, read in `timezone`, is in
 *   [start, end) — or, for an overnight session (end before start), at/after start or before end.
 *   Daily bars stamped 00:00 UTC are outside '09:30'–'16:00': set hours only for intraday data.
 * - Rate: a signal proceeds when fewer than maxSignalsPerMinute admitted signals have
 *   timestamps in (t − 60 s, t]; a signal exactly 60 s after another no longer sees it.
 *   Only signals that finally proceeded are counted (commit), so signals blocked here, by
 *   trading hours or by another barrier of an 'all' composite never use up the budget.
 * Event time is assumed non-decreasing, as a backtest feed is.
 */
export class TimingBarrier implements Barrier {
  readonly name = 'TimingBarrier';
  readonly maxSignalsPerMinute: number | undefined;
  readonly tradingHours: Readonly<TradingHours> | undefined;
  private readonly startMs: number = 0;
  private readonly endMs: number = 0;
  private readonly timeOfDay: TimeOfDay | undefined;
  private readonly zoneLabel: string = 'UTC';
  // Ring of admitted signal timestamps: oldest at `head`, `size` live entries.
  private readonly ring: Float64Array;
  private head = 0;
  private size = 0;
  private admitted = 0;
  private reason: string | undefined;

  constructor(options: TimingBarrierOptions) {
    const max = options.maxSignalsPerMinute;
    if (max !== undefined && (!Number.isInteger(max) || max < 1)) {
      throw new RangeError(`maxSignalsPerMinute must be a positive whole number, got ${String(max)}.`);
    }
    this.maxSignalsPerMinute = max;
    this.ring = new Float64Array(max ?? 0);
    const hours = options.tradingHours;
    if (hours !== undefined) {
      this.startMs = parseClock(hours.start, 'start');
      this.endMs = parseClock(hours.end, 'end');
      if (this.startMs === this.endMs) {
        throw new RangeError(
          `tradingHours start and end are both '${hours.start}': omit tradingHours to allow signals at any time.`,
        );
      }
      this.timeOfDay = timeOfDayIn(hours.timezone);
      this.zoneLabel = hours.timezone ?? 'UTC';
      this.tradingHours = { ...hours };
    }
  }

  get lastReason(): string | undefined {
    return this.reason;
  }

  /** Admitted signals still inside the window ending at `t`. */
  signalsInWindow(t: number): number {
    this.evict(t);
    return this.size;
  }

  private evict(t: number): void {
    const cap = this.ring.length;
    while (this.size > 0 && this.ring[this.head] <= t - WINDOW_MS) {
      this.head = (this.head + 1) % cap;
      this.size--;
    }
  }

  private inHours(tod: number): boolean {
    return this.startMs < this.endMs
      ? tod >= this.startMs && tod < this.endMs
      : tod >= this.startMs || tod < this.endMs;
  }

  shouldProceed(event: TradingEvent): boolean {
    const verdict = this.check(event);
    this.commit(event, verdict.proceed);
    return verdict.proceed;
  }

  check(event: TradingEvent): BarrierVerdict {
    if (event.type !== EventType.SIGNAL) {
      this.reason = undefined;
      return PROCEED;
    }
    const t = event.timestamp;
    if (this.timeOfDay !== undefined) {
      const tod = this.timeOfDay(t);
      if (!this.inHours(tod)) {
        this.reason =
          `signal at ${formatClock(tod)} ${this.zoneLabel} (${formatTime(t)}) is outside trading hours ` +
          `${formatClock(this.startMs)}–${formatClock(this.endMs)} ${this.zoneLabel}`;
        return block(this.reason);
      }
    }
    const max = this.maxSignalsPerMinute;
    if (max !== undefined) {
      // Expired entries are dropped here; with non-decreasing time that changes no decision.
      this.evict(t);
      if (this.size >= max) {
        const oldest = this.ring[this.head];
        this.reason =
          `rate limit: ${this.size} signals already let through in the 60 s up to ${formatTime(t)} ` +
          `(max ${max}/min); the next one fits at ${formatTime(oldest + WINDOW_MS)}`;
        return block(this.reason);
      }
    }
    this.reason = undefined;
    return PROCEED;
  }

  /** Counts a SIGNAL only when it finally proceeded. */
  commit(event: TradingEvent, proceeded: boolean): void {
    if (!proceeded || event.type !== EventType.SIGNAL) return;
    this.admitted++;
    const cap = this.ring.length;
    if (cap === 0) return;
    const t = event.timestamp;
    this.evict(t);
    if (this.size === cap) {
      // An 'any' composite admitted it past a full window: the oldest entry makes room.
      this.ring[this.head] = t;
      this.head = (this.head + 1) % cap;
    } else {
      this.ring[(this.head + this.size) % cap] = t;
      this.size++;
    }
  }

  reset(): void {
    this.head = 0;
    this.size = 0;
    this.admitted = 0;
    this.reason = undefined;
  }

  describe(): string {
    const parts: string[] = [];
    if (this.maxSignalsPerMinute !== undefined) {
      parts.push(`max ${this.maxSignalsPerMinute} signals/min (${this.size} in the current window)`);
    }
    if (this.tradingHours !== undefined) {
      parts.push(`hours ${formatClock(this.startMs)}–${formatClock(this.endMs)} ${this.zoneLabel}`);
    }
    if (parts.length === 0) parts.push('no limits');
    return `TimingBarrier(${parts.join('; ')}): ${this.admitted} signal(s) let through`;
  }
}
