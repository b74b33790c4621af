import { describe, expect, it } from 'vitest';
import { metricsToJson, toSnakeCase } from './metrics-to-json';
import { StreamingMetrics } from './streaming-metrics';

describe('metricsToJson', () => {
  it('uses snake_case keys and turns Infinity into null', () => {
    const m = new StreamingMetrics({ initialCapital: 100 });
    m.updateFromTrade({ pnl: 10 });
    m.updateEquity(1, 105, true);
    m.updateEquity(2, 110, true);
    const json = metricsToJson(m.snapshot());
    expect(json.profit_factor).toBeNull();
    expect(json.total_pnl).toBe(10);
    expect(json.final_equity).toBe(110);
    expect(json.max_drawdown_duration).toBe(0);
    expect(json.win_rate).toBe(1);
    expect(Object.keys(json)).toContain('sharpe_ratio');
    expect(Object.keys(json).every((k) => k === k.toLowerCase())).toBe(true);
    // Survives a JSON round trip unchanged (no Infinity silently becoming null by JSON.stringify).
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });

  it('turns NaN and -Infinity into null too and keeps the snapshot key order', () => {
    const snap = { ...new StreamingMetrics({ initialCapital: 1 }).snapshot(), customRatio: Number.NaN, tailLoss: -Infinity };
    const json = metricsToJson(snap);
    expect(json.custom_ratio).toBeNull();
    expect(json.tail_loss).toBeNull();
    expect(Object.keys(json).slice(0, 3)).toEqual(['total_return', 'sharpe_ratio', 'max_drawdown']);
  });

  it('converts camelCase names', () => {
    expect(toSnakeCase('maxDrawdownBars')).toBe('max_drawdown_bars');
    expect(toSnakeCase('exposure')).toBe('exposure');
  });

  it('exports every analysis metric in snake_case, unavailable or infinite values as null', () => {
    const m = new StreamingMetrics({ initialCapital: 100 });
    m.updateFromTrade({ pnl: -5, side: 'short', returnPct: -0.05, commission: 0.5 });
    m.updateEquity(0, 95);
    const json = metricsToJson(m.snapshot());
    expect(json.kelly_criterion).toBeNull(); // −Infinity: losses only
    expect(json.buy_and_hold_return).toBeNull(); // NaN: no prices fed
    expect(json.worst_trade_pct).toBe(-0.05);
    expect(json.commissions_paid).toBe(0.5);
    expect(json.short_trades).toBe(1);
    expect(json.max_consecutive_losses).toBe(1);
    for (const key of ['cagr', 'annualized_return', 'annualized_volatility', 'sqn', 'best_trade', 'avg_trade_bars', 'avg_drawdown_bars', 'drawdown_episodes', 'max_run_up', 'long_win_rate']) {
      expect(json).toHaveProperty(key);
    }
  });
});
