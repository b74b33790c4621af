import { describe, expect, it } from 'vitest';
import { createSignalEvent } from '../event-factories';
import { barriersFromConfig } from './barriers-from-config';
import { OrderStateBarrier } from './order-state-barrier';
import { TimingBarrier } from './timing-barrier';

const signal = (timestamp: number) =>
  createSignalEvent({ symbol: 'AAPL', direction: 'long', strength: 1, strategyId: 's', timestamp });

describe('barriersFromConfig', () => {
  it("builds the seed's barrier_config", () => {
    const composite = barriersFromConfig(
      {
        dataAlignment: { symbols: ['AAPL', 'MSFT'], timeframes: ['1m', '5m'] },
        orderControl: { preventDuplicates: true },
        timing: { maxSignalsPerMinute: 30 },
      },
      { containerId: 'portfolio_1' },
    );
    expect(composite.mode).toBe('all');
    expect(composite.barriers.map((b) => b.name)).toEqual(['DataAlignmentBarrier', 'OrderStateBarrier', 'TimingBarrier']);
    const orders = composite.barriers[1] as OrderStateBarrier;
    expect(orders.containerId).toBe('portfolio_1');
    expect(orders.preventDuplicates).toBe(true);
    expect((composite.barriers[2] as TimingBarrier).maxSignalsPerMinute).toBe(30);
  });

  it('passes trading hours through and applies them', () => {
    const composite = barriersFromConfig(
      { timing: { tradingHours: { start: '09:30', end: '16:00', timezone: 'America/New_York' } } },
      { containerId: 'p' },
    );
    expect(composite.shouldProceed(signal(Date.UTC(2024, 0, 2, 14, 30)))).toBe(true);
    expect(composite.shouldProceed(signal(Date.UTC(2024, 0, 2, 21, 30)))).toBe(false);
  });

  it('an empty config lets everything through', () => {
    const composite = barriersFromConfig({}, { containerId: 'p' });
    expect(composite.barriers).toHaveLength(0);
    expect(composite.shouldProceed(signal(0))).toBe(true);
  });

  it('names the YAML key of a bad value', () => {
    expect(() =>
      barriersFromConfig({ dataAlignment: { symbols: ['AAPL'], timeframes: ['1mo'] } }, { containerId: 'p', path: 'containers[1].barriers' }),
    ).toThrow(/^containers\[1\]\.barriers\.data_alignment: Unknown timeframe '1mo'/);
    expect(() =>
      barriersFromConfig({ timing: { tradingHours: { start: '09:30', end: '16:00', timezone: 'Nowhere/City' } } }, { containerId: 'p' }),
    ).toThrow(/^barriers\.timing: trading_hours\.timezone 'Nowhere\/City' is unknown/);
  });
});
