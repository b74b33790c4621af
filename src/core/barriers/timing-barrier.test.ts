import { describe, expect, it } from 'vitest';
import { createBarEvent, createSignalEvent } from '../event-factories';
import { TimingBarrier } from './timing-barrier';

const DAY = Date.UTC(2024, 0, 2); // a Tuesday, 00:00 UTC
const H = 3_600_000;
const M = 60_000;
const S = 1000;
let id = 0;
const signal = (timestamp: number, symbol = 'AAPL') =>
  createSignalEvent({ symbol, direction: 'long', strength: 1, strategyId: 'ma_1', timestamp, eventId: `s${++id}` });

describe('TimingBarrier rate limit', () => {
  it('allows at most N signals in any rolling 60 s of event time', () => {
    const b = new TimingBarrier({ maxSignalsPerMinute: 3 });
    const t0 = DAY + 10 * H;
    expect(b.shouldProceed(signal(t0))).toBe(true);
    expect(b.shouldProceed(signal(t0 + 10 * S))).toBe(true);
    expect(b.shouldProceed(signal(t0 + 20 * S))).toBe(true);
    expect(b.shouldProceed(signal(t0 + 30 * S))).toBe(false);
    expect(b.lastReason).toMatch(/rate limit: 3 signals already let through .*max 3\/min.*next one fits at 2024-01-02T10:01:00.000Z/);
    expect(b.shouldProceed(signal(t0 + 60 * S - 1))).toBe(false);
    // Exactly 60 s after the first, it has left the window (t − 60 s, t].
    expect(b.shouldProceed(signal(t0 + 60 * S))).toBe(true);
    expect(b.shouldProceed(signal(t0 + 65 * S))).toBe(false); // 10 s, 20 s and 60 s are in the window
    expect(b.shouldProceed(signal(t0 + 70 * S))).toBe(true); // 10 s has left
    expect(b.signalsInWindow(t0 + 70 * S)).toBe(3);
  });

  it('counts only the signals it let through', () => {
    const b = new TimingBarrier({ maxSignalsPerMinute: 1 });
    expect(b.shouldProceed(signal(0))).toBe(true);
    expect(b.shouldProceed(signal(30 * S))).toBe(false);
    // Had the blocked signal at 30 s been counted, this one would be blocked too.
    expect(b.shouldProceed(signal(60 * S))).toBe(true);
  });

  it('is driven by event time only: a burst of old-dated signals is limited the same way', () => {
    const b = new TimingBarrier({ maxSignalsPerMinute: 2 });
    const old = Date.UTC(2001, 5, 1, 12);
    const results = [0, 1, 2, 3].map((k) => b.shouldProceed(signal(old + k * S)));
    expect(results).toEqual([true, true, false, false]);
    // An hour later in event time, however quickly it arrives in wall-clock time.
    expect(b.shouldProceed(signal(old + H))).toBe(true);
  });

  it('keeps its window bounded by the limit over a long run', () => {
    const b = new TimingBarrier({ maxSignalsPerMinute: 5 });
    let admitted = 0;
    for (let k = 0; k < 10_000; k++) if (b.shouldProceed(signal(k * S))) admitted++;
    // 5 per 60 s over 10 000 s: windows start at 0, 60, …, 9960 ⇒ 167 windows × 5.
    expect(admitted).toBe(167 * 5);
    expect(b.signalsInWindow(9_999 * S)).toBeLessThanOrEqual(5);
  });

  it('lets non-signal events through without counting them', () => {
    const b = new TimingBarrier({ maxSignalsPerMinute: 1, tradingHours: { start: '09:30', end: '16:00' } });
    const bar = createBarEvent(
      { symbol: 'AAPL', timeframe: '1m', open: 1, high: 1, low: 1, close: 1, volume: 1 },
      { sourceId: 'data', timestamp: DAY + 3 * H },
    );
    expect(b.shouldProceed(bar)).toBe(true);
    expect(b.shouldProceed(signal(DAY + 10 * H))).toBe(true);
  });
});

describe('TimingBarrier trading hours', () => {
  it('admits [start, end) in UTC by default', () => {
    const b = new TimingBarrier({ tradingHours: { start: '09:30', end: '16:00' } });
    expect(b.shouldProceed(signal(DAY + 9 * H + 30 * M - S))).toBe(false);
    expect(b.lastReason).toBe(
      'signal at 09:29:59 UTC (2024-01-02T09:29:59.000Z) is outside trading hours 09:30–16:00 UTC',
    );
    expect(b.shouldProceed(signal(DAY + 9 * H + 30 * M))).toBe(true);
    expect(b.shouldProceed(signal(DAY + 15 * H + 59 * M))).toBe(true);
    expect(b.shouldProceed(signal(DAY + 16 * H))).toBe(false);
  });

  it('reads hours at a fixed offset', () => {
    const b = new TimingBarrier({ tradingHours: { start: '09:30', end: '16:00', timezone: '+02:00' } });
    expect(b.shouldProceed(signal(DAY + 7 * H + 30 * M))).toBe(true); // 09:30 at +02:00
    expect(b.shouldProceed(signal(DAY + 7 * H + 29 * M))).toBe(false);
    expect(b.shouldProceed(signal(DAY + 13 * H + 59 * M))).toBe(true); // 15:59 local
    expect(b.shouldProceed(signal(DAY + 14 * H))).toBe(false); // 16:00 local
    const west = new TimingBarrier({ tradingHours: { start: '09:30', end: '16:00', timezone: '-0500' } });
    expect(west.shouldProceed(signal(DAY + 14 * H + 30 * M))).toBe(true);
  });

  it('follows daylight saving time with an IANA zone', () => {
    const b = new TimingBarrier({ tradingHours: { start: '09:30', end: '16:00', timezone: 'America/New_York' } });
    // 13:30 UTC is 08:30 EST in January but 09:30 EDT in July.
    expect(b.shouldProceed(signal(Date.UTC(2024, 0, 2, 13, 30)))).toBe(false);
    expect(b.lastReason).toMatch(/signal at 08:30 America\/New_York/);
    expect(b.shouldProceed(signal(Date.UTC(2024, 0, 2, 14, 30)))).toBe(true);
    expect(b.shouldProceed(signal(Date.UTC(2024, 6, 1, 13, 30)))).toBe(true);
    expect(b.shouldProceed(signal(Date.UTC(2024, 6, 1, 20, 0)))).toBe(false); // 16:00 EDT
  });

  it('supports an overnight session', () => {
    const b = new TimingBarrier({ tradingHours: { start: '18:00', end: '17:00' } });
    expect(b.shouldProceed(signal(DAY + 17 * H + 30 * M))).toBe(false);
    expect(b.shouldProceed(signal(DAY + 18 * H))).toBe(true);
    expect(b.shouldProceed(signal(DAY + 3 * H))).toBe(true);
  });

  it('does not spend the rate budget on signals outside hours', () => {
    const b = new TimingBarrier({ maxSignalsPerMinute: 1, tradingHours: { start: '09:30', end: '16:00' } });
    expect(b.shouldProceed(signal(DAY + 9 * H + 29 * M + 30 * S))).toBe(false);
    expect(b.shouldProceed(signal(DAY + 9 * H + 30 * M))).toBe(true);
    expect(b.describe()).toBe('TimingBarrier(max 1 signals/min (1 in the current window); hours 09:30–16:00 UTC): 1 signal(s) let through');
  });

  it('rejects bad settings with clear messages', () => {
    expect(() => new TimingBarrier({ maxSignalsPerMinute: 0 })).toThrow(/positive whole number/);
    expect(() => new TimingBarrier({ tradingHours: { start: '9h30', end: '16:00' } })).toThrow(/tradingHours.start '9h30'/);
    expect(() => new TimingBarrier({ tradingHours: { start: '09:30', end: '25:00' } })).toThrow(/tradingHours.end/);
    expect(() => new TimingBarrier({ tradingHours: { start: '09:30', end: '16:00', timezone: 'Mars/Olympus' } })).toThrow(
      /timezone 'Mars\/Olympus' is unknown/,
    );
    expect(() => new TimingBarrier({ tradingHours: { start: '09:30', end: '09:30' } })).toThrow(/omit tradingHours/);
  });

  it('resets its window', () => {
    const b = new TimingBarrier({ maxSignalsPerMinute: 1 });
    b.shouldProceed(signal(0));
    expect(b.shouldProceed(signal(S))).toBe(false);
    b.reset();
    expect(b.shouldProceed(signal(2 * S))).toBe(true);
  });
});
