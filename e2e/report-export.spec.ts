// The studio's "Export report (HTML)": the downloaded file opens from disk (file://) with
// no network, its SVG charts draw, and its numbers are the ones the studio displayed.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { openStudio, pageErrors, screenshot, waitForMetrics } from './studio-helpers';

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
  expect(`${((await raw('total_return')) * 100).toFixed(2)} %`).toBe(studio.totalReturn);
  expect((await raw('sharpe_ratio')).toFixed(2)).toBe(studio.sharpe);
  expect(`${((await raw('max_drawdown')) * 100).toFixed(2)} %`).toBe(studio.maxDrawdown);
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
