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
