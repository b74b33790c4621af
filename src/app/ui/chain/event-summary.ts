// One line per event for tables and chain rows: the payload fields a trader reads first.
import type { TradingEvent } from '../../../core/events';

const num = (v: unknown) => (typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(4).replace(/0+$/, '')) : String(v));

export function eventSummary(e: TradingEvent): string {
  const p = e.payload as unknown as Record<string, unknown>;
  switch (e.type) {
    case 'BAR':
      return `${p.symbol} O ${num(p.open)} H ${num(p.high)} L ${num(p.low)} C ${num(p.close)}`;
    case 'FEATURES':
      return `${p.symbol} ${Object.entries((p.features ?? {}) as Record<string, unknown>)
        .map(([k, v]) => `${k} ${num(v)}`)
        .join(' · ')}`;
    case 'REGIME_CHANGE':
      return `${p.symbol ?? ''} ${p.previousRegime !== undefined ? `${String(p.previousRegime)} → ` : ''}${String(p.regime)}`.trim();
    case 'SIGNAL':
      return `${p.symbol} ${p.direction} (${num(p.strength)}) by ${p.strategyId}`;
    case 'ORDER_REQUEST':
    case 'ORDER':
      if (p.cancels) return `cancel ${p.cancels}${p.reason ? ` · ${p.reason}` : ''}`;
      return `${p.side} ${num(p.quantity)} ${p.symbol} ${p.orderType}${p.reason ? ` · ${p.reason}` : ''}`;
    case 'FILL':
      return `${p.side} ${num(p.quantity)} ${p.symbol} @ ${num(p.price)} fee ${num(p.commission)}`;
    case 'POSITION_OPEN':
      return `${p.side} ${num(p.quantity)} ${p.symbol} @ ${num(p.entryPrice)}`;
    case 'POSITION_CLOSE':
      return `${p.side} ${p.symbol} ${num(p.entryPrice)} → ${num(p.exitPrice)} pnl ${num(p.pnl)} (${p.reason})`;
    case 'PORTFOLIO_UPDATE':
      return `cash ${num(p.cash)} equity ${num(p.equity)} open ${num(p.openPositions)}`;
    default:
      return Object.entries(p)
        .slice(0, 4)
        .map(([k, v]) => `${k}=${typeof v === 'object' ? '…' : num(v)}`)
        .join(' ');
  }
}
