import { expect, test } from '@playwright/test';
import { openStudio, pageErrors, screenshot, waitForMetrics } from './studio-helpers';

test.use({ viewport: { width: 1280, height: 720 } });

/** A Yahoo-style daily export: a rising sine so a momentum strategy trades several times. */
function yahooCsv(days: number): string {
  const lines = ['Date,Open,High,Low,Close,Adj Close,Volume'];
  const start = Date.UTC(2020, 0, 1);
  for (let i = 0; i < days; i++) {
    const c = 100 + i * 0.05 + 10 * Math.sin(i / 15);
    const o = c - 0.3;
    lines.push(`${new Date(start + i * 86_400_000).toISOString().slice(0, 10)},${o.toFixed(2)},${(c + 1).toFixed(2)},${(o - 1).toFixed(2)},${c.toFixed(2)},${c.toFixed(2)},1000`);
  }
  return lines.join('\n');
}

test('an imported CSV becomes a dataset the config runs on; a bad one says which line', async ({ page }) => {
  await openStudio(page);
  await waitForMetrics(page);
  await page.getByTestId('import-csv-file').setInputFiles({ name: 'WAVE.csv', mimeType: 'text/csv', buffer: Buffer.from(yahooCsv(600)) });
  await expect(page.getByTestId('dataset-picker')).toHaveValue('csv:WAVE.csv');
  await expect(page.locator('.cm-content')).toContainText('source: csv:WAVE.csv');
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('run-summary')).toContainText('csv:WAVE.csv');
  await waitForMetrics(page);
  expect(Number(await page.getByTestId('tab-trades').locator('.count').innerText())).toBeGreaterThan(0);

  const bad = yahooCsv(20).split('\n');
  bad[7] = '2020-01-07,1,2,x,1,1,1';
  await page.getByTestId('import-csv-file').setInputFiles({ name: 'BAD.csv', mimeType: 'text/csv', buffer: Buffer.from(bad.join('\n')) });
  await expect(page.getByTestId('run-error')).toContainText('BAD.csv line 8');
  expect(pageErrors(page)).toEqual([]);
});

test('bad prices are refused with every row listed; a spike warns with its line; pandas and ;-decimal-comma exports load', async ({ page }) => {
  test.setTimeout(240_000);
  await openStudio(page);
  await waitForMetrics(page);
  const good = yahooCsv(40).split('\n');

  // Zero, negative, Infinity (1e309) and NaN prices: every faulty row listed with its line and column.
  const bad = [...good];
  bad[5] = '2020-01-05,0,0,0,0,0,1000';
  bad[9] = '2020-01-09,101,102,-1,101,101,1000';
  bad[12] = '2020-01-12,101,1e309,100,101,101,1000';
  bad[20] = '2020-01-20,101,102,100,NaN,101,1000';
  await page.getByTestId('import-csv-file').setInputFiles({ name: 'PRICES.csv', mimeType: 'text/csv', buffer: Buffer.from(bad.join('\n')) });
  const errors = page.getByTestId('csv-import-errors');
  await expect(errors).toContainText('PRICES.csv was not imported: 7 row errors');
  const items = errors.getByTestId('csv-import-item');
  await expect(items).toHaveCount(7);
  await expect(items.nth(0)).toContainText("line 6 (column Close) Price 0 in column 'Close' must be above zero");
  await expect(items.nth(4)).toContainText('line 10 (column Low)');
  await expect(items.nth(5)).toContainText("line 13 (column High) Price '1e309' in column 'High' is out of range");
  await expect(items.nth(6)).toContainText("line 21 (column Close) 'NaN' in column 'Close' is not a usable number");
  await expect(page.getByTestId('run-error')).toContainText('PRICES.csv line 6');
  await expect(page.getByTestId('dataset-picker')).not.toHaveValue('csv:PRICES.csv');
  await screenshot(page, 'csv-import-row-errors');
  await page.getByTestId('csv-import-dismiss').click();
  await expect(page.getByTestId('csv-import-panel')).toHaveCount(0);

  // A single-bar spike loads, with a warning that names its line.
  const spiky = [...good];
  spiky[15] = '2020-01-15,101,9000,100,101,101,1000';
  await page.getByTestId('import-csv-file').setInputFiles({ name: 'SPIKE.csv', mimeType: 'text/csv', buffer: Buffer.from(spiky.join('\n')) });
  await expect(page.getByTestId('dataset-picker')).toHaveValue('csv:SPIKE.csv');
  await expect(page.getByTestId('csv-import-warnings')).toContainText('SPIKE.csv was imported with 1 warning');
  await expect(page.getByTestId('csv-import-warnings').getByTestId('csv-import-item')).toContainText('line 16 (column High) SPIKE: 9000 is more than 50×');
  await page.getByTestId('csv-import-dismiss').click();

  // pandas' default export (backtesting.py's GOOG.csv): the unnamed first column is the date.
  const pandas = [',Open,High,Low,Close,Volume', ...good.slice(1).map((l) => l.split(',').filter((_, i) => i !== 5).join(','))];
  await page.getByTestId('import-csv-file').setInputFiles({ name: 'GOOG.csv', mimeType: 'text/csv', buffer: Buffer.from(pandas.join('\n')) });
  await expect(page.getByTestId('dataset-picker')).toHaveValue('csv:GOOG.csv');

  // A European export: ';' between fields, ',' as the decimal mark.
  const semi = ['Date;Open;High;Low;Close;Volume', ...pandas.slice(1).map((l) => l.split(',').map((c) => c.replace('.', ',')).join(';'))];
  await page.getByTestId('import-csv-file').setInputFiles({ name: 'EU.csv', mimeType: 'text/csv', buffer: Buffer.from(semi.join('\n')) });
  await expect(page.getByTestId('dataset-picker')).toHaveValue('csv:EU.csv');
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('run-summary')).toContainText('csv:EU.csv');
  await waitForMetrics(page);
  const trades = await page.getByTestId('tab-trades').locator('.count').innerText();

  // After a reload the bars come back from IndexedDB as columns (no re-parse): the same run.
  await page.reload();
  await expect(page.getByTestId('dataset-picker')).toHaveValue('csv:EU.csv');
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('run-summary')).toContainText('csv:EU.csv');
  await waitForMetrics(page);
  await expect(page.getByTestId('tab-trades').locator('.count')).toHaveText(trades);
  expect(pageErrors(page)).toEqual([]);
});
