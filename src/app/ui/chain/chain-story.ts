// The chain told as one sentence per step, so "why did this trade happen?" reads
// without opening a payload: what the strategy saw (features, regime), who signalled what,
// what was requested, what risk let through as the order, filled, opened, closed.
import type { TradingEvent } from '../../../core/events';
import { formatMoney, formatPrice, formatTime } from '../format/format-number';

export function chainStory(events: readonly TradingEvent[]): string[] {
  return events.flatMap((e): string[] => {
    const p = e.payload as unknown as Record<string, unknown>;
    const when = formatTime(e.timestamp);
    switch (e.type) {
      case 'FEATURES':
        return [
          `${when}: ${e.sourceId} saw ${Object.entries((p.features ?? {}) as Record<string, unknown>)
            .map(([k, v]) => `${k} ${typeof v === 'number' ? formatPrice(v) : String(v)}`)
            .join(', ')}`,
        ];
      case 'REGIME_CHANGE':
        return [`${when}: ${e.sourceId} classified ${String(p.symbol ?? '')} ${p.previousRegime !== undefined ? `${String(p.previousRegime)} → ` : 'as '}${String(p.regime)}`];
      case 'SIGNAL':
        return [`${when}: ${String(p.strategyId)} signalled ${String(p.direction).toUpperCase()} ${String(p.symbol)}`];
      case 'ORDER_REQUEST':
        return [`${e.sourceId} requested ${String(p.side).toUpperCase()} ${String(p.quantity)} (${String(p.orderType)})`];
      case 'ORDER':
        if (p.cancels) return [`${e.sourceId} cancelled order ${String(p.cancels)}${p.reason ? ` (${String(p.reason)})` : ''}`];
        return [`${e.sourceId} ordered ${String(p.side).toUpperCase()} ${String(p.quantity)} (${String(p.orderType)}${p.reason ? `, ${String(p.reason)}` : ''})`];
      case 'FILL':
        return [`${when}: filled @ ${formatPrice(Number(p.price))}${Number(p.commission) ? `, fee ${formatMoney(Number(p.commission))}` : ''}`];
      case 'POSITION_OPEN':
        return [`opened ${String(p.side)} ${String(p.quantity)} @ ${formatPrice(Number(p.entryPrice))}`];
      case 'POSITION_CLOSE':
        return [`closed (${String(p.reason)}) @ ${formatPrice(Number(p.exitPrice))}: P&L ${formatMoney(Number(p.pnl))}`];
      case 'RISK_BREACH':
        return [`risk: ${String(p.message)}`];
      default:
        return [];
    }
  });
}
