import { expect, test } from '@playwright/test';
import { openStudio, pageErrors, waitForMetrics } from './studio-helpers';

test.use({ viewport: { width: 1280, height: 720 } });

/** Daily bars as CSV lines (no header): a rising sine. */
function days(n: number, delimiter: ',' | ';'): string[] {
  const start = Date.UTC(2020, 0, 1);
  return Array.from({ length: n }, (_, i) => {
    const c = 100 + i * 0.05 + 10 * Math.sin(i / 15);
    const cells = [new Date(start + i * 86_400_000).toISOString().slice(0, 10), (c - 0.3).toFixed(2), (c + 1).toFixed(2), (c - 1.3).toFixed(2), c.toFixed(2), '1000'];
    return delimiter === ';' ? cells.map((x) => x.replace('.', ',')).join(';') : cells.join(',');
  });
}

test('the import worker hands a file that turns to quotes midway to papaparse (same line numbers) and reads CRLF ;-decimal-comma files', async ({ page }) => {
  await openStudio(page);
  await waitForMetrics(page);
  // A quote at line 102 sends the file to papaparse's path; the bad high at line 151 keeps its line.
  const quoted = ['Date,Open,High,Low,Close,Volume', ...days(300, ',')];
  quoted[101] = quoted[101]!.replace(/^([^,]+),/, '"$1",');
  quoted[150] = quoted[150]!.replace(/^([^,]+,[^,]+),[^,]+,/, '$1,x,');
  await page.getByTestId('import-csv-file').setInputFiles({ name: 'QUOTED.csv', mimeType: 'text/csv', buffer: Buffer.from(quoted.join('\n')) });
  await expect(page.getByTestId('run-error')).toContainText('QUOTED.csv line 151');

  const crlf = ['Date;Open;High;Low;Close;Volume', ...days(400, ';')].join('\r\n') + '\r\n';
  await page.getByTestId('import-csv-file').setInputFiles({ name: 'EU.csv', mimeType: 'text/csv', buffer: Buffer.from(crlf) });
  await expect(page.getByTestId('dataset-picker')).toHaveValue('csv:EU.csv');
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('run-summary')).toContainText('csv:EU.csv');
  await waitForMetrics(page);
  expect(Number(await page.getByTestId('tab-trades').locator('.count').innerText())).toBeGreaterThan(0);
  expect(pageErrors(page)).toEqual([]);
});
