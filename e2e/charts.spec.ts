// Issue 17 charts and metrics: buy & hold beside the strategy (card and line), labels that
// say what they measure, Long / Short / All from the trades, the strategy's indicators over
// candles with volume, trades joined entry → exit, a symbol picker on multi-symbol data,
// tooltips with dates and rounded prices, and no "-0.00".
import { expect, test, type Locator, type Page } from '@playwright/test';
import { editorText, openStudio, pageErrors, screenshot, setEditorText, waitForMetrics } from './studio-helpers';

test.use({ viewport: { width: 1440, height: 900 } });

/** Moves over the chart until the tooltip shows `text`; returns what it showed. */
async function hoverUntilTooltip(page: Page, chart: Locator, text: string, fromY = 0.1, toY = 0.95): Promise<string> {
  await chart.scrollIntoViewIfNeeded();
  const box = (await chart.boundingBox())!;
  let seen = '';
  for (let fy = fromY; fy < toY; fy += 0.06) {
    for (let fx = 0.1; fx < 0.95; fx += 0.08) {
      await page.mouse.move(box.x + box.width * fx, box.y + box.height * fy);
      seen = await chart.evaluate((el) =>
        [...el.querySelectorAll('div')]
          .filter((d) => d.style.zIndex === '9999999' || d.className.includes('tooltip'))
          .map((d) => (d.style.display === 'none' ? '' : d.innerText))
          .join('\n'),
      );
      if (seen.includes(text)) return seen;
    }
  }
  return seen;
}

function study(name: string, strategy: string, source = 'sp500'): string {
  return [
    `name: ${name}`,
    'initial_capital: 100000',
    'data:',
    `  source: ${source}`,
    '  timeframes: ["1d"]',
    'containers:',
    '  - id: strategy_1',
    '    type: strategy',
    ...strategy.split('\n').map((l) => `    ${l}`),
    '  - id: portfolio_1',
    '    type: portfolio',
    '    strategies: [strategy_1]',
    '    sizing: {type: percent_equity, percent: 90}',
    '    allow_short: true',
    '  - id: execution_1',
    '    type: execution',
  ].join('\n');
}

test('buy & hold stands beside total return and is drawn under the equity; every label is complete words', async ({ page }) => {
  await openStudio(page);
  await waitForMetrics(page);
  const cards = page.getByTestId('metrics').locator('.metric-cards').first().locator('.metric-card');
  await expect(cards.nth(0)).toHaveAttribute('data-testid', 'metric-totalReturn');
  await expect(cards.nth(1)).toHaveAttribute('data-testid', 'metric-buyAndHoldReturn');
  await expect(cards.nth(1)).toContainText('Buy & hold');
  await expect(cards.nth(1).locator('.metric-value')).toHaveText(/^-?\d+\.\d\d %$/);
  const chart = page.getByTestId('run-chart');
  await expect(chart).toHaveAttribute('aria-label', /equity beside buy & hold/);

  // Drawdown says what it averages and shows the open episode beside it.
  await expect(page.getByTestId('metric-avgDrawdown')).toContainText(/Avg drawdown \(completed episodes, \d+\)/);
  await expect(page.getByTestId('metric-openDrawdown')).toContainText('Open drawdown');

  // Every label, the extra metrics' too: words, never a raw key, never cut.
  await page.getByTestId('more-metrics').locator('summary').click();
  const labels = await page.getByTestId('metrics').locator('.metric-label').evaluateAll((els) =>
    els.map((e) => ({ text: (e as HTMLElement).innerText, cut: e.scrollWidth > e.clientWidth + 1 })),
  );
  expect(labels.length).toBeGreaterThan(30);
  for (const l of labels) {
    expect(l.text, 'no snake_case or camelCase key').not.toMatch(/_|[a-z][A-Z]|^Cagr$/);
    expect(l.cut, `label "${l.text}" is not cut`).toBe(false);
  }
  expect(labels.map((l) => l.text)).toContain('CAGR');
  // No negative zero anywhere in the numbers.
  await expect(page.getByTestId('metrics')).not.toContainText(/[-−]0\.00(?!\d)/);
  await screenshot(page, 'charts-metrics-buy-and-hold');

  // Hovering the equity grid: the date reads as a date, equity and buy & hold as money.
  const tip = await hoverUntilTooltip(page, chart, 'Buy & hold:', 0.55, 0.75);
  expect(tip).toContain('Buy & hold:');
  expect(tip).toMatch(/^\d{4}-\d\d-\d\d/m);
  expect(tip, 'no raw float').not.toMatch(/\d\.\d{5,}/);
  await screenshot(page, 'charts-equity-tooltip');
  expect(pageErrors(page)).toEqual([]);
});

test('Long / Short / All columns come from the trades and add up', async ({ page }) => {
  await openStudio(page);
  await waitForMetrics(page);
  await setEditorText(page, study('ma_crossover study', 'strategy: ma_crossover\nparams: {fast: 10, slow: 40, allow_short: true}'));
  await expect(page.getByTestId('parse-status')).toHaveText('✓ valid');
  await page.getByTestId('run-button').click();
  await expect(page.locator('.run-name')).toContainText('ma_crossover study', { timeout: 45_000 });
  await waitForMetrics(page);
  const table = page.getByTestId('side-stats');
  await table.locator('summary').click();
  await expect(table.getByTestId('side-all-Trades')).toBeVisible();
  const count = (name: string) => table.getByTestId(`side-${name}-Trades`).innerText().then(Number);
  const [all, long, short] = [await count('all'), await count('long'), await count('short')];
  expect(long).toBeGreaterThan(0);
  expect(short).toBeGreaterThan(0);
  expect(all).toBe(long + short);
  expect(all).toBe(Number(await page.getByTestId('tab-trades').locator('.count').innerText()));
  // The strategy's moving averages are drawn over price.
  await expect(page.getByTestId('run-chart')).toHaveAttribute('aria-label', /SMA 10, SMA 40/);
  await expect(page.getByTestId('run-chart')).toHaveAttribute('aria-label', /trade markers joined entry to exit/);
  await screenshot(page, 'charts-long-short-all-and-smas');
});

test('the five-stock dataset charts any of its symbols with that symbol’s trades', async ({ page }) => {
  await openStudio(page);
  await waitForMetrics(page);
  await setEditorText(page, study('breakout study', 'strategy: breakout\nparams: {lookback: 6, exit_lookback: 3}', 'stocks').replace('["1d"]', '["1mo"]'));
  await expect(page.getByTestId('parse-status')).toHaveText('✓ valid');
  await page.getByTestId('run-button').click();
  await expect(page.locator('.run-name')).toContainText('breakout study', { timeout: 45_000 });
  await waitForMetrics(page);
  const picker = page.getByTestId('chart-symbol');
  await expect(picker.locator('option')).toHaveCount(5);
  const chart = page.getByTestId('run-chart');
  for (const sym of ['IBM', 'GOOG']) {
    await picker.selectOption(sym);
    await expect(chart).toHaveAttribute('aria-label', new RegExp(`^${sym} candles with volume, High of 6`));
    await expect(picker.locator('option:checked')).toContainText(/\(\d+ trades\)/);
  }
  // A trade picked in the list brings its own symbol's chart.
  await page.getByTestId('tab-trades').click();
  const row = page.getByTestId('trade-row').filter({ hasText: 'AMZN' }).first();
  const id = await row.getAttribute('data-trade-id');
  expect(id).toBeTruthy();
  await row.click();
  await page.getByTestId('tab-overview').click();
  await expect(picker).toHaveValue('AMZN');
  await screenshot(page, 'charts-symbol-picker');
  expect(await editorText(page)).toContain('source: stocks');
});
