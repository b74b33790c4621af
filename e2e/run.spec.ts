import { expect, test } from '@playwright/test';
import { mkdirSync, writeFileSync } from 'node:fs';
import { openStudio, pageErrors, screenshot, waitForMetrics } from './studio-helpers';

test.use({ viewport: { width: 1280, height: 720 } });

test('a run of the default config draws the equity chart and lists its trades', async ({ page }) => {
  await openStudio(page);
  await waitForMetrics(page);
  await expect(page.getByTestId('run-chart').locator('canvas').first()).toBeVisible();
  const trades = Number(await page.getByTestId('tab-trades').locator('.count').innerText());
  expect(trades).toBeGreaterThan(0);
  await screenshot(page, 'overview');

  await page.getByTestId('tab-trades').click();
  await expect(page.getByTestId('trade-row').first()).toBeVisible();
  await expect(page.getByTestId('trade-count')).toContainText(`${trades} of ${trades} trades`);
  await screenshot(page, 'trades');

  // Keyboard: ↓ selects the next trade, Enter opens its chain.
  await page.getByTestId('trade-row').first().click();
  await page.getByTestId('tab-trades').click();
  await page.getByTestId('trades-table').focus();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('trade-row').nth(1)).toHaveClass(/selected/);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('tab-chain')).toHaveAttribute('aria-selected', 'true');
  await page.getByTestId('tab-trades').click();

  // Sort by P&L (best first) and filter to losers.
  await page.getByTestId('sort-pnl').click();
  const pnls = await page.getByTestId('trade-row').evaluateAll((rows) => rows.map((r) => Number((r.children[8] as HTMLElement).innerText.replace(/,/g, ''))));
  expect(pnls.length).toBeGreaterThan(3);
  expect(pnls).toEqual([...pnls].sort((a, b) => b - a));
  await page.getByLabel('Outcome').selectOption('loss');
  const losers = await page.getByTestId('trade-row').evaluateAll((rows) => rows.map((r) => Number((r.children[8] as HTMLElement).innerText.replace(/,/g, ''))));
  expect(losers.every((p) => p <= 0)).toBe(true);
  expect(pageErrors(page)).toEqual([]);
});

test('time to first result of the default study (page load → metrics shown, then a trade’s chain)', async ({ page }) => {
  const started = Date.now();
  await openStudio(page);
  await waitForMetrics(page);
  const wallMs = Date.now() - started;
  // performance.now() at the first result, measured in the page from navigation start.
  const inPageMs = Number(await page.getByTestId('metrics').getAttribute('data-ttfr-ms'));
  expect(inPageMs).toBeGreaterThan(0);
  // And on to "why did this trade happen": first trade's full chain on screen.
  await page.getByTestId('tab-trades').click();
  await page.getByTestId('trade-row').first().click();
  await expect(page.getByTestId('chain-event').last()).toHaveAttribute('data-type', 'POSITION_CLOSE', { timeout: 30_000 });
  const toFirstChainMs = Date.now() - started;
  mkdirSync('test-results', { recursive: true });
  writeFileSync(
    'test-results/ttfr.json',
    JSON.stringify({ config: 'DEFAULT_CONFIG_YAML', dataset: 'sp500', inPageMs, wallMs, toFirstChainMs, measuredAt: new Date().toISOString() }, null, 2),
  );
});

test('the dataset picker switches to the five-symbol stocks data; the chart follows the selected trade’s symbol', async ({ page }) => {
  await openStudio(page);
  await waitForMetrics(page);
  await page.getByTestId('dataset-picker').selectOption('stocks');
  await expect(page.locator('.cm-content')).toContainText('source: stocks');
  await expect(page.locator('.cm-content')).toContainText('1mo');
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('run-summary')).toContainText('stocks');
  await waitForMetrics(page);
  await page.getByTestId('tab-trades').click();
  await expect(page.getByTestId('trade-row').first()).toBeVisible();
  const symbols = new Set(await page.getByTestId('trade-row').evaluateAll((rows) => rows.map((r) => (r.children[2] as HTMLElement).innerText)));
  expect(symbols.size).toBeGreaterThan(1);
  // Pick a trade of a symbol other than the first one listed; the Overview's price axis names it.
  const other = [...symbols][1]!;
  await page.getByTestId('trade-filter').fill(other);
  await page.getByTestId('trade-row').first().click();
  await page.getByTestId('tab-overview').click();
  await expect(page.getByTestId('open-chain')).toBeVisible();
  await screenshot(page, 'overview-stocks');
  expect(pageErrors(page)).toEqual([]);
});
