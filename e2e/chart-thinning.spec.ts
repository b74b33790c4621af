// A dataset too big to keep twice: the page holds only the candles its price chart draws (the
// worker that backtested the bars thins them), and the chart still shows the strategy's
// indicators and buy & hold computed over every bar, says how many bars a candle holds, and
// draws a zoomed-in window finer.
import { expect, test } from '@playwright/test';
import { openStudio, pageErrors, screenshot, setEditorText, waitForMetrics } from './studio-helpers';

test.use({ viewport: { width: 1280, height: 800 } });

// 3 symbols × 900 sessions × 390 minutes = 1,053,000 bars: past the 1,000,000 kept whole.
const BIG = `name: thinned chart
initial_capital: 100000
data:
  source: synthetic
  timeframes: ["1m"]
  synthetic:
    seed: 7
    symbols: [AAA, BBB, CCC]
    days: 900
    missing_minute_probability: 0
containers:
  - { id: strategy_1, type: strategy, strategy: ma_crossover, params: { fast: 600, slow: 2400 } }
  - { id: portfolio_1, type: portfolio, strategies: [strategy_1], sizing: { type: fixed, quantity: 100 } }
  - { id: execution_1, type: execution }
trace_settings:
  default:
    retention_policy: trade_complete
`;

test('a 1,053,000-bar run charts each symbol as 2,490 candles with its indicators and buy & hold', async ({ page }) => {
  test.setTimeout(180_000);
  await openStudio(page);
  await waitForMetrics(page);
  // The default study (small data) is drawn bar by bar: nothing is thinned.
  await expect(page.getByTestId('run-chart')).toHaveAttribute('aria-label', /candles with volume/);
  await expect(page.getByTestId('chart-thinned')).toHaveCount(0);

  await setEditorText(page, BIG);
  await expect(page.getByTestId('parse-status')).toHaveText('✓ valid');
  await page.getByTestId('run-button').click();
  await expect(page.locator('.run-name')).toContainText('thinned chart', { timeout: 150_000 });
  await expect(page.getByTestId('run-summary')).toContainText('1,053,000 bars');
  const note = page.getByTestId('chart-thinned');
  await expect(note).toContainText('AAA: 351,000 bars drawn as 2,490 candles of 141 consecutive bars each', { timeout: 30_000 });
  // Indicators and buy & hold come from the worker that holds every bar; an earlier run's lines are gone.
  const chart = page.getByTestId('run-chart');
  await expect(chart).toHaveAttribute('aria-label', /^AAA candles with volume, SMA 600, SMA 2400 and trade markers.*equity beside buy & hold/, { timeout: 30_000 });

  await page.getByTestId('chart-symbol').selectOption('BBB');
  await expect(note).toContainText('BBB: 351,000 bars drawn as 2,490 candles');
  await expect(chart).toHaveAttribute('aria-label', /^BBB candles with volume, SMA 600, SMA 2400/, { timeout: 30_000 });
  await screenshot(page, 'chart-thinned');

  // Zoomed in, the window's bars come from the worker as finer candles.
  const box = (await chart.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 4);
  for (let i = 0; i < 8; i++) await page.mouse.wheel(0, -400);
  await expect(page.getByTestId('chart-zoom-detail')).toContainText(/Zoomed in: (candles of [\d,]+ bars|every bar is a candle) in view/, { timeout: 30_000 });
  await screenshot(page, 'chart-thinned-zoomed');
  expect(pageErrors(page)).toEqual([]);
});
