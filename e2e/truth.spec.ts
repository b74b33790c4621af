// Issue 17/18 "wrong impressions": the studio never lets a trader believe something false.
// The editor refuses what the engine would refuse, at the offending line; results that no
// longer match the inputs say so; a trade's events are that trade's only.
import { expect, test, type Page } from '@playwright/test';
import { editorText, openStudio, pageErrors, screenshot, setEditorText, waitForMetrics } from './studio-helpers';

test.use({ viewport: { width: 1440, height: 900 } });

function lineOf(text: string, needle: string): number {
  const i = text.split('\n').findIndex((l) => l.includes(needle));
  expect(i, `fixture holds ${needle}`).toBeGreaterThanOrEqual(0);
  return i + 1;
}

async function expectErrorAt(page: Page, line: number, text: string): Promise<void> {
  const item = page.getByTestId('error-list').locator('li', { hasText: text });
  await expect(item.first()).toContainText(`${line}:`);
}

test('the editor refuses what the engine refuses, each at its own line', async ({ page }) => {
  await openStudio(page);
  await waitForMetrics(page);
  const good = await editorText(page);

  const typo = good.replace('strategy: momentum', 'strategy: momentun');
  await setEditorText(page, typo);
  await expect(page.getByTestId('parse-status')).toHaveText('1 error');
  await expectErrorAt(page, lineOf(typo, 'strategy: momentun'), "did you mean 'momentum'");
  await expect(page.locator('.cm-lintRange-error').first()).toBeVisible();
  await screenshot(page, 'truth-unknown-strategy');

  const negative = good.replace(/lookback: 20\b/, 'lookback: -5');
  await setEditorText(page, negative);
  await expect(page.getByTestId('parse-status')).toHaveText('1 error');
  await expectErrorAt(page, lineOf(negative, 'lookback: -5'), 'lookback');

  // The default study sweeps lookback: the error is still at lookback's own line, not the sweep's.
  const word = good.replace(/lookback: 20\b/, 'lookback: abc');
  await setEditorText(page, word);
  await expect(page.getByTestId('parse-status')).not.toHaveText('✓ valid');
  await expectErrorAt(page, lineOf(word, 'lookback: abc'), 'must be an integer');
  await screenshot(page, 'truth-param-own-line');

  const unknownParam = good.replace(/threshold: 0\.0/, 'treshold: 0.0');
  await setEditorText(page, unknownParam);
  await expect(page.getByTestId('error-list')).toContainText("did you mean 'threshold'");

  await setEditorText(page, good);
  await expect(page.getByTestId('parse-status')).toHaveText('✓ valid');
  expect(pageErrors(page)).toEqual([]);
});

test('a failed run marks the shown results out of date, says why there, and Run clears it', async ({ page }) => {
  await openStudio(page);
  await waitForMetrics(page);
  await expect(page.getByTestId('stale-banner')).toHaveCount(0);
  const good = await editorText(page);
  // Valid for the editor, refused by the engine: a symbol the data does not hold.
  const failing = good.replace('symbols: [SPX]', 'symbols: [NOPE]');
  await setEditorText(page, failing);
  await expect(page.getByTestId('parse-status')).toHaveText('✓ valid');
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('run-error')).toBeVisible({ timeout: 30_000 });
  const banner = page.getByTestId('stale-banner');
  await expect(banner).toContainText('The last run failed');
  await expect(banner).toContainText('NOPE');
  await expect(page.locator('.tab-panel')).toHaveAttribute('data-stale', 'true');
  await screenshot(page, 'truth-failed-run-stale');

  await setEditorText(page, good);
  await page.getByTestId('stale-run').click();
  await waitForMetrics(page);
  await expect(banner).toHaveCount(0);
  await expect(page.locator('.tab-panel')).not.toHaveAttribute('data-stale', 'true');
});

test('switching data without running marks the results out of date until Run', async ({ page }) => {
  await openStudio(page);
  await waitForMetrics(page);
  await page.getByTestId('dataset-picker').selectOption('aapl');
  const banner = page.getByTestId('stale-banner');
  await expect(banner).toContainText('Data switched to aapl');
  await expect(banner).toContainText('from sp500');
  await screenshot(page, 'truth-dataset-switch-stale');
  await banner.getByRole('button', { name: /Run/ }).click();
  await waitForMetrics(page);
  await expect(banner).toHaveCount(0);
  await expect(page.getByTestId('run-summary')).toContainText('aapl');
});

test("stepping through a trade's events lists that trade's only (t1 is not t10–t19)", async ({ page }) => {
  await openStudio(page);
  await waitForMetrics(page);
  await page.getByTestId('tab-trades').click();
  const count = Number(await page.getByTestId('tab-trades').locator('.count').innerText());
  expect(count).toBeGreaterThanOrEqual(10);
  const first = page.getByTestId('trade-row').first();
  const id = (await first.getAttribute('data-trade-id'))!;
  expect(id).toMatch(/-t1$/);
  await first.click();
  await page.getByTestId('inspect-trade-events').click();
  await expect(page.getByTestId('event-row').first()).toBeVisible({ timeout: 30_000 });
  const correlations = await page.getByTestId('event-row').locator('span:nth-child(5)').allInnerTexts();
  expect(correlations.length).toBeGreaterThan(0);
  expect(new Set(correlations)).toEqual(new Set([id]));
  await screenshot(page, 'truth-trade-events-exact');
});

test('a reload that runs the same study again keeps one run in history, not two', async ({ page }) => {
  // Four runs on a shared machine: generous, not a speed check.
  test.setTimeout(240_000);
  await openStudio(page);
  await waitForMetrics(page);
  await page.getByTestId('tab-runs').click();
  const rows = page.getByTestId('run-row');
  await expect(rows).toHaveCount(1);
  for (let i = 0; i < 2; i++) {
    await page.reload();
    await waitForMetrics(page);
  }
  await page.getByTestId('tab-runs').click();
  await expect(rows).toHaveCount(1);
  // A different study is a new run.
  await setEditorText(page, (await editorText(page)).replace(/lookback: 20\b/, 'lookback: 30'));
  await page.getByTestId('run-button').click();
  await waitForMetrics(page);
  await page.getByTestId('tab-runs').click();
  await expect(rows).toHaveCount(2);
  await screenshot(page, 'truth-runs-once-per-study');
});

test('Enter after a commented line keeps its indentation, and the editor never flashes empty', async ({ page }) => {
  // Record whether the editor was ever on screen without its text.
  await page.addInitScript(() => {
    const w = window as Window & { __emptyEditor?: boolean };
    w.__emptyEditor = false;
    new MutationObserver(() => {
      const c = document.querySelector('.cm-content');
      if (c && (c.textContent ?? '').trim() === '') w.__emptyEditor = true;
    }).observe(document, { childList: true, subtree: true, characterData: true });
  });
  await openStudio(page);
  await waitForMetrics(page);
  expect(await page.evaluate(() => (window as Window & { __emptyEditor?: boolean }).__emptyEditor)).toBe(false);
  const line = page.locator('.cm-line', { hasText: '# The strategy turns bars into SIGNAL events' });
  await line.click();
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('# added');
  const text = await editorText(page);
  const comment = text.split('\n').findIndex((l) => l.includes('# The strategy turns bars'));
  const indent = /^\s*/.exec(text.split('\n')[comment]!)![0];
  expect(indent.length).toBeGreaterThan(0);
  expect(text.split('\n')[comment + 1]).toBe(`${indent}# added`);
});

test('run compare is drawn above the list and names each series by its run and what differs', async ({ page }) => {
  test.setTimeout(180_000);
  await openStudio(page);
  await waitForMetrics(page);
  await setEditorText(page, (await editorText(page)).replace(/lookback: 20\b/, 'lookback: 60'));
  await page.getByTestId('run-button').click();
  await waitForMetrics(page);
  await page.getByTestId('tab-runs').click();
  const rows = page.getByTestId('run-row');
  await expect(rows).toHaveCount(2);
  await rows.nth(0).getByRole('checkbox').check();
  await rows.nth(1).getByRole('checkbox').check();
  const chart = page.getByTestId('compare-chart');
  await expect(chart).toBeInViewport();
  const chartBox = (await chart.boundingBox())!;
  const tableBox = (await page.locator('.runs-table').first().boundingBox())!;
  expect(chartBox.y, 'the chart is above the run list').toBeLessThan(tableBox.y);
  await expect(chart).toHaveAttribute('aria-label', /lookback=60/);
  await expect(chart).toHaveAttribute('aria-label', /lookback=20/);
  await expect(page.getByTestId('compare-table').locator('thead')).toContainText('lookback=60');
  await expect(page.getByTestId('compare-table').locator('thead')).not.toContainText(/· [0-9a-z]{6}\b/);
  await screenshot(page, 'truth-run-compare');
});

test('the synthetic dataset opens with 5-minute bars of its own symbols, trades, and a readable name', async ({ page }) => {
  test.setTimeout(150_000);
  await openStudio(page);
  await waitForMetrics(page);
  await page.getByTestId('dataset-picker').selectOption('synthetic');
  await expect(page.getByTestId('parse-status')).toHaveText('✓ valid');
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('run-summary')).toContainText('Synthetic bars', { timeout: 60_000 });
  await waitForMetrics(page);
  await expect(page.getByTestId('run-summary')).not.toContainText('synthetic:{');
  await expect(page.getByTestId('stale-banner')).toHaveCount(0);
  const bars = Number((/([\d,]+) bars/.exec(await page.getByTestId('run-summary').innerText())?.[1] ?? '0').replace(/,/g, ''));
  expect(bars).toBeGreaterThan(100);
  expect(Number(await page.getByTestId('tab-trades').locator('.count').innerText())).toBeGreaterThan(0);
  await screenshot(page, 'truth-synthetic-defaults');
});

test('at 1440 px the sweep heatmap and ranked table each get the full width and cut no header', async ({ page }) => {
  test.setTimeout(240_000);
  await openStudio(page);
  await waitForMetrics(page);
  await page.getByTestId('sweep-button').click();
  await expect(page.getByTestId('sweep-row')).toHaveCount(15, { timeout: 180_000 });
  await expect(page.getByTestId('sweep-heatmap').locator('canvas').first()).toBeVisible();
  const pane = (await page.locator('.tab-panel').boundingBox())!;
  const heat = (await page.getByTestId('sweep-heatmap').boundingBox())!;
  const table = (await page.locator('.sweep-table').boundingBox())!;
  expect(heat.width, 'heatmap uses the pane width').toBeGreaterThan(pane.width * 0.8);
  expect(table.width, 'table uses the pane width').toBeGreaterThan(pane.width * 0.8);
  const cut = await page.locator('.sweep-table .thead > span:not(.sr-only)').evaluateAll((els) =>
    els.filter((e) => e.scrollWidth > e.clientWidth + 1).map((e) => (e as HTMLElement).innerText),
  );
  expect(cut, 'no header cut').toEqual([]);
  await screenshot(page, 'truth-sweep-1440');
});
