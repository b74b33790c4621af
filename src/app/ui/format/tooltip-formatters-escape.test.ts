// A guard for later chart code: any source file whose ECharts formatters build HTML (tooltips
// are inserted as innerHTML) must go through the one escaper, so a new tooltip cannot quietly
// reintroduce raw user text.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..', '..');
/** An ECharts formatter given as a function: `formatter: (p) => …` or `formatter: tradeTip,`. */
const FORMATTER = /formatter\s*:\s*(\(|[A-Za-z_$][\w$]*\s*[,}\n])/;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

describe('chart formatters that build HTML', () => {
  it('escape through escape-html (directly or via a *-tooltip-html helper)', () => {
    const offenders = sources(ROOT).filter((file) => {
      const text = readFileSync(file, 'utf8');
      const buildsHtml = FORMATTER.test(text) && /<(b|br|span|div|strong|em)\b[^>]*>/.test(text);
      const escapes = /from '[^']*(escape-html|-tooltip-html)'/.test(text);
      return buildsHtml && !escapes;
    });
    expect(offenders.map((f) => relative(ROOT, f))).toEqual([]);
  });

  it('finds the formatters it guards (the check is not vacuous)', () => {
    const guarded = sources(ROOT).filter((file) => FORMATTER.test(readFileSync(file, 'utf8')));
    expect(guarded.map((f) => relative(ROOT, f))).toEqual(expect.arrayContaining(['ui/SweepTab.tsx', 'ui/chain/TradeLifetimes.tsx', 'ui/charts/build-run-chart-option.ts']));
  });
});
