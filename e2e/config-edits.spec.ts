// Actions that edit the config (Use in config, dataset switch, CSV import, applying a sweep
// point) change only the keys they mean to: comments, layout and every other block stay.
// And Run falls back only to a config that ran, never to one that merely parsed.
import { expect, test, type Page } from '@playwright/test';
import { editorText, openStudio, pageErrors, setEditorText, waitForMetrics } from './studio-helpers';

// Tall enough that CodeMirror renders every line of the default study.
test.use({ viewport: { width: 1280, height: 2400 } });
test.describe.configure({ timeout: 180_000 });

async function fullText(page: Page): Promise<string> {
  return editorText(page);
}

test('"Use in config" changes the strategy, its params and the stale sweep paths, and nothing else', async ({ page }) => {
  await openStudio(page);
  await waitForMetrics(page);
  const before = await fullText(page);
  expect(before).toContain('optimization:');
  await page.getByTestId('pane-strategies').click();
  await page.getByTestId('template-select').selectOption('ma_crossover');
  await page.getByTestId('new-strategy').click();
  await expect(page.getByTestId('compile-status')).toHaveText('✓ compiles');
  await page.getByTestId('use-in-config').click();
  await expect(page.getByTestId('pane-config')).toHaveAttribute('aria-selected', 'true');
  await expect(page.locator('.cm-content')).toContainText('strategy: user:my_ma_crossover');
  const after = await fullText(page);
  expect(after).toBe(
    before
      .replace('    strategy: momentum\n', '    strategy: user:my_ma_crossover\n')
      .replace(/ {6}lookback: 20 [^\n]*\n {6}threshold: 0\.0 [^\n]*\n/, '      fast: 10\n      slow: 30\n      allow_short: false\n')
      .replace(/ {4}strategy_momentum_1\.params\.lookback: [^\n]*\n {4}strategy_momentum_1\.params\.threshold: [^\n]*/, '    strategy_momentum_1.params.fast: [5, 10, 15, 20]\n    strategy_momentum_1.params.slow: [15, 30, 45, 60]'),
  );
  // The optimization block (objective, direction, comments) is still there and valid.
  expect(after).toContain('  objective: sharpe_ratio    # rank runs by Sharpe ratio…');
  await expect(page.getByTestId('parse-status')).toHaveText('✓ valid');
  expect(pageErrors(page)).toEqual([]);
});

test('switching the dataset edits data.source in place and drops only the symbols the new data lacks', async ({ page }) => {
  await openStudio(page);
  await waitForMetrics(page);
  const before = await fullText(page);
  await page.getByTestId('dataset-picker').selectOption('aapl');
  await expect(page.locator('.cm-content')).toContainText('source: aapl');
  const after = await fullText(page);
  // Same line, same comment; SPX is not in the Apple data, so that one line goes (and the notice says so).
  expect(after).toBe(before.replace('  source: sp500 ', '  source: aapl ').replace(/ {2}symbols: \[SPX\][^\n]*\n/, ''));
  await expect(page.getByTestId('notice')).toContainText('SPX');

  // Back to sp500 with symbols the user wrote by hand: they are kept this time.
  await setEditorText(page, after.replace(/( {2}source: aapl[^\n]*\n)/, '$1  symbols: [AAPL]  # mine\n'));
  await expect(page.getByTestId('parse-status')).toHaveText('✓ valid');
  const withSymbols = await fullText(page);
  await page.getByTestId('dataset-picker').selectOption('stocks');
  await expect(page.locator('.cm-content')).toContainText('source: stocks');
  const stocks = await fullText(page);
  // Monthly data: the timeframe follows; AAPL is one of the five stocks, so symbols stay as written.
  expect(stocks).toBe(withSymbols.replace('  source: aapl ', '  source: stocks ').replace('timeframes: ["1d"]', 'timeframes: [1mo]'));
  expect(stocks).toContain('symbols: [AAPL]  # mine');
  expect(pageErrors(page)).toEqual([]);
});

test('a sweep row’s Apply writes that point’s parameters into the config, in place', async ({ page }) => {
  await openStudio(page);
  await waitForMetrics(page);
  const small = (await fullText(page)).replace(
    /( {4}strategy_momentum_1\.params\.lookback: )[^\n]*\n {4}strategy_momentum_1\.params\.threshold: [^\n]*/,
    '$1[10, 60]  # two points',
  );
  await setEditorText(page, small);
  await expect(page.getByTestId('parse-status')).toHaveText('✓ valid');
  await page.getByTestId('sweep-button').click();
  await expect(page.getByTestId('sweep-status')).toContainText('Finished · 2 / 2 points', { timeout: 90_000 });
  const best = page.getByTestId('sweep-row').first();
  const lookback = (await best.locator('span').nth(1).innerText()).trim();
  expect(['10', '60']).toContain(lookback);
  await best.getByTestId('sweep-apply').click();
  // Only the value changed: its comment, the sweep and every other line are as they were.
  await expect(page.getByTestId('notice')).toContainText(`lookback=${lookback}`);
  expect(await fullText(page)).toBe(small.replace('      lookback: 20       # bars', `      lookback: ${lookback}       # bars`));
  await expect(page.getByTestId('tab-sweep')).toHaveAttribute('aria-selected', 'true');
  // The heatmap's best cell is the ranked table's first row: its Apply writes the same value.
  await setEditorText(page, small);
  await expect(page.locator('.cm-content')).toContainText('lookback: 20       # bars');
  await page.getByTestId('tab-sweep').click();
  await page.getByTestId('heatmap-apply-best').click();
  expect(await fullText(page)).toBe(small.replace('      lookback: 20       # bars', `      lookback: ${lookback}       # bars`));
  expect(pageErrors(page)).toEqual([]);
});

test('Run falls back to the last config that ran, not to one that parsed and failed in the engine', async ({ page }) => {
  await openStudio(page);
  await waitForMetrics(page);
  const good = await fullText(page);
  const goodTrades = await page.getByTestId('tab-trades').locator('.count').innerText();
  // Valid YAML the editor accepts, that the run refuses: a CSV that was never imported.
  await setEditorText(page, good.replace('  source: sp500 ', '  source: csv:never-imported.csv ').replace('name: S&P 500 momentum', 'name: Never ran'));
  await expect(page.getByTestId('parse-status')).toHaveText('✓ valid');
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('run-error')).toContainText('never-imported.csv');
  // Now a typo: Run uses the last config that RAN (the default study), not the failed one.
  await setEditorText(page, good.replace('type: strategy', 'type: strateg'));
  await expect(page.getByTestId('parse-status')).not.toHaveText('✓ valid');
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('notice')).toContainText('last valid config');
  await waitForMetrics(page);
  await expect(page.getByTestId('run-error')).toHaveCount(0);
  await expect(page.locator('.run-name')).not.toContainText('Never ran');
  await expect(page.getByTestId('tab-trades').locator('.count')).toHaveText(goodTrades);
  expect(pageErrors(page)).toEqual([]);
});
