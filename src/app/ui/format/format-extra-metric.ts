// Metrics the engine adds beyond the contract's list are formatted by what their
// name says they measure, so a new field shows sensibly without a UI change.
import { formatDuration, formatInt, formatMoney, formatPct, formatRatio } from './format-number';

export function formatExtraMetric(key: string, v: number): string {
  const k = key.toLowerCase();
  if (k.endsWith('duration')) return formatDuration(v);
  if (/(pct|rate|return|cagr|volatility|drawdown$|runup)/.test(k)) return formatPct(v);
  // Counts first: `equityUpdates` counts marks, it is not an amount of money.
  if (/(trades|bars|count|episodes|consecutive|updates)/.test(k)) return Number.isInteger(v) ? formatInt(v) : formatRatio(v);
  if (/(pnl|trade$|paid|profit|loss|equity|capital)/.test(k)) return formatMoney(v);
  return formatRatio(v);
}
