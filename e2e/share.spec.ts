// Share links: the recipient's run equals the sender's (also on an imported CSV), a link
// that runs someone else's strategy code asks first, and a damaged or oversized link is
// refused with a message that stays until dismissed.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { expect, test, type Page } from '@playwright/test';
import { deflateSync } from 'fflate';
import { DEFAULT_CONFIG_YAML } from '../src/core/config/default-config';
import { USER_STRATEGY_TEMPLATES } from '../src/engine/user-strategy/user-strategy-templates';
import { encodeShareHash } from '../src/app/ui/share/share-link';
import { openStudio, pageErrors, screenshot, setEditorText, waitForMetrics } from './studio-helpers';

test.use({ viewport: { width: 1280, height: 720 } });
// Two browsers each run the study (and reload): on a shared 2-core machine that takes a while.
test.describe.configure({ timeout: 180_000 });

const require = createRequire(import.meta.url);
/** A real Yahoo Finance export (Apple daily bars), as a user would import it. */
const REAL_CSV = readFileSync(require.resolve('@observablehq/sample-datasets/aapl.csv'), 'utf8');

async function metricValues(page: Page): Promise<string[]> {
  return page.getByTestId('metrics').locator('.metric-value').allInnerTexts();
}

function b64url(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

test('a share link reproduces the same metrics in a fresh browser context', async ({ page, browser }) => {
  await openStudio(page);
  await waitForMetrics(page);
  // A config that differs from the default, so the link must carry it.
  // From the config's own text: CodeMirror renders only the lines in view, so the editor's DOM may not hold them all.
  const text = DEFAULT_CONFIG_YAML.replace(/lookback: 20 /, 'lookback: 35 ').replace('name: S&P 500 momentum', 'name: Shared study');
  await setEditorText(page, text);
  await page.keyboard.press('ControlOrMeta+Enter');
  await expect(page.locator('.run-name')).toContainText('Shared study');
  await waitForMetrics(page);
  const metrics = await metricValues(page);
  await page.getByTestId('share-button').click();
  await expect(page).toHaveURL(/#cfg=[A-Za-z0-9_-]+&ds=sp500/);
  const url = page.url();

  const fresh = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const other = await fresh.newPage();
  await openStudio(other, url);
  await expect(other.locator('.run-name')).toContainText('Shared study');
  await waitForMetrics(other);
  expect(await metricValues(other)).toEqual(metrics);
  await expect(other.locator('.cm-content')).toContainText('lookback: 35');
  // The link's config became this browser's working config: the hash is dropped and a reload keeps it.
  await expect(other).not.toHaveURL(/#cfg=/);
  await other.reload();
  await expect(other.locator('.run-name')).toContainText('Shared study');
  await waitForMetrics(other);
  expect(await metricValues(other)).toEqual(metrics);
  expect(pageErrors(other)).toEqual([]);
  await fresh.close();
  expect(pageErrors(page)).toEqual([]);
});

test('a link to a study on an imported CSV carries the CSV: the recipient runs the same bars to the digit', async ({ page, browser }) => {
  await openStudio(page);
  await waitForMetrics(page);
  await page.getByTestId('import-csv-file').setInputFiles({ name: 'apple-daily.csv', mimeType: 'text/csv', buffer: Buffer.from(REAL_CSV) });
  await expect(page.getByTestId('dataset-picker')).toHaveValue('csv:apple-daily.csv');
  await expect(page.locator('.cm-content')).toContainText('source: csv:apple-daily.csv');
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('run-summary')).toContainText('csv:apple-daily.csv');
  await waitForMetrics(page);
  const metrics = await metricValues(page);
  const trades = await page.getByTestId('tab-trades').locator('.count').innerText();
  await page.getByTestId('share-button').click();
  await expect(page.getByTestId('share-button')).toHaveText('✓ Link copied');
  await expect(page).toHaveURL(/#cfg=[A-Za-z0-9_-]+&ds=csv%3Aapple-daily\.csv&csv=[A-Za-z0-9_-]+$/);
  const url = page.url();

  // A fresh browser: no imported files at all.
  const fresh = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const other = await fresh.newPage();
  await openStudio(other, url);
  await expect(other.getByTestId('run-summary')).toContainText('csv:apple-daily.csv', { timeout: 45_000 });
  await waitForMetrics(other);
  await expect(other.getByTestId('run-error')).toHaveCount(0);
  expect(await metricValues(other)).toEqual(metrics);
  expect(await other.getByTestId('tab-trades').locator('.count').innerText()).toBe(trades);
  // The picker agrees with the YAML, and the file is now one of the recipient's imported datasets.
  await expect(other.getByTestId('dataset-picker')).toHaveValue('csv:apple-daily.csv');
  await expect(other.getByTestId('dataset-picker').locator('option[value="csv:apple-daily.csv"]')).toHaveCount(1);
  await other.reload();
  await waitForMetrics(other);
  expect(await metricValues(other)).toEqual(metrics);
  await screenshot(other, 'share-imported-csv');
  expect(pageErrors(other)).toEqual([]);
  await fresh.close();
  expect(pageErrors(page)).toEqual([]);
});

test('a link whose config runs strategy code asks first, shows the code, and runs only on "Run it"', async ({ page, browser }) => {
  const template = USER_STRATEGY_TEMPLATES.find((t) => t.builtin === 'ma_crossover')!;
  const configText = DEFAULT_CONFIG_YAML.replace('name: S&P 500 momentum', 'name: Their crossover')
    .replace(/strategy: momentum\b/, 'strategy: user:their_ma')
    .replace(/params:\n(\s+)lookback: 20[^\n]*\n(\s+threshold:[^\n]*\n)?/, 'params:\n$1fast: 10\n$1slow: 30\n')
    .replace(/strategy_momentum_1\.params\.lookback: [^\n]*\n\s+strategy_momentum_1\.params\.threshold: [^\n]*/, 'strategy_momentum_1.params.fast: [5, 10]\n    strategy_momentum_1.params.slow: [20, 30]');
  expect(configText).toContain('strategy: user:their_ma');
  const hash = encodeShareHash({ configText, datasetId: 'sp500', userStrategies: [{ name: 'their_ma', source: template.source }] });

  await openStudio(page, `./${hash}`);
  const consent = page.getByTestId('share-consent');
  await expect(consent).toContainText('This link runs code written by someone else');
  await expect(consent).toContainText('their_ma');
  // Nothing ran while the question is open.
  await expect(page.getByTestId('metrics')).toHaveCount(0);
  await page.getByTestId('share-consent-view').click();
  await expect(page.getByTestId('share-consent-code')).toContainText('onBar');
  await screenshot(page, 'share-consent');
  await page.getByTestId('share-consent-run').click();
  await expect(consent).toHaveCount(0);
  await expect(page.locator('.run-name')).toContainText('Their crossover', { timeout: 45_000 });
  await waitForMetrics(page);
  expect(pageErrors(page)).toEqual([]);

  // Declined: nothing from the link is opened, saved or run; the recipient's own study is.
  const fresh = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const other = await fresh.newPage();
  await openStudio(other, `./${hash}`);
  await other.getByTestId('share-consent-decline').click();
  await waitForMetrics(other);
  await expect(other.locator('.run-name')).not.toContainText('Their crossover');
  await expect(other.locator('.cm-content')).not.toContainText('user:their_ma');
  await other.getByTestId('pane-strategies').click();
  await expect(other.getByTestId('strategy-item')).toHaveCount(0);
  expect(pageErrors(other)).toEqual([]);
  await fresh.close();
});

test('a damaged or truncated link says so until dismissed and opens nothing from it', async ({ page }) => {
  const full = encodeShareHash({ configText: DEFAULT_CONFIG_YAML.replace('name: S&P 500 momentum', 'name: Cut short'), datasetId: 'sp500' });
  await openStudio(page, `./${full.slice(0, Math.floor(full.length * 0.6))}`);
  const problem = page.getByTestId('share-problem');
  await expect(problem).toContainText('This share link is damaged');
  await expect(problem).toContainText('copy the whole link again');
  // Not a toast: still there after the first result appears behind it.
  await waitForMetrics(page);
  await page.waitForTimeout(1500);
  await expect(problem).toBeVisible();
  await expect(page.locator('.run-name')).not.toContainText('Cut short');
  await screenshot(page, 'share-damaged');
  await page.getByTestId('share-problem-dismiss').click();
  await expect(problem).toHaveCount(0);
  await expect(page).not.toHaveURL(/#cfg=/);
  expect(pageErrors(page)).toEqual([]);
});

test('a link that inflates past the size limit is refused before it is expanded', async ({ page }) => {
  // 300 MB of text deflated into a ~300 kB link: a deflate bomb.
  const bomb = b64url(deflateSync(new Uint8Array(300 * 1024 * 1024).fill(0x20), { level: 9 }));
  await openStudio(page, `./#cfg=${bomb}&ds=sp500`);
  const problem = page.getByTestId('share-problem');
  await expect(problem).toContainText('This share link was refused');
  await expect(problem).toContainText('32 MB');
  // The tab stays responsive and opens the recipient's own study behind the message.
  await waitForMetrics(page);
  expect(await page.evaluate(() => 1 + 1)).toBe(2);
  await page.getByTestId('share-problem-dismiss').click();
  await expect(problem).toHaveCount(0);
  expect(pageErrors(page)).toEqual([]);
});

/** Daily bars of a seeded random walk (deterministic), enough rows that no link can hold them. */
function bigCsv(rows: number): string {
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const lines = ['Date,Open,High,Low,Close,Volume'];
  let price = 100;
  const day = Date.UTC(1900, 0, 1);
  for (let i = 0; i < rows; i++) {
    const open = price;
    price = Math.max(1, price * (1 + (rand() - 0.5) * 0.04));
    const high = Math.max(open, price) * (1 + rand() * 0.01);
    const low = Math.min(open, price) * (1 - rand() * 0.01);
    lines.push(`${new Date(day + i * 86_400_000).toISOString().slice(0, 10)},${open.toFixed(4)},${high.toFixed(4)},${low.toFixed(4)},${price.toFixed(4)},${Math.floor(rand() * 1e6)}`);
  }
  return lines.join('\n') + '\n';
}

test('a study whose data is too big for a link says so and gives a run zip that carries the data', async ({ page, browser }) => {
  // 70,000 bars run three times and two studios open: minutes on a loaded 2-core machine.
  test.setTimeout(420_000);
  await openStudio(page);
  await waitForMetrics(page);
  await page.getByTestId('import-csv-file').setInputFiles({ name: 'walk.csv', mimeType: 'text/csv', buffer: Buffer.from(bigCsv(70_000)) });
  await expect(page.getByTestId('dataset-picker')).toHaveValue('csv:walk.csv');
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('run-summary')).toContainText('csv:walk.csv', { timeout: 60_000 });
  await waitForMetrics(page);
  const metrics = await metricValues(page);
  await page.getByTestId('share-button').click();
  const tooLong = page.getByTestId('share-too-long');
  await expect(tooLong).toContainText('cannot travel in a link');
  await expect(tooLong).toContainText('1,000,000');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('share-download-zip').click()]);
  const zip = await download.path();
  expect(zip).toBeTruthy();
  await expect(tooLong).toHaveCount(0);

  // A fresh browser imports the zip: the run and its data arrive; running it again gives the same metrics.
  const fresh = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const other = await fresh.newPage();
  await openStudio(other);
  await waitForMetrics(other);
  await other.getByTestId('tab-runs').click();
  await other.getByTestId('import-file').setInputFiles(zip!);
  const row = other.getByTestId('run-row').filter({ hasText: 'csv:walk.csv' });
  await expect(row).toHaveCount(1, { timeout: 30_000 });
  await row.getByTestId('reopen-run').click();
  await expect(other.getByTestId('dataset-picker')).toHaveValue('csv:walk.csv');
  await waitForMetrics(other);
  expect(await metricValues(other)).toEqual(metrics);
  await other.getByTestId('run-button').click();
  await expect(other.getByTestId('run-summary')).toContainText('csv:walk.csv', { timeout: 60_000 });
  await waitForMetrics(other);
  await expect(other.getByTestId('run-error')).toHaveCount(0);
  expect(await metricValues(other)).toEqual(metrics);
  expect(pageErrors(other)).toEqual([]);
  await fresh.close();
  expect(pageErrors(page)).toEqual([]);
});

test('a link copied while a sweep point is open carries that point’s parameters', async ({ page, browser }) => {
  await openStudio(page);
  await waitForMetrics(page);
  const text = DEFAULT_CONFIG_YAML.replace(/( {4}strategy_momentum_1\.params\.lookback: )[^\n]*\n {4}strategy_momentum_1\.params\.threshold: [^\n]*/, '$1[10, 60]');
  await setEditorText(page, text);
  await page.getByTestId('sweep-button').click();
  await expect(page.getByTestId('sweep-status')).toContainText('Finished · 2 / 2 points', { timeout: 90_000 });
  const row = page.getByTestId('sweep-row').nth(1);
  const lookback = (await row.locator('span').nth(1).innerText()).trim();
  await row.click();
  await expect(page.getByTestId('tab-overview')).toHaveAttribute('aria-selected', 'true');
  await waitForMetrics(page);
  const metrics = await metricValues(page);
  await page.getByTestId('share-button').click();
  await expect(page.getByTestId('share-button')).toHaveText('✓ Link copied');
  const url = page.url();

  const fresh = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const other = await fresh.newPage();
  await openStudio(other, url);
  await waitForMetrics(other);
  expect(await metricValues(other)).toEqual(metrics);
  await expect(other.locator('.cm-content')).toContainText(`lookback: ${lookback}       # bars to look back`);
  expect(pageErrors(other)).toEqual([]);
  await fresh.close();
});
