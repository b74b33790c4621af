// The studio's "Export report (HTML)": the downloaded file opens from disk (file://) with
// no network, its SVG charts draw, and its numbers are the ones the studio displayed.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { editorText, openStudio, pageErrors, screenshot, setEditorText, waitForMetrics } from './studio-helpers';

test.use({ viewport: { width: 1280, height: 800 } });

async function cardText(page: Page, key: string): Promise<string> {
  return page.getByTestId(`metric-${key}`).locator('.metric-value').innerText();
}
const num = (text: string) => Number.parseFloat(text.replace(/,/g, '').replace('−', '-'));

test('Export report downloads one HTML file that opens offline with the studio’s numbers and drawn charts', async ({ page, context }) => {
  await openStudio(page);
  await waitForMetrics(page);

  // What the studio displays for the default run.
  const studio = {
    totalReturn: await cardText(page, 'totalReturn'),
    sharpe: await cardText(page, 'sharpeRatio'),
    maxDrawdown: await cardText(page, 'maxDrawdown'),
    trades: num((await cardText(page, 'totalTrades')).split('·')[0]!),
    tradeTab: num(await page.getByTestId('tab-trades').locator('.count').innerText()),
  };
  expect(studio.trades).toBeGreaterThan(5);
  expect(studio.tradeTab).toBe(studio.trades);

  const downloadEvent = page.waitForEvent('download');
  await page.getByTestId('export-report').click();
  const download = await downloadEvent;
  expect(download.suggestedFilename()).toMatch(/\.html$/);
  expect(download.suggestedFilename()).toBe('S-P-500-momentum.html');
  const dir = resolve('test-results', 'report-export');
  mkdirSync(dir, { recursive: true });
  const file = resolve(dir, download.suggestedFilename());
  await download.saveAs(file);
  await screenshot(page, 'report-export-studio');

  // Open the saved file from disk in a new page; any request besides the file fails the test.
  const report = await context.newPage();
  const requests: string[] = [];
  report.on('request', (r) => requests.push(r.url()));
  const errors: string[] = [];
  report.on('pageerror', (e) => errors.push(e.message));
  const url = pathToFileURL(file).href;
  await report.goto(url);
  await expect(report.locator('h1')).toHaveText('S&P 500 momentum');

  // SVG charts: paths with real geometry.
  for (const cls of ['equity-line', 'drawdown-area', 'price-line']) {
    const path = report.locator(`svg path.${cls}`).first();
    await expect(path).toBeVisible();
    const d = (await path.getAttribute('d')) ?? '';
    expect(d.length, cls).toBeGreaterThan(100);
    expect(await path.evaluate((p) => (p as SVGPathElement).getTotalLength()), cls).toBeGreaterThan(300);
  }

  // The same numbers: raw values rounded as the studio rounds them, and the trade list.
  const raw = async (metric: string) => Number(await report.locator(`tr[data-metric="${metric}"] td`).getAttribute('data-value'));
  // Both views print a value that rounds to zero unsigned ("0.00", never "-0.00").
  const fixed2 = (v: number) => v.toFixed(2).replace(/^-(0\.00)$/, '$1');
  expect(`${fixed2((await raw('total_return')) * 100)} %`).toBe(studio.totalReturn);
  expect(fixed2(await raw('sharpe_ratio'))).toBe(studio.sharpe);
  expect(`${fixed2((await raw('max_drawdown')) * 100)} %`).toBe(studio.maxDrawdown);
  expect(await raw('total_trades')).toBe(studio.trades);
  await expect(report.locator('tr.trade-row')).toHaveCount(studio.trades);
  await expect(report.locator('svg .trade-marker.entry')).toHaveCount(studio.trades);
  // The displayed text of the report agrees too (same formatting of a percentage).
  await expect(report.locator('tr[data-metric="total_return"] td')).toHaveText(studio.totalReturn);

  await screenshot(report, 'report');
  await report.locator('table.trades').first().scrollIntoViewIfNeeded();
  await screenshot(report, 'report-trades');
  expect(requests.filter((r) => r !== url)).toEqual([]);
  expect(errors).toEqual([]);
  expect(pageErrors(page)).toEqual([]);
});

test('a saved run exports from the Runs tab; a walk-forward run on the same config is in the report with the studio’s efficiency', async ({ page, context }) => {
  await openStudio(page);
  await waitForMetrics(page);
  const trades = num((await cardText(page, 'totalTrades')).split('·')[0]!);

  // Runs tab: the saved default run exports as a report with the same trades.
  await page.getByTestId('tab-runs').click();
  const row = page.getByTestId('run-row').first();
  await expect(row).toBeVisible({ timeout: 15_000 });
  const savedEvent = page.waitForEvent('download');
  await row.getByTestId('export-run-report').click();
  const saved = await savedEvent;
  const dir = resolve('test-results', 'report-export');
  mkdirSync(dir, { recursive: true });
  const savedFile = resolve(dir, `saved-${saved.suggestedFilename()}`);
  await saved.saveAs(savedFile);
  const savedPage = await context.newPage();
  await savedPage.goto(pathToFileURL(savedFile).href);
  await expect(savedPage.locator('tr.trade-row')).toHaveCount(trades);
  await savedPage.close();

  // Add walk_forward, run that config, then its walk-forward: the export carries both.
  const text = (await editorText(page))
    .replace(/strategy_momentum_1\.params\.lookback: .*/, 'strategy_momentum_1.params.lookback: [20, 120]')
    .replace(/strategy_momentum_1\.params\.threshold: .*/, 'strategy_momentum_1.params.threshold: [0.0]')
    .replace(/ {2}parameters:\n/, '  walk_forward: {train: 1000, test: 500, anchored: true}\n  parameters:\n');
  await setEditorText(page, text);
  await expect(page.getByTestId('parse-status')).toHaveText('✓ valid');
  await page.getByTestId('run-button').click();
  await waitForMetrics(page);
  await page.getByTestId('walk-forward-button').click();
  await expect(page.getByTestId('wf-status')).toContainText('Finished', { timeout: 90_000 });
  const efficiency = await page.getByTestId('wf-efficiency').locator('.metric-value').innerText();
  const windows = await page.getByTestId('wf-row').count();
  await page.getByTestId('tab-overview').click();
  const wfEvent = page.waitForEvent('download');
  await page.getByTestId('export-report').click();
  const wfDownload = await wfEvent;
  const wfFile = resolve(dir, `wf-${wfDownload.suggestedFilename()}`);
  await wfDownload.saveAs(wfFile);
  const wfPage = await context.newPage();
  await wfPage.goto(pathToFileURL(wfFile).href);
  await expect(wfPage.locator('#walk-forward h2')).toHaveText('Walk-forward validation');
  await expect(wfPage.locator('tr.wf-window')).toHaveCount(windows);
  await expect(wfPage.locator('td[data-wf="Walk-forward efficiency"]')).toHaveText(efficiency.replace('−', '-'));
  await wfPage.locator('#walk-forward').scrollIntoViewIfNeeded();
  await screenshot(wfPage, 'report-walk-forward');
  expect(pageErrors(page)).toEqual([]);
});
