// The latest bar of every symbol, updated by the data feed before each BAR is
// published: portfolios value positions and size orders from it without a BAR
// subscription of their own (one map write per bar instead of one handler call
// per portfolio per bar).
import type { EventType } from '../core/event-type';
import type { TradingEvent } from '../core/events';
import type { Bar } from './bar';

export type BarEvent = TradingEvent<typeof EventType.BAR>;

export class MarketState {
  private readonly last = new Map<string, BarEvent>();

  /** Records `event` as the latest bar of its symbol. */
  update(event: BarEvent): void {
    this.last.set(event.payload.symbol, event);
  }

  /** The latest BAR event of `symbol`, if any bar of it was seen. */
  lastBarEvent(symbol: string): BarEvent | undefined {
    return this.last.get(symbol);
  }

  lastClose(symbol: string): number | undefined {
    return this.last.get(symbol)?.payload.close;
  }

  /** The bar (payload) of the latest BAR event of `symbol`. */
  lastBar(symbol: string): Bar | undefined {
    return this.last.get(symbol)?.payload as Bar | undefined;
  }

  clear(): void {
    this.last.clear();
  }
}
