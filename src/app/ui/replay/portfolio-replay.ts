// Replays a portfolio's state (cash, positions, equity) from its traced events:
// a pure reducer, so stepping to any sequence is a fold over the events up to it.
import type { TradingEvent } from '../../../core/events';
import type { PositionSide } from '../../../core/events';

export interface ReplayPosition {
  symbol: string;
  side: PositionSide;
  quantity: number;
  entryPrice: number;
  /** Latest known price of the symbol (bar close or fill), for marking. */
  markPrice: number;
}

export interface PortfolioReplayState {
  /** Sequence of the last event applied, null before any. */
  sequence: number | null;
  cash: number;
  equity: number;
  positions: Readonly<Record<string, ReplayPosition>>;
  realizedPnl: number;
  fills: number;
  closedTrades: number;
  lastPrices: Readonly<Record<string, number>>;
}

export function initialReplayState(initialCapital: number): PortfolioReplayState {
  return { sequence: null, cash: initialCapital, equity: initialCapital, positions: {}, realizedPnl: 0, fills: 0, closedTrades: 0, lastPrices: {} };
}

function markToMarket(cash: number, positions: Readonly<Record<string, ReplayPosition>>): number {
  let equity = cash;
  for (const p of Object.values(positions)) equity += (p.side === 'long' ? 1 : -1) * p.quantity * p.markPrice;
  return equity;
}

function ownedBy(event: TradingEvent, containerId: string | undefined): boolean {
  return containerId === undefined || (event.containerId ?? event.sourceId) === containerId;
}

/** Applies one event. Events of other portfolios (when containerId is given) only move prices. */
export function replayEvent(state: PortfolioReplayState, event: TradingEvent, containerId?: string): PortfolioReplayState {
  const sequence = event.sequence ?? state.sequence;
  switch (event.type) {
    case 'BAR': {
      const { symbol, close } = (event as TradingEvent<'BAR'>).payload;
      const lastPrices = { ...state.lastPrices, [symbol]: close };
      const held = state.positions[symbol];
      const positions = held ? { ...state.positions, [symbol]: { ...held, markPrice: close } } : state.positions;
      return { ...state, sequence, lastPrices, positions, equity: markToMarket(state.cash, positions) };
    }
    case 'FILL': {
      if (!ownedBy(event, containerId)) return { ...state, sequence };
      const f = (event as TradingEvent<'FILL'>).payload;
      const notional = f.quantity * f.price;
      const cash = state.cash + (f.side === 'buy' ? -notional : notional) - f.commission;
      const lastPrices = { ...state.lastPrices, [f.symbol]: f.price };
      const held = state.positions[f.symbol];
      const positions = held ? { ...state.positions, [f.symbol]: { ...held, markPrice: f.price } } : state.positions;
      return { ...state, sequence, cash, lastPrices, positions, fills: state.fills + 1, equity: markToMarket(cash, positions) };
    }
    case 'POSITION_OPEN': {
      if (!ownedBy(event, containerId)) return { ...state, sequence };
      const p = (event as TradingEvent<'POSITION_OPEN'>).payload;
      const markPrice = state.lastPrices[p.symbol] ?? p.entryPrice;
      const positions = { ...state.positions, [p.symbol]: { symbol: p.symbol, side: p.side, quantity: p.quantity, entryPrice: p.entryPrice, markPrice } };
      return { ...state, sequence, positions, equity: markToMarket(state.cash, positions) };
    }
    case 'POSITION_CLOSE': {
      if (!ownedBy(event, containerId)) return { ...state, sequence };
      const p = (event as TradingEvent<'POSITION_CLOSE'>).payload;
      const positions = { ...state.positions };
      delete positions[p.symbol];
      return {
        ...state,
        sequence,
        positions,
        realizedPnl: state.realizedPnl + p.pnl,
        closedTrades: state.closedTrades + 1,
        equity: markToMarket(state.cash, positions),
      };
    }
    case 'PORTFOLIO_UPDATE': {
      if (!ownedBy(event, containerId)) return { ...state, sequence };
      // The portfolio's own figures are authoritative where the trace has them.
      const u = (event as TradingEvent<'PORTFOLIO_UPDATE'>).payload;
      return { ...state, sequence, cash: u.cash, equity: u.equity };
    }
    default:
      return { ...state, sequence };
  }
}

/** The state after every event with sequence ≤ upTo (events in sequence order). */
export function replayTo(
  events: readonly TradingEvent[],
  initialCapital: number,
  upTo: number,
  containerId?: string,
): PortfolioReplayState {
  let state = initialReplayState(initialCapital);
  for (const e of events) {
    if ((e.sequence ?? -Infinity) > upTo) break;
    state = replayEvent(state, e, containerId);
  }
  return state;
}
