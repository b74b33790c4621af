// Chart palettes per theme: canvas charts cannot read CSS variables, so the
// colours live here once and both themes stay legible.
export interface ChartColors {
  text: string;
  muted: string;
  grid: string;
  up: string;
  down: string;
  price: string;
  equity: string;
  drawdown: string;
  accent: string;
  tooltipBg: string;
}

export function chartColors(dark: boolean): ChartColors {
  return dark
    ? { text: '#e2e8f0', muted: '#94a3b8', grid: '#1e293b', up: '#22c55e', down: '#ef4444', price: '#93c5fd', equity: '#38bdf8', drawdown: '#f87171', accent: '#fbbf24', tooltipBg: '#0f172a' }
    : { text: '#0f172a', muted: '#475569', grid: '#e2e8f0', up: '#15803d', down: '#dc2626', price: '#1d4ed8', equity: '#0369a1', drawdown: '#dc2626', accent: '#b45309', tooltipBg: '#ffffff' };
}
