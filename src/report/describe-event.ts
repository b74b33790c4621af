// One line per event in a report's chain: the payload fields a trader reads first
// (plain text: the caller escapes it).
import type { TradingEvent } from '../core/events';

const num = (v: unknown): string => (typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(4).replace(/0+$/, '').replace(/\.$/, '')) : String(v));

export function describeEvent(e: TradingEvent): string {
  const p = e.payload as unknown as Record<string, unknown>;
  switch (e.type) {
    case 'SIGNAL':
      return `${num(p.symbol)} ${num(p.direction)} (strength ${num(p.strength)}) by ${num(p.strategyId)}`;
    case 'ORDER_REQUEST':
    case 'ORDER':
      return `${num(p.side)} ${num(p.quantity)} ${num(p.symbol)} ${num(p.orderType)}${p.reason !== undefined ? ` · ${num(p.reason)}` : ''}`;
    case 'FILL':
      return `${num(p.side)} ${num(p.quantity)} ${num(p.symbol)} @ ${num(p.price)}, commission ${num(p.commission)}`;
    case 'POSITION_OPEN':
      return `${num(p.side)} ${num(p.quantity)} ${num(p.symbol)} @ ${num(p.entryPrice)}`;
    case 'POSITION_CLOSE':
      return `${num(p.side)} ${num(p.quantity)} ${num(p.symbol)} ${num(p.entryPrice)} → ${num(p.exitPrice)}, pnl ${num(p.pnl)} (${num(p.reason)})`;
    default:
      return Object.entries(p)
        .slice(0, 5)
        .map(([k, v]) => `${k}=${v !== null && typeof v === 'object' ? '…' : num(v)}`)
        .join(' ');
  }
}
