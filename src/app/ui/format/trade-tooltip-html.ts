// A trade's tooltip on the lifetimes timeline. The symbol comes from the user's CSV: escaped
// before ECharts inserts it as HTML.
import type { ClosedTrade } from '../../../core/metrics-snapshot';
import { html } from './escape-html';
import { formatMoney, formatTime } from './format-number';

export function tradeLifetimeTooltipHtml(t: ClosedTrade): string {
  return html`<b>${t.side} ${t.symbol}</b><br/>${formatTime(t.entryTime)} → ${formatTime(t.exitTime)}<br/>pnl ${formatMoney(t.pnl)}`;
}
