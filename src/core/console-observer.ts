// ConsoleObserver: one compact, greppable line per event (sequence, type, market
// time, source, correlation, the payload fields a trader reads), written through
// an injectable sink so it works in Node, in a Worker, or into a UI log panel.
import type { EventType } from './event-type';
import type { TradingEvent } from './events';
import type { EventObserver } from './observer';

export interface ConsoleObserverOptions {
  /** Only these types are written (default: all). */
  eventFilter?: readonly EventType[];
  /** Where lines go (default: console.log of the current realm). */
  write?: (line: string) => void;
}

type Fields = Record<string, unknown>;

/** The payload fields worth a glance, per event type, in reading order. */
const FORMAT: Readonly<Record<EventType, (p: Fields) => string>> = {
  BAR: (p) => `${s(p.symbol)} ${s(p.timeframe)} O=${n(p.open)} H=${n(p.high)} L=${n(p.low)} C=${n(p.close)} V=${n(p.volume)}`,
  FEATURES: (p) => {
    const f = (p.features ?? {}) as Fields;
    const keys = Object.keys(f);
    const shown = keys.slice(0, 4).map((k) => `${k}=${n(f[k])}`);
    return `${s(p.symbol)} ${shown.join(' ')}${keys.length > 4 ? ` (+${keys.length - 4})` : ''}`;
  },
  SIGNAL: (p) => `${s(p.symbol)} ${s(p.direction)} strength=${n(p.strength)} strategy=${s(p.strategyId)}`,
  ORDER_REQUEST: (p) => `${s(p.side)} ${n(p.quantity)} ${s(p.symbol)} ${s(p.orderType)}${price(p)}`,
  ORDER: (p) =>
    `${s(p.orderId)} ${s(p.side)} ${n(p.quantity)} ${s(p.symbol)} ${s(p.orderType)}${price(p)}` +
    `${p.reason !== undefined ? ` reason=${s(p.reason)}` : ''}${p.cancels !== undefined ? ` cancels=${s(p.cancels)}` : ''}`,
  FILL: (p) => `${s(p.orderId)} ${s(p.side)} ${n(p.quantity)} ${s(p.symbol)} @${n(p.price)} commission=${n(p.commission)}`,
  POSITION_OPEN: (p) => `${s(p.side)} ${n(p.quantity)} ${s(p.symbol)} @${n(p.entryPrice)}`,
  POSITION_CLOSE: (p) =>
    `${s(p.side)} ${n(p.quantity)} ${s(p.symbol)} ${n(p.entryPrice)}→${n(p.exitPrice)} pnl=${n(p.pnl)} reason=${s(p.reason)}`,
  PORTFOLIO_UPDATE: (p) => `equity=${n(p.equity)} cash=${n(p.cash)} positions=${n(p.openPositions)}`,
  REGIME_CHANGE: (p) => `${p.symbol !== undefined ? `${s(p.symbol)} ` : ''}${s(p.previousRegime ?? '—')}→${s(p.regime)}`,
  RISK_BREACH: (p) => `${s(p.rule)}${p.symbol !== undefined ? ` ${s(p.symbol)}` : ''}: ${s(p.message)}`,
  ERROR: (p) => `${s(p.message)}${p.failedEventType !== undefined ? ` (handling ${s(p.failedEventType)} ${s(p.failedEventId)})` : ''}`,
};

function s(v: unknown): string {
  return v === undefined || v === null ? '?' : String(v);
}

/** Numbers rounded to 6 decimals so float noise does not bury the value. */
function n(v: unknown): string {
  return typeof v === 'number' ? String(Number.isInteger(v) ? v : +v.toFixed(6)) : s(v);
}

function price(p: Fields): string {
  return `${p.limitPrice !== undefined ? ` limit=${n(p.limitPrice)}` : ''}${p.stopPrice !== undefined ? ` stop=${n(p.stopPrice)}` : ''}`;
}

function isoTime(ms: number): string {
  return Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : String(ms);
}

function defaultWrite(): (line: string) => void {
  const c = (globalThis as { console?: { log(line: string): void } }).console;
  return c !== undefined ? (line) => c.log(line) : () => undefined;
}

export class ConsoleObserver implements EventObserver {
  private readonly only: ReadonlySet<EventType> | undefined;
  private readonly write: (line: string) => void;
  private lastSeq = 0;
  private written = 0;

  constructor(options: ConsoleObserverOptions = {}) {
    this.only = options.eventFilter !== undefined ? new Set(options.eventFilter) : undefined;
    this.write = options.write ?? defaultWrite();
  }

  /** Writes each event once, however many buses of the tree it crosses. */
  onPublish(event: TradingEvent): void {
    const seq = event.sequence;
    if (seq !== undefined) {
      if (seq <= this.lastSeq) return;
      this.lastSeq = seq;
    }
    if (this.only !== undefined && !this.only.has(event.type)) return;
    this.written++;
    this.write(ConsoleObserver.format(event));
  }

  /** Lines written so far. */
  get lines(): number {
    return this.written;
  }

  /** The line for one event: `#seq TYPE time source [corr=…] payload…`. */
  static format(event: TradingEvent): string {
    const head = `#${event.sequence ?? '-'} ${event.type} ${isoTime(event.timestamp)} ${event.sourceId}`;
    const corr = event.correlationId !== undefined ? ` corr=${event.correlationId}` : '';
    const fmt = FORMAT[event.type] as ((p: Fields) => string) | undefined;
    const body = fmt !== undefined ? fmt((event.payload ?? {}) as unknown as Fields) : JSON.stringify(event.payload);
    return `${head}${corr} ${body}`;
  }
}
