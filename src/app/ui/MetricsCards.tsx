// Summary cards: every MetricsSnapshot field, formatted for a trader, each with a
// tooltip saying exactly how it is computed.
import type { MetricsSnapshot } from '../../core/metrics-snapshot';
import { formatDuration, formatInt, formatMoney, formatPct, formatRatio } from './format/format-number';
import { formatExtraMetric as formatExtra } from './format/format-extra-metric';

type Fmt = (v: number, m: MetricsSnapshot) => string;
interface Field {
  key: string;
  label: string;
  fmt: Fmt;
  help: string;
  tone?: (v: number) => 'pos' | 'neg' | undefined;
}

const sign = (v: number) => (v > 0 ? 'pos' : v < 0 ? 'neg' : undefined);

export const METRIC_FIELDS: readonly Field[] = [
  { key: 'totalReturn', label: 'Total return', fmt: (v) => formatPct(v), help: 'final equity / initial capital − 1', tone: sign },
  { key: 'totalPnl', label: 'Net P&L', fmt: formatMoney, help: 'Sum of closed trades’ pnl, net of commission', tone: sign },
  { key: 'finalEquity', label: 'Final equity', fmt: formatMoney, help: 'Cash plus open positions marked at the last close' },
  { key: 'initialCapital', label: 'Initial capital', fmt: formatMoney, help: 'Starting cash of the portfolio' },
  { key: 'sharpeRatio', label: 'Sharpe', fmt: formatRatio, help: 'mean(r) / sample-stdev(r) × √periodsPerYear of per-bar equity returns (Welford); 0 with < 2 returns' },
  { key: 'sortinoRatio', label: 'Sortino', fmt: formatRatio, help: 'mean(r) / downside deviation × √periodsPerYear' },
  { key: 'calmarRatio', label: 'Calmar', fmt: formatRatio, help: 'Annualised return / max drawdown' },
  { key: 'maxDrawdown', label: 'Max drawdown', fmt: (v) => formatPct(v), help: 'Largest (running peak − equity) / running peak', tone: (v) => (v > 0 ? 'neg' : undefined) },
  { key: 'maxDrawdownDuration', label: 'Max DD duration', fmt: (v) => formatDuration(v), help: 'Longest time from a peak until equity regained it (or the end); the card’s title shows it in bars' },
  { key: 'totalTrades', label: 'Trades', fmt: (v, m) => `${formatInt(v)} · ${formatInt(m.winningTrades)}/${formatInt(m.losingTrades)}`, help: 'Closed round trips · winning (pnl > 0) / losing' },
  { key: 'winRate', label: 'Win rate', fmt: (v) => formatPct(v, 1), help: 'Trades with pnl > 0 / closed trades' },
  { key: 'profitFactor', label: 'Profit factor', fmt: formatRatio, help: 'Gross profit / |gross loss|; ∞ with no losing trade' },
  { key: 'expectancy', label: 'Expectancy', fmt: formatMoney, help: 'Average pnl per trade', tone: sign },
  { key: 'grossProfit', label: 'Gross profit', fmt: formatMoney, help: 'Sum of winning trades’ pnl' },
  { key: 'grossLoss', label: 'Gross loss', fmt: formatMoney, help: 'Sum of losing trades’ pnl (≤ 0)' },
  { key: 'avgWin', label: 'Avg win', fmt: formatMoney, help: 'Mean pnl of winning trades' },
  { key: 'avgLoss', label: 'Avg loss', fmt: formatMoney, help: 'Mean pnl of losing trades' },
  { key: 'largestWin', label: 'Largest win', fmt: formatMoney, help: 'Best single trade pnl' },
  { key: 'largestLoss', label: 'Largest loss', fmt: formatMoney, help: 'Worst single trade pnl' },
  { key: 'exposure', label: 'Exposure', fmt: (v) => formatPct(v, 1), help: 'Fraction of bars with at least one open position' },
  { key: 'equityUpdates', label: 'Equity updates', fmt: formatInt, help: 'Bars the equity was marked on' },
];

const SHOWN_INLINE = new Set(['winningTrades', 'losingTrades', 'maxDrawdownBars']);

export function MetricsCards({ metrics, ttfrMs }: { metrics: MetricsSnapshot; ttfrMs?: number | null }) {
  const known = new Set([...METRIC_FIELDS.map((f) => f.key), ...SHOWN_INLINE]);
  // Fields the engine adds later still show, raw, instead of vanishing.
  const extra = Object.keys(metrics).filter((k) => !known.has(k) && typeof metrics[k] === 'number');
  return (
    <div className="metrics" data-testid="metrics" data-ttfr-ms={ttfrMs == null ? undefined : Math.round(ttfrMs)}>
    <div className="metric-cards">
      {METRIC_FIELDS.filter((f) => typeof metrics[f.key] === 'number').map((f) => {
        const v = metrics[f.key]!;
        const tone = f.tone?.(v);
        return (
          <div
            key={f.key}
            className="metric-card"
            title={f.key === 'maxDrawdownDuration' ? `${f.help}: ${formatInt(metrics.maxDrawdownBars)} bars` : f.help}
            data-testid={`metric-${f.key}`}
          >
            <div className="metric-label">{f.label}</div>
            <div className={`metric-value ${tone ?? ''}`}>{f.fmt(v, metrics)}</div>
          </div>
        );
      })}
    </div>
      {extra.length > 0 && (
        <details className="more-metrics" data-testid="more-metrics">
          <summary>{extra.length} more metrics</summary>
          <div className="metric-cards">
            {extra.map((k) => (
              <div key={k} className="metric-card" title={humanize(k)} data-testid={`metric-${k}`}>
                <div className="metric-label">{humanize(k)}</div>
                <div className="metric-value">{formatExtra(k, metrics[k]!)}</div>
              </div>
            ))}
          </div>
        </details>
      )}
    </div>
  );
}

/** 'avgTradeDuration' → 'Avg trade duration'. */
function humanize(key: string): string {
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
