import { expect, test } from '@playwright/test';
import { mkdirSync, writeFileSync } from 'node:fs';
import { openStudio, pageErrors, screenshot, setEditorText, waitForMetrics } from './studio-helpers';

test.use({ viewport: { width: 1280, height: 720 } });

// 99,840 one-minute bars per symbol (256 sessions × 390 minutes) of the generator's three symbols.
const BIG = `name: Big minute series
initial_capital: 100000
data:
  source: synthetic
  timeframes: ["1m"]
  synthetic:
    seed: 7
    days: 256
    missing_minute_probability: 0
containers:
  - id: strategy_fast
    type: strategy
    strategy: ma_crossover
    params: {fast: 60, slow: 240}
  - id: portfolio_1
    type: portfolio
    strategies: [strategy_fast]
    sizing: {type: fixed, quantity: 100}
trace_settings:
  default:
    retention_policy: trade_complete
    store_equity_curve: true
`;

test('a 100,000-bar run draws price, equity and drawdown and stays interactive when zoomed', async ({ page }) => {
  test.setTimeout(120_000);
  await openStudio(page);
  await waitForMetrics(page);
  // A long single run shows bars done/total, events/s and ETA, and Escape cancels it. Every
  // event of every container streams to IndexedDB (storage_backend: disk), which holds the run
  // to the database's pace (seconds), so Escape lands mid-run however fast the engine is.
  await setEditorText(page, BIG.replace('retention_policy: trade_complete', 'retention_policy: full\n    storage_backend: disk'));
  await expect(page.getByTestId('parse-status')).toHaveText('✓ valid');
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('progress-text')).toContainText(/\/299,520 bars · [\d,]+ ev\/s/, { timeout: 30_000 });
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('run-error')).toHaveText('Run cancelled.');
  await expect(page.getByTestId('progress')).toHaveCount(0);

  await setEditorText(page, BIG);
  await expect(page.getByTestId('last-valid-note')).toHaveCount(0);
  await expect(page.getByTestId('parse-status')).toHaveText('✓ valid');
  await page.getByTestId('run-button').click();
  await expect(page.locator('.run-name')).toContainText('Big minute series', { timeout: 90_000 });
  await waitForMetrics(page);
  await expect(page.getByTestId('run-summary')).toContainText('299,520 bars');
  await expect(page.getByTestId('metric-equityUpdates').locator('.metric-value')).toHaveText('99,840');
  const chart = page.getByTestId('run-chart');
  await expect(chart.locator('canvas').first()).toBeVisible();

  // Zoom with the wheel a few times and time how long the page takes to paint again.
  const box = (await chart.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 3);
  const frames: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = Date.now();
    await page.mouse.wheel(0, -400);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    frames.push(Date.now() - t0);
  }
  await screenshot(page, 'big-series-zoomed');
  mkdirSync('test-results', { recursive: true });
  writeFileSync('test-results/big-series.json', JSON.stringify({ bars: 99_840, zoomStepMs: frames }, null, 2));
  expect(pageErrors(page)).toEqual([]);
});
