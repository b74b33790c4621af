// Number/time formatting shared by cards, tables and tooltips: one place decides
// how a percentage, a price or a duration reads, so every view agrees.
const money = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const int = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const ratio = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** 0 for a value that rounds to zero at `digits` decimals: no "-0.00" for a tiny loss. */
function unsignedZero(v: number, digits: number): number {
  return Math.abs(v) < 0.5 * 10 ** -digits ? 0 : v;
}

export function formatMoney(v: number): string {
  if (!Number.isFinite(v)) return v > 0 ? '∞' : v < 0 ? '−∞' : '—';
  return money.format(unsignedZero(v, 2));
}
export function formatInt(v: number): string {
  return Number.isFinite(v) ? int.format(v) : '—';
}
export function formatRatio(v: number): string {
  if (v === Infinity) return '∞';
  if (!Number.isFinite(v)) return '—';
  return ratio.format(unsignedZero(v, 2));
}
export function formatPct(v: number, digits = 2): string {
  if (!Number.isFinite(v)) return '—';
  return `${unsignedZero(v * 100, digits).toFixed(digits)} %`;
}
export function formatPrice(v: number): string {
  if (!Number.isFinite(v)) return '—';
  const abs = Math.abs(v);
  if (abs >= 1000) return v.toFixed(2);
  // Up to 4 (or 6 under 1) decimals, trailing zeros trimmed but never below 2.
  const text = v.toFixed(abs >= 1 ? 4 : 6);
  return text.replace(/(\.\d\d\d*?)0+$/, '$1');
}
/** UTC date (and time when not midnight), so every viewer sees the same bar. */
export function formatTime(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  const iso = new Date(ms).toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms <= 0) return '0';
  const d = ms / 86_400_000;
  if (d >= 2) return `${Math.round(d)} d`;
  const h = ms / 3_600_000;
  if (h >= 1) return `${h.toFixed(1)} h`;
  const s = ms / 1000;
  return s >= 60 ? `${Math.round(s / 60)} min` : `${Math.round(s)} s`;
}
