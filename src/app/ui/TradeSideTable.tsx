// Long / Short / All: the trade statistics per direction, side by side, as a strategy
// tester lays them out; computed from the trades shown (tradeSideStats).
import { useMemo } from 'react';
import type { ClosedTrade } from '../../core/metrics-snapshot';
import { formatInt, formatMoney, formatPct, formatRatio } from './format/format-number';
import { tradeSideStats, type SideStats } from './trade-side-stats';

const ROWS: readonly { label: string; help: string; value: (s: SideStats) => string; tone?: (s: SideStats) => number }[] = [
  { label: 'Trades', help: 'Closed round trips', value: (s) => formatInt(s.trades) },
  { label: 'Win rate', help: 'Trades with pnl > 0 / trades', value: (s) => formatPct(s.winRate, 1) },
  { label: 'Net P&L', help: 'Sum of pnl, net of commission', value: (s) => formatMoney(s.netPnl), tone: (s) => s.netPnl },
  { label: 'Gross profit', help: 'Sum of winning trades’ pnl', value: (s) => formatMoney(s.grossProfit) },
  { label: 'Gross loss', help: 'Sum of losing trades’ pnl', value: (s) => formatMoney(s.grossLoss) },
  { label: 'Profit factor', help: 'Gross profit / |gross loss|', value: (s) => formatRatio(s.profitFactor) },
  { label: 'Avg trade', help: 'Net P&L / trades', value: (s) => formatMoney(s.avgTrade), tone: (s) => s.avgTrade },
  { label: 'Avg win / avg loss', help: 'Mean pnl of winners / of losers', value: (s) => `${formatMoney(s.avgWin)} / ${formatMoney(s.avgLoss)}` },
  { label: 'Largest win / loss', help: 'Best / worst single trade', value: (s) => `${formatMoney(s.largestWin)} / ${formatMoney(s.largestLoss)}` },
  { label: 'Avg bars held', help: 'Mean bars from entry to exit', value: (s) => (Number.isFinite(s.avgBarsHeld) ? s.avgBarsHeld.toFixed(1) : '—') },
  { label: 'Commission', help: 'Sum of the trades’ commission', value: (s) => formatMoney(s.commission) },
];

export function TradeSideTable({ trades }: { trades: readonly ClosedTrade[] }) {
  const stats = useMemo(() => tradeSideStats(trades), [trades]);
  const cols = [
    ['All', stats.all],
    ['Long', stats.long],
    ['Short', stats.short],
  ] as const;
  return (
    // Closed by default: open, its 12 rows push the price/equity chart below a laptop's fold.
    <details className="side-stats" data-testid="side-stats">
      <summary>Long / Short / All</summary>
      <table className="side-table">
        <thead>
          <tr>
            <th scope="col">Trades by direction</th>
            {cols.map(([name]) => (
              <th key={name} scope="col" className="num">
                {name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {ROWS.map((r) => (
            <tr key={r.label} title={r.help}>
              <th scope="row">{r.label}</th>
              {cols.map(([name, s]) => {
                const t = r.tone?.(s) ?? 0;
                return (
                  <td key={name} className={`num ${t > 0 ? 'pos' : t < 0 ? 'neg' : ''}`} data-testid={`side-${name.toLowerCase()}-${r.label}`}>
                    {r.value(s)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
