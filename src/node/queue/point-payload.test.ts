import { describe, expect, it } from 'vitest';
import type { PointSuccess } from '../../engine/optimization/pool-protocol';
import { decodePointPayload, encodePointPayload, type PointResultPayload } from './point-payload';

describe('point result payload', () => {
  it('keeps Infinity, -Infinity and NaN metrics, which plain JSON would turn into null', () => {
    const payload = {
      ok: true,
      index: 3,
      phase: null,
      params: { 'ma_1.params.fast': 5 },
      containerSuffix: '',
      containerIds: { portfolio_1: 'portfolio_1' },
      durationMs: 12,
      runId: 'r1',
      metrics: { portfolio_1: { profitFactor: Infinity, worstTradePct: -Infinity, buyAndHoldReturn: NaN, totalReturn: 0.25 } },
      trades: { portfolio_1: 0 },
      memory: {},
      eventsPublished: 10,
      barsProcessed: 5,
    } as unknown as PointResultPayload;
    const text = encodePointPayload(payload);
    expect(JSON.parse(JSON.stringify(payload)).metrics.portfolio_1.profitFactor).toBeNull();
    expect(typeof text).toBe('string');
    const back = decodePointPayload(text) as PointSuccess;
    expect(back).toEqual(payload);
    expect(back.metrics.portfolio_1.profitFactor).toBe(Infinity);
    expect(back.metrics.portfolio_1.buyAndHoldReturn).toBeNaN();
  });

  it('is much smaller than the JSON of a long equity curve', () => {
    const equity = Array.from({ length: 5000 }, (_, i) => ({ timestamp: 946684800000 + i * 86400000, equity: 100000 + Math.sin(i / 50) * 5000, cash: 1000, drawdown: 0.01 * (i % 7) }));
    const payload = { ok: true, index: 0, result: { equityCurve: equity } } as unknown as PointResultPayload;
    expect(encodePointPayload(payload).length).toBeLessThan(JSON.stringify(payload).length / 2);
  });

  it('refuses text from another format', () => {
    expect(() => decodePointPayload('{"ok":true}')).toThrow(/must start with/);
  });
});
