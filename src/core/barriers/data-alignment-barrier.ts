// DataAlignmentBarrier: lets a BAR time through once, when every required symbol ×
// timeframe due at that time has delivered its bar. Driven by bar time only, with O(1)
// state: the one group of bars currently arriving (feeds are merged in time order).
import { EventType } from '../event-type';
import type { BarPayload, TradingEvent } from '../events';
import { PROCEED, block } from './barrier';
import type { Barrier, BarrierVerdict } from './barrier';

export interface DataAlignmentBarrierOptions {
  requiredSymbols: readonly string[];
  /** '1m', '5m', '1h', '1d', '1w', '30s' …; omitted or empty: align by symbol, any timeframe. */
  requiredTimeframes?: readonly string[];
}

interface Timeframe {
  name: string;
  periodMs: number;
  /** Boundary phase: weeks start on Monday 00:00 UTC, everything else on the Unix epoch. */
  offsetMs: number;
}

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const MONDAY_OFFSET_MS = 4 * 86_400_000; // 1970-01-01 was a Thursday.
const ANY_TIMEFRAME = '*';
const MAX_LISTED = 6;

/** Length of a timeframe string, or a clear error saying what is accepted. */
function parseTimeframe(name: string): Timeframe {
  const match = /^(\d+)\s*(s|m|min|h|H|d|D|w|W)$/.exec(name.trim());
  const count = match ? Number(match[1]) : 0;
  if (!match || count <= 0) {
    const hint = /^\d+\s*(M|mo|mth|y|Y)$/.test(name.trim()) ? ' Months and years have no fixed length.' : '';
    throw new RangeError(
      `Unknown timeframe '${name}': use <n><unit> with unit s, m, h, d or w (e.g. '1m', '5m', '1h', '1d').${hint}`,
    );
  }
  const unit = match[2] === 'min' ? 'm' : match[2].toLowerCase();
  return { name, periodMs: count * UNIT_MS[unit], offsetMs: unit === 'w' ? MONDAY_OFFSET_MS : 0 };
}

function isBoundary(tf: Timeframe, t: number): boolean {
  const r = (t - tf.offsetMs) % tf.periodMs;
  return r === 0;
}

function formatTime(t: number): string {
  return Number.isFinite(t) && Math.abs(t) < 8.64e15 ? new Date(t).toISOString() : String(t);
}

/**
 * Alignment rule. Bar time = the BAR event's timestamp (never the wall clock); every
 * timeframe stamps its bars the same way (all open times or all close times). A
 * timeframe of length P is due at time t when t is on its boundary — t mod P = 0 from the
 * Unix epoch in UTC (weeks from Monday 00:00 UTC) — so a 5m bar at 09:35 aligns with the
 * 1m bar at 09:35, while at 09:36 only the 1m bars are awaited. A bar that arrives off its
 * boundary (e.g. daily bars stamped 05:00 UTC) makes its timeframe due at that time too.
 * Time t is released (true, once) by the bar that completes the set of due pairs; its
 * other bars are blocked, saying what is still missing.
 *
 * A group still incomplete when a later bar time starts (a symbol had no bar) is dropped
 * and counted in `incompleteGroups`; a bar older than the current group is blocked and
 * counted as late. BARs of symbols or timeframes outside the required set, and every
 * non-BAR event, proceed: they are not this barrier's business.
 */
export class DataAlignmentBarrier implements Barrier {
  readonly name = 'DataAlignmentBarrier';
  readonly requiredSymbols: readonly string[];
  readonly requiredTimeframes: readonly string[];
  private readonly symbols: ReadonlySet<string>;
  private readonly timeframes: ReadonlyMap<string, Timeframe>;
  private readonly anyTimeframe: boolean;

  private groupTime: number | undefined;
  private readonly arrived = new Set<string>();
  /** Timeframes due at groupTime only because one of their bars arrived off-boundary. */
  private readonly extraTimeframes = new Set<string>();
  private completed = false;
  private reason: string | undefined;
  private counts = { released: 0, incompleteGroups: 0, lateBars: 0, extraBars: 0 };

  constructor(options: DataAlignmentBarrierOptions) {
    const symbols = [...new Set(options.requiredSymbols ?? [])];
    if (symbols.length === 0) {
      throw new RangeError('DataAlignmentBarrier needs at least one symbol in requiredSymbols.');
    }
    const names = [...new Set(options.requiredTimeframes ?? [])];
    this.anyTimeframe = names.length === 0;
    const tfs = new Map<string, Timeframe>();
    for (const name of names) tfs.set(name, parseTimeframe(name));
    this.requiredSymbols = symbols;
    this.requiredTimeframes = names;
    this.symbols = new Set(symbols);
    this.timeframes = tfs;
  }

  get lastReason(): string | undefined {
    return this.reason;
  }

  /** Groups released, groups dropped incomplete, late bars, and duplicate bars after a release. */
  stats(): Readonly<{ released: number; incompleteGroups: number; lateBars: number; extraBars: number }> {
    return { ...this.counts };
  }

  shouldProceed(event: TradingEvent): boolean {
    const verdict = this.check(event);
    this.commit(event, verdict.proceed);
    return verdict.proceed;
  }

  private relevantBar(event: TradingEvent): BarPayload | undefined {
    if (event.type !== EventType.BAR) return undefined;
    const bar = event.payload as BarPayload;
    if (!this.symbols.has(bar.symbol)) return undefined;
    if (!this.anyTimeframe && !this.timeframes.has(bar.timeframe)) return undefined;
    return bar;
  }

  private key(symbol: string, timeframe: string): string {
    return this.anyTimeframe ? symbol : `${symbol}\u0000${timeframe}`;
  }

  /** Timeframes due at t, counting `also` (the arriving bar's) and, for the current group, off-boundary ones. */
  private dueTimeframes(t: number, also: string): string[] {
    if (this.anyTimeframe) return [ANY_TIMEFRAME];
    const due: string[] = [];
    for (const tf of this.timeframes.values()) {
      if (tf.name === also || isBoundary(tf, t) || (t === this.groupTime && this.extraTimeframes.has(tf.name))) {
        due.push(tf.name);
      }
    }
    return due;
  }

  check(event: TradingEvent): BarrierVerdict {
    const bar = this.relevantBar(event);
    if (bar === undefined) {
      this.reason = undefined;
      return PROCEED;
    }
    const t = event.timestamp;
    const label = this.anyTimeframe ? bar.symbol : `${bar.symbol} ${bar.timeframe}`;
    if (this.groupTime !== undefined && t < this.groupTime) {
      return this.blocked(
        `late bar ${label} at ${formatTime(t)}: bars for ${formatTime(this.groupTime)} have already started; alignment only moves forward`,
      );
    }
    const sameGroup = t === this.groupTime;
    if (sameGroup && this.completed) {
      return this.blocked(`bars for ${formatTime(t)} were already released; ${label} is a duplicate or extra bar`);
    }
    const key = this.key(bar.symbol, bar.timeframe);
    const has = (k: string): boolean => k === key || (sameGroup && this.arrived.has(k));
    const due = this.dueTimeframes(t, bar.timeframe);
    const missing: string[] = [];
    for (const tf of due) {
      for (const symbol of this.requiredSymbols) {
        if (!has(this.key(symbol, tf))) missing.push(this.anyTimeframe ? symbol : `${symbol} ${tf}`);
      }
    }
    if (missing.length === 0) {
      this.reason = undefined;
      return PROCEED;
    }
    const listed = missing.slice(0, MAX_LISTED).join(', ');
    const more = missing.length > MAX_LISTED ? ` and ${missing.length - MAX_LISTED} more` : '';
    return this.blocked(`waiting for ${listed}${more} at ${formatTime(t)} (${label} arrived)`);
  }

  private blocked(reason: string): BarrierVerdict {
    this.reason = reason;
    return block(reason);
  }

  /** Records the bar whatever the outcome: its arrival is a fact, not an admission. */
  commit(event: TradingEvent, _proceeded: boolean): void {
    const bar = this.relevantBar(event);
    if (bar === undefined) return;
    const t = event.timestamp;
    if (this.groupTime !== undefined && t < this.groupTime) {
      this.counts.lateBars++;
      return;
    }
    if (t !== this.groupTime) {
      if (this.groupTime !== undefined && !this.completed) this.counts.incompleteGroups++;
      this.groupTime = t;
      this.arrived.clear();
      this.extraTimeframes.clear();
      this.completed = false;
    }
    if (this.completed) {
      this.counts.extraBars++;
      return;
    }
    this.arrived.add(this.key(bar.symbol, bar.timeframe));
    if (!this.anyTimeframe) {
      const tf = this.timeframes.get(bar.timeframe)!;
      if (!isBoundary(tf, t)) this.extraTimeframes.add(tf.name);
    }
    const dueCount = this.dueTimeframes(t, bar.timeframe).length * this.requiredSymbols.length;
    if (this.arrived.size === dueCount) {
      this.completed = true;
      this.counts.released++;
    }
  }

  reset(): void {
    this.groupTime = undefined;
    this.arrived.clear();
    this.extraTimeframes.clear();
    this.completed = false;
    this.reason = undefined;
    this.counts = { released: 0, incompleteGroups: 0, lateBars: 0, extraBars: 0 };
  }

  describe(): string {
    const tfs = this.anyTimeframe ? 'any timeframe' : `timeframes ${this.requiredTimeframes.join(', ')}`;
    const group =
      this.groupTime === undefined
        ? 'no bar yet'
        : `group ${formatTime(this.groupTime)}: ${this.completed ? 'released' : `${this.arrived.size} bar(s) arrived, waiting`}`;
    const c = this.counts;
    return (
      `DataAlignmentBarrier(symbols ${this.requiredSymbols.join(', ')}; ${tfs}): ${group}; ` +
      `released ${c.released}, incomplete ${c.incompleteGroups}, late ${c.lateBars}`
    );
  }
}
