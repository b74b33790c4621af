// How each metric reads in a report: percentages, money, durations, counts and
// ratios, deterministic (no locale) so the same run always renders the same bytes.
type MetricKind = 'pct' | 'money' | 'duration' | 'int' | 'ratio';

const KINDS: Record<string, MetricKind> = {};
const put = (kind: MetricKind, keys: string): void => {
  for (const k of keys.split(/\s+/)) if (k) KINDS[k] = kind;
};
put('pct', 'totalReturn maxDrawdown winRate cagr annualizedReturn annualizedVolatility buyAndHoldReturn exposure kellyCriterion bestTradePct worstTradePct avgTradePct avgDrawdown maxRunUp longWinRate shortWinRate');
put('money', 'grossProfit grossLoss totalPnl finalEquity expectancy avgWin avgLoss largestWin largestLoss bestTrade worstTrade avgTradePnl commissionsPaid longPnl shortPnl initialCapital');
put('duration', 'maxDrawdownDuration avgDrawdownDuration avgTradeDuration maxTradeDuration');
put('int', 'totalTrades winningTrades losingTrades equityUpdates maxDrawdownBars maxTradeBars drawdownEpisodes maxConsecutiveWins maxConsecutiveLosses longTrades shortTrades');
put('ratio', 'sharpeRatio sortinoRatio calmarRatio profitFactor sqn avgTradeBars avgDrawdownBars');

const LABELS: Record<string, string> = {
  cagr: 'CAGR',
  sqn: 'SQN (trade pnl)',
  kellyCriterion: 'Kelly criterion',
  buyAndHoldReturn: 'Buy & hold return',
  maxRunUp: 'Max run-up',
  commissionsPaid: 'Commissions paid',
};

/** '1234567.891' → '1,234,567.89'. */
function grouped(v: number, decimals: number): string {
  const [int, frac] = Math.abs(v).toFixed(decimals).split('.') as [string, string | undefined];
  const withCommas = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${v < 0 && Number(Math.abs(v).toFixed(decimals)) !== 0 ? '-' : ''}${withCommas}${frac !== undefined ? `.${frac}` : ''}`;
}

/** A duration in ms as days, hours, minutes or seconds. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return 'n/a';
  if (ms === 0) return '0';
  const abs = Math.abs(ms);
  if (abs >= 86_400_000) return `${(ms / 86_400_000).toFixed(1)} d`;
  if (abs >= 3_600_000) return `${(ms / 3_600_000).toFixed(1)} h`;
  if (abs >= 60_000) return `${(ms / 60_000).toFixed(1)} min`;
  return `${(ms / 1000).toFixed(1)} s`;
}

export function formatMoney(v: number): string {
  return nonFinite(v) ?? grouped(v, 2);
}

export function formatPct(v: number): string {
  return nonFinite(v) ?? `${grouped(v * 100, 2)} %`;
}

function nonFinite(v: number): string | undefined {
  if (v === Infinity) return '∞';
  if (v === -Infinity) return '-∞';
  if (Number.isNaN(v)) return 'n/a';
  return undefined;
}

/** The display text of metric `key` (camelCase) with `value`. Unknown metrics read as ratios with 4 decimals. */
export function formatMetric(key: string, value: number): string {
  const special = nonFinite(value);
  if (special !== undefined) return special;
  switch (KINDS[key]) {
    case 'pct':
      return formatPct(value);
    case 'money':
      return formatMoney(value);
    case 'duration':
      return formatDuration(value);
    case 'int':
      return grouped(value, 0);
    case 'ratio':
      return grouped(value, 2);
    default:
      return grouped(value, 4);
  }
}

/** 'maxDrawdownDuration' → 'Max drawdown duration'; a few names read better spelled out. */
export function metricLabel(key: string): string {
  const fixed = LABELS[key];
  if (fixed !== undefined) return fixed;
  const words = key.replace(/([A-Z])/g, ' $1').toLowerCase().trim().split(' ');
  const text = words.map((w) => (w === 'pnl' ? 'PnL' : w === 'pct' ? '%' : w)).join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
