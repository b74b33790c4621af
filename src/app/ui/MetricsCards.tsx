// Summary cards: what a trader reads first (return beside buy & hold, risk, trades), every
// label complete and saying what it measures, each card's tooltip how it is computed; the
// Long / Short / All table from the trades; every other metric one click away, labelled too.
import type { ClosedTrade, MetricsSnapshot } from '../../core/metrics-snapshot';
import { formatDuration, formatInt, formatMoney, formatPct, formatRatio } from './format/format-number';
import { formatExtraMetric as formatExtra } from './format/format-extra-metric';
import { METRIC_LABELS, metricHelp, metricLabel } from './format/metric-labels';
import { TradeSideTable } from './TradeSideTable';

type Fmt = (v: number, m: MetricsSnapshot) => string;
interface Field {
  key: string;
  label: string;
  fmt: Fmt;
  help: string;
  tone?: (v: number) => 'pos' | 'neg' | undefined;
  /** Shown as a card up front (the rest under "more metrics"). */
  primary?: boolean;
}

const sign = (v: number) => (v > 0 ? 'pos' : v < 0 ? 'neg' : undefined);
const field = (key: string, fmt: Fmt, more: Partial<Field> = {}): Field => ({
  key,
  label: METRIC_LABELS[key]?.label ?? metricLabel(key),
  help: metricHelp(key),
  fmt,
  primary: true,
  ...more,
});

const PRIMARY: readonly Field[] = [
  field('totalReturn', (v) => formatPct(v), { tone: sign }),
  field('buyAndHoldReturn', (v) => formatPct(v), { tone: sign }),
  field('totalPnl', formatMoney, { tone: sign }),
  field('finalEquity', formatMoney),
  field('initialCapital', formatMoney),
  field('cagr', (v) => formatPct(v), { tone: sign }),
  field('sharpeRatio', formatRatio),
  field('sortinoRatio', formatRatio),
  field('calmarRatio', formatRatio),
  field('maxDrawdown', (v) => formatPct(v), { tone: (v) => (v > 0 ? 'neg' : undefined) }),
  field('maxDrawdownDuration', (v) => formatDuration(v)),
  field('avgDrawdown', (v) => formatPct(v)),
  field('openDrawdown', (v, m) => (v > 0 ? `${formatPct(v)} · ${formatDuration(m.openDrawdownDuration ?? 0)}` : 'none')),
  field('totalTrades', (v, m) => `${formatInt(v)} · ${formatInt(m.winningTrades)}/${formatInt(m.losingTrades)}`, {
    label: 'Trades · won/lost',
    help: 'Closed round trips · winning (pnl > 0) / losing (pnl ≤ 0)',
  }),
  field('winRate', (v) => formatPct(v, 1)),
  field('profitFactor', formatRatio),
  field('expectancy', formatMoney, { tone: sign }),
  field('exposure', (v) => formatPct(v, 1)),
];

/** Shown inside another card (trades' won/lost, the duration's bars, the open drawdown's length). */
const SHOWN_INLINE = new Set(['winningTrades', 'losingTrades', 'maxDrawdownBars', 'openDrawdownDuration', 'openDrawdownBars', 'drawdownEpisodes']);

/** Every metric with a label and a formatter: the cards, then the rest (the sweep table uses them too). */
export const METRIC_FIELDS: readonly Field[] = [
  ...PRIMARY,
  ...Object.keys(METRIC_LABELS)
    .filter((k) => !PRIMARY.some((f) => f.key === k))
    .map((k) => field(k, (v) => formatExtra(k, v), { primary: false })),
];

/** The label a card shows: the drawdown average names how many completed episodes it averages. */
function cardLabel(f: Field, m: MetricsSnapshot): string {
  if (f.key === 'avgDrawdown' && typeof m.drawdownEpisodes === 'number') return `Avg drawdown (completed episodes, ${formatInt(m.drawdownEpisodes)})`;
  return f.label;
}

function cardTitle(f: Field, m: MetricsSnapshot): string {
  if (f.key === 'maxDrawdownDuration') return `${f.help}: ${formatInt(m.maxDrawdownBars)} bars`;
  if (f.key === 'openDrawdown') return `${f.help}; ${formatInt(m.openDrawdownBars ?? 0)} bars so far`;
  if (f.key === 'buyAndHoldReturn' && Number.isFinite(m.buyAndHoldReturn)) {
    const edge = m.totalReturn - m.buyAndHoldReturn!;
    return `${f.help}. The strategy ${edge >= 0 ? 'beat' : 'trailed'} it by ${formatPct(Math.abs(edge))}.`;
  }
  return f.help;
}

export function MetricsCards({ metrics, trades, ttfrMs }: { metrics: MetricsSnapshot; trades?: readonly ClosedTrade[]; ttfrMs?: number | null }) {
  const shown = PRIMARY.filter((f) => typeof metrics[f.key] === 'number');
  const inCards = new Set([...shown.map((f) => f.key), ...SHOWN_INLINE]);
  // Every other number, labelled (fields the engine adds later show too, as words).
  const extra = Object.keys(metrics).filter((k) => !inCards.has(k) && typeof metrics[k] === 'number');
  return (
    <div className="metrics" data-testid="metrics" data-ttfr-ms={ttfrMs == null ? undefined : Math.round(ttfrMs)}>
      <div className="metric-cards">
        {shown.map((f) => {
          const v = metrics[f.key]!;
          const tone = f.tone?.(v);
          const label = cardLabel(f, metrics);
          return (
            <div key={f.key} className={`metric-card${f.key === 'buyAndHoldReturn' ? ' benchmark' : ''}`} title={cardTitle(f, metrics)} data-testid={`metric-${f.key}`}>
              <div className="metric-label">{label}</div>
              <div className={`metric-value ${tone ?? ''}`}>{f.fmt(v, metrics)}</div>
            </div>
          );
        })}
      </div>
      {trades && trades.length > 0 && <TradeSideTable trades={trades} />}
      {extra.length > 0 && (
        <details className="more-metrics" data-testid="more-metrics">
          <summary>{extra.length} more metrics</summary>
          <div className="metric-cards">
            {extra.map((k) => (
              <div key={k} className="metric-card" title={metricHelp(k)} data-testid={`metric-${k}`}>
                <div className="metric-label">{metricLabel(k)}</div>
                <div className="metric-value">{formatExtra(k, metrics[k]!)}</div>
              </div>
            ))}
          </div>
        </details>
      )}
    </div>
  );
}
