import { describe, expect, it } from 'vitest';
import { createEvent } from './event-factories';
import { EventType } from './event-type';
import type { TradingEvent } from './events';
import { MemoryStorage } from './memory-storage';

let n = 0;
function ev(
  type: EventType,
  opts: { seq?: number; ts?: number; corr?: string; container?: string; source?: string; symbol?: string } = {},
): TradingEvent {
  n++;
  const e = createEvent(type, { symbol: opts.symbol ?? 'SPX' } as never, {
    eventId: `e${n}`,
    sourceId: opts.source ?? 'src',
    timestamp: opts.ts ?? n,
    correlationId: opts.corr,
    containerId: opts.container,
  });
  e.sequence = opts.seq ?? n;
  return e;
}

describe('MemoryStorage', () => {
  it('indexes by correlation and removes a correlation without touching others', () => {
    const s = new MemoryStorage();
    const a1 = ev(EventType.SIGNAL, { corr: 'a' });
    const b1 = ev(EventType.SIGNAL, { corr: 'b' });
    const bar = ev(EventType.BAR);
    const a2 = ev(EventType.FILL, { corr: 'a' });
    for (const e of [a1, b1, bar, a2]) s.append(e);
    expect(s.getByCorrelation('a')).toEqual([a1, a2]);
    expect(s.findInCorrelation('a', EventType.FILL)).toBe(a2);
    expect(s.removeCorrelation('a')).toBe(2);
    expect(s.removeCorrelation('a')).toBe(0);
    expect(s.count()).toBe(2);
    expect(s.query()).toEqual([b1, bar]);
    expect(s.getByCorrelation('a')).toEqual([]);
  });

  it('queries by type, time, sequence, container, correlation, symbol with offset/limit in sequence order', () => {
    const s = new MemoryStorage();
    const all: TradingEvent[] = [];
    for (let i = 0; i < 50; i++) {
      const type = i % 2 === 0 ? EventType.BAR : EventType.ORDER;
      const e = ev(type, {
        seq: 100 + i,
        ts: 1000 + i * 10,
        corr: `t${i % 5}`,
        container: i % 3 === 0 ? 'p1' : 'p2',
        symbol: i % 4 === 0 ? 'AAPL' : 'MSFT',
      });
      all.push(e);
      s.append(e);
    }
    const q = { type: EventType.BAR, from: 1100, to: 1400, container: 'p1' };
    const expected = all.filter(
      (e) => e.type === q.type && e.timestamp >= q.from && e.timestamp <= q.to && e.containerId === 'p1',
    );
    expect(expected.length).toBeGreaterThan(1);
    expect(s.query({ type: EventType.BAR, from: 1100, to: 1400, containerId: 'p1' })).toEqual(expected);
    expect(s.query({ type: [EventType.BAR, EventType.ORDER], fromSequence: 110, toSequence: 119 })).toEqual(all.slice(10, 20));
    expect(s.query({ correlationId: 't2', offset: 1, limit: 3 })).toEqual(all.filter((e) => e.correlationId === 't2').slice(1, 4));
    expect(s.query({ symbol: 'AAPL' })).toEqual(all.filter((_, i) => i % 4 === 0));
    expect(s.query({ offset: 45 })).toEqual(all.slice(45));
    expect(s.query({ limit: 0 })).toEqual([]);
    // containerId also matches the producer of an event without an owner.
    const own = ev(EventType.SIGNAL, { seq: 500, source: 'strategy_9' });
    s.append(own);
    expect(s.query({ containerId: 'strategy_9' })).toEqual([own]);
    expect(() => s.query({ limit: -1 })).toThrow(/limit/);
  });

  it('returns sequence order even when events arrive out of order', () => {
    const s = new MemoryStorage();
    const e3 = ev(EventType.BAR, { seq: 3 });
    const e1 = ev(EventType.BAR, { seq: 1, corr: 'x' });
    const e2 = ev(EventType.BAR, { seq: 2, corr: 'x' });
    s.append(e3);
    s.append(e2);
    s.append(e1);
    expect(s.query().map((e) => e.sequence)).toEqual([1, 2, 3]);
    expect(s.query({ offset: 1, limit: 1 })).toEqual([e2]);
    expect(s.getByCorrelation('x')).toEqual([e1, e2]);
  });

  it('with a capacity evicts the oldest and counts what it dropped', () => {
    const s = new MemoryStorage({ capacity: 100 });
    const all: TradingEvent[] = [];
    for (let i = 0; i < 10_000; i++) {
      const e = ev(EventType.BAR, { corr: `c${i % 7}` });
      all.push(e);
      s.append(e);
      expect(s.size).toBeLessThanOrEqual(100);
    }
    expect(s.count()).toBe(100);
    expect(s.dropped).toBe(9_900);
    expect(s.query()).toEqual(all.slice(-100));
    // The correlation index forgot evicted events.
    expect(s.getByCorrelation('c3')).toEqual(all.slice(-100).filter((e) => e.correlationId === 'c3'));
  });

  it('capacity 0 keeps nothing and counts every event as dropped', () => {
    const s = new MemoryStorage({ capacity: 0 });
    s.append(ev(EventType.BAR));
    s.append(ev(EventType.BAR));
    expect(s.count()).toBe(0);
    expect(s.dropped).toBe(2);
    expect(() => new MemoryStorage({ capacity: -1 })).toThrow(/capacity/);
  });

  it('eviction counts live events, not the holes left by removed correlations', () => {
    const s = new MemoryStorage({ capacity: 10 });
    const longOpen = ev(EventType.POSITION_OPEN, { corr: 'long' });
    s.append(longOpen);
    // 10,000 short trades come and go; the long trade's event must survive.
    for (let t = 0; t < 10_000; t++) {
      s.append(ev(EventType.POSITION_OPEN, { corr: `t${t}` }));
      s.append(ev(EventType.POSITION_CLOSE, { corr: `t${t}` }));
      s.removeCorrelation(`t${t}`);
    }
    expect(s.dropped).toBe(0);
    expect(s.query()).toEqual([longOpen]);
    expect(s.getByCorrelation('long')).toEqual([longOpen]);
  });

  it('stays correct across compactions with interleaved removals', () => {
    const s = new MemoryStorage();
    const kept = new Map<string, TradingEvent[]>();
    for (let i = 0; i < 20_000; i++) {
      const corr = `c${i % 50}`;
      const e = ev(EventType.FILL, { corr });
      s.append(e);
      const list = kept.get(corr) ?? [];
      list.push(e);
      kept.set(corr, list);
      if (i % 97 === 0) {
        const victim = `c${(i * 7) % 50}`;
        expect(s.removeCorrelation(victim)).toBe(kept.get(victim)?.length ?? 0);
        kept.delete(victim);
      }
    }
    const expected = [...kept.values()].flat().sort((a, b) => a.sequence! - b.sequence!);
    expect(s.query()).toEqual(expected);
    expect(s.count()).toBe(expected.length);
    for (const [corr, list] of kept) expect(s.getByCorrelation(corr)).toEqual(list);
    s.clear();
    expect(s.count()).toBe(0);
    expect(s.query()).toEqual([]);
  });

  it('matches a naive reference model under random appends, evictions and removals', () => {
    // Deterministic LCG so a failure reproduces.
    let seed = 12345;
    const rnd = (k: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % k);
    const capacity = 700;
    const s = new MemoryStorage({ capacity });
    let model: TradingEvent[] = [];
    let dropped = 0;
    for (let step = 0; step < 60_000; step++) {
      if (rnd(10) < 8) {
        const corr = rnd(4) === 0 ? undefined : `c${rnd(120)}`;
        const e = ev(EventType.ORDER, { corr });
        s.append(e);
        model.push(e);
        if (model.length > capacity) {
          model.shift();
          dropped++;
        }
      } else {
        const corr = `c${rnd(120)}`;
        const before = model.length;
        model = model.filter((e) => e.correlationId !== corr);
        expect(s.removeCorrelation(corr)).toBe(before - model.length);
      }
      if (step % 5000 === 0 || step === 59_999) {
        expect(s.query()).toEqual(model);
        expect(s.dropped).toBe(dropped);
        const probe = `c${rnd(120)}`;
        expect(s.getByCorrelation(probe)).toEqual(model.filter((e) => e.correlationId === probe));
        expect(s.query({ correlationId: probe, limit: 2 })).toEqual(model.filter((e) => e.correlationId === probe).slice(0, 2));
      }
    }
    expect(dropped).toBeGreaterThan(1000);
  });
});
