// Hostile names through every view: a share link whose config name, CSV file name, CSV symbol,
// and user-strategy string parameter (swept) are HTML/script payloads. The studio
// must show them as text everywhere — tables, chain, containers, sweep heatmap and its tooltip,
// trade-lifetime and walk-forward tooltips, the exported HTML report — and run none of them.
// Proved without relying on a Content-Security-Policy: no element the payloads would create
// exists in the DOM, no payload's flag is set, and no dialog opened.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { encodeShareHash } from '../src/app/ui/share/share-link';
import { openStudio, pageErrors, setEditorText, waitForMetrics } from './studio-helpers';

test.use({ viewport: { width: 1280, height: 900 } });

// Every payload either sets window.__xss or opens a dialog when it runs; none holds a comma
// (CSV cells) and none a double quote (YAML strings).
const SYMBOL = '<img src=x onerror=window.__xss=1>';
const FILE = '<img src=x onerror=window.__xss=2>.csv';
const NAME = `</script><script>window.__xss=3</script><img src=x onerror=alert(3)> study`;
const MODE_A = '<img src=x onerror=window.__xss=4>';
const MODE_B = `</script><svg onload=alert(5)>`;

/** Daily bars of one (hostile) symbol: a wave, so the strategy trades many times. */
function hostileCsv(days: number): string {
  const lines = ['date,symbol,open,high,low,close,volume'];
  const start = Date.UTC(2018, 0, 1);
  for (let i = 0; i < days; i++) {
    const c = 100 + i * 0.03 + 8 * Math.sin(i / 9);
    lines.push(`${new Date(start + i * 86_400_000).toISOString().slice(0, 10)},${SYMBOL},${(c - 0.2).toFixed(2)},${(c + 1).toFixed(2)},${(c - 1.2).toFixed(2)},${c.toFixed(2)},1000`);
  }
  return lines.join('\n');
}

// A momentum strategy with a string parameter whose options are payloads: the sweep puts the
// string values into the heatmap, the ranked table and the tooltips.
const STRATEGY = `export const description = 'probe';
export const params = {
  lookback: { default: 10, min: 2, max: 60, step: 1 },
  mode: { default: '${MODE_A}', options: ['${MODE_A}', '${MODE_B}'] },
};
export function init() {
  this.state.by = this.perSymbol(() => ({ closes: [], prev: 0 }));
}
export function onBar(bar, ctx) {
  const st = this.state.by[bar.symbol];
  st.closes.push(bar.close);
  const n = this.params.lookback;
  if (st.closes.length <= n) return;
  const side = bar.close > st.closes[st.closes.length - 1 - n] ? 1 : -1;
  if (side > 0 && st.prev <= 0) ctx.emitSignal(bar.symbol, 'long');
  else if (side < 0 && st.prev > 0) ctx.emitSignal(bar.symbol, 'flat');
  st.prev = side;
}
`;

function config(extraOptimization = ''): string {
  return `name: "${NAME}"
initial_capital: 100000
data:
  source: "csv:${FILE}"
  symbols: ["${SYMBOL}"]
  timeframes: ["1d"]
execution:
  fill_model: next_open
containers:
  - id: strategy_probe_1
    type: strategy
    strategy: user:xss_probe
    params: {lookback: 10, mode: "${MODE_A}"}
  - id: portfolio_1
    type: portfolio
    strategies: [strategy_probe_1]
    sizing: {type: percent_equity, percent: 90}
    risk: {stop_loss: 0.03}
  - id: execution_1
    type: execution
trace_settings:
  container_settings:
    "portfolio_*":
      retention_policy: trade_complete
optimization:
  objective: total_return
  direction: maximize
${extraOptimization}  parameters:
    strategy_probe_1.params.lookback: [5, 10, 20]
    strategy_probe_1.params.mode: ["${MODE_A}", "${MODE_B}"]
`;
}

/** Catches anything a payload would do: its flag, a dialog, or an element it would create. */
async function guard(page: Page): Promise<string[]> {
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  return dialogs;
}

async function expectNothingRan(page: Page, dialogs: readonly string[], where: string): Promise<void> {
  // An <img src=x> fails its load asynchronously: give any injected handler the time to fire.
  await page.waitForTimeout(300);
  const state = await page.evaluate(() => ({
    flag: (window as unknown as { __xss?: unknown }).__xss ?? null,
    // Elements only a payload would create (the studio itself has no inline handlers).
    injected: [
      ...document.querySelectorAll('img[src="x"], [onerror], [onload]'),
      // A page's own inline scripts (the report has one) never mention the payloads' flag or alert;
      // its JSON data block does hold the names (escaped, never run), so JSON blocks must parse instead.
      ...[...document.querySelectorAll('script:not([type="application/json"])')].filter((e) => /__xss|alert\(/.test(e.textContent ?? '')),
      ...[...document.querySelectorAll('script[type="application/json"]')].filter((e) => {
        try {
          JSON.parse(e.textContent ?? '');
          return false;
        } catch {
          return true;
        }
      }),
    ].map((e) => e.outerHTML.slice(0, 120)),
  }));
  expect(state.injected, `${where}: injected elements`).toEqual([]);
  expect(state.flag, `${where}: a payload ran`).toBeNull();
  expect(dialogs, `${where}: a payload opened a dialog`).toEqual([]);
}

/** Moves the mouse over a grid of points of a chart until its tooltip shows `text` (as text). */
async function hoverUntilTooltip(page: Page, chart: Locator, text: string): Promise<string> {
  await chart.scrollIntoViewIfNeeded();
  const box = (await chart.boundingBox())!;
  let seen = '';
  for (let fy = 0.1; fy < 0.95; fy += 0.08) {
    for (let fx = 0.08; fx < 0.95; fx += 0.04) {
      await page.mouse.move(box.x + box.width * fx, box.y + box.height * fy);
      seen = await chart.evaluate((el) => [...el.querySelectorAll('div')].filter((d) => d.style.zIndex === '9999999' || d.className.includes('tooltip')).map((d) => (d.style.display === 'none' ? '' : d.innerText)).join('\n'));
      if (seen.includes(text)) return seen;
    }
  }
  return seen;
}

test('hostile names from a share link and a CSV show as text in every view and run no script', async ({ page, context }) => {
  // Heavy on a loaded machine: a sweep and a walk-forward of a sandboxed user strategy.
  test.setTimeout(480_000);
  const dialogs = await guard(page);
  // The CSV is imported by hand under its hostile file name (picker and import path)…
  await openStudio(page);
  await waitForMetrics(page);
  await page.getByTestId('import-csv-file').setInputFiles({ name: FILE, mimeType: 'text/csv', buffer: Buffer.from(hostileCsv(700)) });
  await expect(page.getByTestId('dataset-picker')).toHaveValue(`csv:${FILE}`);
  await waitForMetrics(page);
  await expectNothingRan(page, dialogs, 'CSV import');
  // …then a share link brings the config and the strategy with the swept string parameter.
  const hash = encodeShareHash({ configText: config(), datasetId: `csv:${FILE}`, userStrategies: [{ name: 'xss_probe', source: STRATEGY }] });
  await page.goto('about:blank');
  await page.goto(`./${hash}`);
  await expect(page.getByTestId('studio')).toBeVisible();
  // A link that runs strategy code asks first; its "View it" shows the config and the code as text.
  await page.getByTestId('share-consent-view').click();
  await expect(page.getByTestId('share-consent')).toContainText(MODE_B);
  await expectNothingRan(page, dialogs, 'share consent');
  await page.getByTestId('share-consent-run').click();
  await waitForMetrics(page);
  await expect(page.locator('.run-name')).toContainText('</script><script>window.__xss=3</script>');
  // The overview chart's tooltip names the price series after the symbol.
  const overviewTip = await hoverUntilTooltip(page, page.getByTestId('run-chart'), SYMBOL);
  await expectNothingRan(page, dialogs, 'overview');
  expect(overviewTip, 'the price tooltip shows the symbol as text').toContain(SYMBOL);

  // Trades table: the symbol is text.
  await page.getByTestId('tab-trades').click();
  const row = page.getByTestId('trade-row').first();
  await expect(row).toContainText(SYMBOL);
  await expectNothingRan(page, dialogs, 'trades');

  // Chain: story, events, and the trade-lifetime tooltip (hovered).
  await row.click();
  await expect(page.getByTestId('tab-chain')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('chain-event').first()).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('chain-story')).toContainText(SYMBOL);
  const lifetimeTip = await hoverUntilTooltip(page, page.getByTestId('trade-lifetimes'), SYMBOL);
  await expectNothingRan(page, dialogs, 'chain');
  expect(lifetimeTip, 'the trade-lifetime tooltip shows the symbol as text').toContain(SYMBOL);

  // Containers and events views.
  await page.getByTestId('tab-containers').click();
  await expect(page.getByTestId('containers-tab')).toBeVisible();
  await page.getByTestId('tab-events').click();
  await expectNothingRan(page, dialogs, 'containers and events');

  // Sweep: ranked table with the string values, the heatmap over lookback × mode, its tooltip.
  await page.getByTestId('sweep-button').click();
  await expect(page.getByTestId('sweep-status')).toContainText('Finished', { timeout: 90_000 });
  await expect(page.getByTestId('sweep-row').first()).toBeVisible();
  await expect(page.getByTestId('sweep-tab')).toContainText(MODE_B);
  await page.getByTestId('heatmap-x').selectOption('strategy_probe_1.params.lookback');
  await page.getByTestId('heatmap-y').selectOption('strategy_probe_1.params.mode');
  await expect(page.getByTestId('heatmap-caption')).toHaveAttribute('data-cells', '6');
  const heatTip = await hoverUntilTooltip(page, page.getByTestId('sweep-heatmap'), 'strategy_probe_1.params.mode = ');
  await expectNothingRan(page, dialogs, 'sweep');
  expect(heatTip, 'the heatmap tooltip shows the swept string as text').toMatch(/strategy_probe_1\.params\.mode = (<img src=x onerror=window\.__xss=4>|<\/script><svg onload=alert\(5\)>)/);

  // Walk-forward over the same grid: windows table, windows chart tooltip.
  await setEditorText(page, config('  walk_forward: {train: 300, test: 200, anchored: false}\n'));
  await expect(page.getByTestId('parse-status')).toHaveText('✓ valid');
  await page.getByTestId('walk-forward-button').click();
  await expect(page.getByTestId('wf-status')).toContainText('Finished', { timeout: 240_000 });
  await expect(page.getByTestId('wf-params').first()).toContainText('mode=');
  const wfTip = await hoverUntilTooltip(page, page.getByTestId('wf-windows-chart'), 'mode=');
  await expectNothingRan(page, dialogs, 'walk-forward');
  expect(wfTip, 'the windows tooltip shows the chosen mode as text').toMatch(/mode=(<img src=x onerror=window\.__xss=4>|<\/script><svg onload=alert\(5\)>)/);

  // The exported report (its own CSP allows inline script: only escaping keeps it inert).
  await page.getByTestId('tab-overview').click();
  await waitForMetrics(page);
  const downloadEvent = page.waitForEvent('download');
  await page.getByTestId('export-report').click();
  const download = await downloadEvent;
  const dir = resolve(process.env.E2E_RESULTS ?? 'test-results', 'injection');
  mkdirSync(dir, { recursive: true });
  const file = resolve(dir, 'hostile-report.html');
  await download.saveAs(file);
  const report = await context.newPage();
  const reportDialogs = await guard(report);
  await report.goto(pathToFileURL(file).href);
  await expect(report.locator('h1')).toHaveText(NAME);
  await expect(report.locator('tr.trade-row').first()).toContainText(SYMBOL);
  await expectNothingRan(report, reportDialogs, 'exported report');
  await report.close();

  expect(pageErrors(page)).toEqual([]);
});
