import { expect, test } from '@playwright/test';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { editorText, openStudio, pageErrors, screenshot, setEditorText, waitForMetrics } from './studio-helpers';

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
  // One equity mark per minute of the 256 sessions (the value, whatever the metric's number format).
  const equityUpdates = page.getByTestId('metric-equityUpdates').locator('.metric-value');
  await expect.poll(async () => Number(((await equityUpdates.textContent()) ?? '').replace(/,/g, ''))).toBe(99_840);
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

/** A 1,000,000-row minute CSV (about 60 MB) written once to a temporary file. */
function millionRowCsv(): string {
  const path = join(tmpdir(), 'event-studio-e2e-1m-rows.csv');
  if (existsSync(path)) return path;
  const out: string[] = ['timestamp,open,high,low,close,volume'];
  const t0 = Date.UTC(2020, 0, 1);
  let p = 100;
  for (let i = 0; i < 1_000_000; i++) {
    const c = p * (1 + (((i * 7919) % 200) - 100) / 100_000);
    out.push(`${new Date(t0 + i * 60_000).toISOString()},${p.toFixed(4)},${(Math.max(p, c) * 1.001).toFixed(4)},${(Math.min(p, c) * 0.999).toFixed(4)},${c.toFixed(4)},${1000 + (i % 500)}`);
    p = c;
  }
  writeFileSync(path, out.join('\n'));
  return path;
}

test('a 1,000,000-row CSV imports with progress (and can be cancelled), then runs', async ({ page }) => {
  test.setTimeout(600_000);
  const file = millionRowCsv();
  await openStudio(page);
  await waitForMetrics(page);

  // Cancel mid-import: nothing is imported.
  await page.getByTestId('import-csv-file').setInputFiles(file);
  await expect(page.getByTestId('csv-import-progress')).toBeVisible();
  await expect.poll(async () => Number((await page.getByTestId('csv-import-rows').innerText()).replace(/,/g, '')), { timeout: 120_000 }).toBeGreaterThan(0);
  await page.getByTestId('csv-import-cancel').click();
  await expect(page.getByTestId('notice')).toContainText('cancelled');
  await expect(page.getByTestId('csv-import-panel')).toHaveCount(0);
  await expect(page.getByTestId('dataset-picker')).not.toHaveValue(/1m-rows/);

  // The whole file: progress rises to every row, then the dataset is picked and runs.
  await page.getByTestId('import-csv-file').setInputFiles(file);
  const rows: number[] = [];
  await expect
    .poll(
      async () => {
        const shown = page.getByTestId('csv-import-rows');
        if ((await shown.count()) > 0) rows.push(Number((await shown.innerText()).replace(/,/g, '')));
        return page.getByTestId('dataset-picker').inputValue();
      },
      { timeout: 300_000, intervals: [250] },
    )
    .toBe('csv:event-studio-e2e-1m-rows.csv');
  expect(rows.some((n) => n > 0 && n < 1_000_000)).toBe(true);
  await screenshot(page, 'csv-import-1m-rows');
  // Run on the minutes themselves (the default config asks for daily bars, derived from them).
  const yaml = await editorText(page);
  await setEditorText(page, yaml.replace(/timeframes: \[[^\]]*\]/, 'timeframes: ["1m"]'));
  await expect(page.getByTestId('parse-status')).toHaveText('✓ valid');
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('run-summary')).toContainText('1,000,000 bars', { timeout: 300_000 });
  expect(pageErrors(page)).toEqual([]);
});
