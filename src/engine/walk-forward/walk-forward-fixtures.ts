// Test fixtures for walk-forward: a strategy whose parameter choice is obvious by
// hand ('long' buys on the first bar it may trade and holds, 'flat' never trades) and ten
// daily bars whose rises and falls make each window's best choice hand-checkable.
import type { StudioConfig } from '../../core/config/studio-config';
import type { Bar } from '../bar';
import type { StrategyDefinition } from '../strategy';
import { DAY, T0, portfolioContainer, strategyContainer, studioConfig } from '../testing/backtest-fixtures';

export const holdStrategy: StrategyDefinition<{ mode: string }> = {
  kind: 'hold',
  description: 'test: long-and-hold or nothing',
  params: [],
  symbolCount: { min: 1 },
  parseParams: (raw) => ({ mode: String(raw.mode ?? 'flat') }),
  create: (id, symbols, params) => {
    return {
      id,
      kind: 'hold',
      symbols,
      // 'long' asks for long whenever flat: a signal on a warm-up bar (before tradeFrom) is
      // dropped, so it buys on the first bar it may trade, like a fresh run on the test slice.
      onBar(bar, ctx) {
        if (params.mode === 'long' && ctx.position(bar.symbol) === 'flat') ctx.emitSignal(bar.symbol, 'long');
      },
    };
  },
};

export const holdStrategies = (kind: string): StrategyDefinition<unknown> | undefined => (kind === 'hold' ? (holdStrategy as StrategyDefinition<unknown>) : undefined);

/** Closes of the ten bars. Each bar opens at the previous close, so a long signalled on the first traded bar earns 10 × (P_last − P_first). */
export const WF_CLOSES = [100, 102, 104, 106, 108, 110, 105, 100, 95, 90] as const;

export function walkForwardBars(symbol = 'AAA'): Bar[] {
  return WF_CLOSES.map((close, i) => {
    const open = i === 0 ? close : WF_CLOSES[i - 1]!;
    return { timestamp: T0 + i * DAY, symbol, timeframe: '1d', open, high: Math.max(open, close), low: Math.min(open, close), close, volume: 1000 };
  });
}

/** hold_1 swept over mode ['flat', 'long'], ranked by total_return, train 4 / test 2 bars. */
export function walkForwardConfig(anchored: boolean, name = 'test'): StudioConfig {
  return studioConfig([strategyContainer('hold_1', 'hold', { mode: 'flat' }), portfolioContainer('portfolio_1', ['hold_1'])], {
    name,
    optimization: {
      objective: 'total_return',
      direction: 'maximize',
      parameters: [{ path: 'hold_1.params.mode', values: ['flat', 'long'] }],
      walkForward: { train: 4, test: 2, anchored },
    },
  });
}
