// Strategy lab end to end: a strategy written from a template runs in the workers with
// the same metrics as its built-in, sweeps over its params and travels in a share link;
// an endless loop is stopped with its line while the studio stays usable; a compile
// error is marked at its line in the editor.
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { editorText, openStudio, pageErrors, screenshot, setEditorText, waitForMetrics } from './studio-helpers';

test.use({ viewport: { width: 1280, height: 800 } });

/** A short study (every line stays rendered, so the test can read and rewrite it): built-in ma_crossover 10/30. */
function crossoverStudy(name: string, strategy = 'ma_crossover'): string {
  return [
    `name: ${name}`,
    'initial_capital: 100000',
    'data:',
    '  source: sp500',
    '  symbols: [SPX]',
    '  timeframes: ["1d"]',
    'execution:',
    '  fill_model: next_open',
    '  commission_percent: 0.05',
    '  slippage_bps: 2',
    'containers:',
    '  - id: strategy_ma_1',
    '    type: strategy',
    `    strategy: ${strategy}`,
    '    params:',
    '      fast: 10',
    '      slow: 30',
    '  - id: portfolio_1',
    '    type: portfolio',
    '    strategies: [strategy_ma_1]',
    '    sizing:',
    '      type: percent_equity',
    '      percent: 95',
    '  - id: execution_1',
    '    type: execution',
    '',
  ].join('\n');
}

async function run(page: Page, name: string): Promise<string[]> {
  await page.getByTestId('run-button').click();
  await expect(page.locator('.run-name')).toContainText(name, { timeout: 45_000 });
  await waitForMetrics(page);
  return page.getByTestId('metrics').locator('.metric-value').allInnerTexts();
}

async function newFromTemplate(page: Page, builtin: string): Promise<void> {
  await page.getByTestId('pane-strategies').click();
  await page.getByTestId('template-select').selectOption(builtin);
  await page.getByTestId('new-strategy').click();
  await expect(page.getByTestId('strategy-editor')).toBeVisible();
}

test('a strategy from the ma_crossover template runs with the built-in metrics, sweeps its params and travels in a share link', async ({ page, browser }) => {
  // Two browsers, several runs and a sweep, each job with user code in a freshly started strategy worker.
  test.setTimeout(180_000);
  await openStudio(page);
  await waitForMetrics(page);
  await setEditorText(page, crossoverStudy('Builtin crossover'));
  await expect(page.getByTestId('parse-status')).toHaveText('✓ valid');
  const builtin = await run(page, 'Builtin crossover');

  await newFromTemplate(page, 'ma_crossover');
  await expect(page.getByTestId('strategy-name')).toHaveText('user:my_ma_crossover');
  await expect(page.getByTestId('compile-status')).toHaveText('✓ compiles');
  // The declared params with their defaults and ranges.
  await expect(page.getByTestId('strategy-param')).toHaveCount(3);
  await expect(page.getByTestId('strategy-param').first()).toContainText('fast');
  await expect(page.getByTestId('strategy-param').first()).toContainText('10');
  await screenshot(page, 'strategy-lab-editor');

  await page.getByTestId('use-in-config').click();
  await expect(page.getByTestId('pane-config')).toHaveAttribute('aria-selected', 'true');
  await expect(page.locator('.cm-content')).toContainText('strategy: user:my_ma_crossover');
  await expect(page.getByTestId('parse-status')).toHaveText('✓ valid');
  await setEditorText(page, (await editorText(page)).replace('name: Builtin crossover', 'name: User crossover'));
  const user = await run(page, 'User crossover');
  // Same signals ⇒ same trades ⇒ same metrics, card for card.
  expect(user).toEqual(builtin);
  const trades = Number((await page.getByTestId('metric-totalTrades').locator('.metric-value').innerText()).split('·')[0]!.replace(/,/g, '').trim());
  expect(trades).toBeGreaterThan(0);
  await page.getByTestId('tab-trades').click();
  await expect(page.getByTestId('trade-count')).toContainText(String(trades));
  await screenshot(page, 'strategy-lab-run');

  // A share link carries the strategy: a fresh browser (empty IndexedDB) reproduces the metrics.
  await page.getByTestId('share-button').click();
  await expect(page).toHaveURL(/#cfg=[A-Za-z0-9_-]+&ds=sp500&us=/);
  const url = page.url();
  const fresh = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const other = await fresh.newPage();
  await openStudio(other, url);
  // Someone else's code: the link asks before it runs (share.spec.ts covers the dialog).
  await other.getByTestId('share-consent-run').click();
  await expect(other.locator('.run-name')).toContainText('User crossover', { timeout: 45_000 });
  await waitForMetrics(other);
  expect(await other.getByTestId('metrics').locator('.metric-value').allInnerTexts()).toEqual(user);
  await other.getByTestId('pane-strategies').click();
  await expect(other.getByTestId('strategy-item')).toHaveText(['user:my_ma_crossover']);
  expect(pageErrors(other)).toEqual([]);
  await fresh.close();

  // Sweep the user params over their declared ranges: 4 fast × 4 slow values.
  await page.getByTestId('pane-strategies').click();
  await page.getByTestId('strategy-item').first().click();
  await page.getByTestId('use-and-sweep').click();
  // (the YAML writer's flow lists may or may not pad their brackets)
  await expect(page.locator('.cm-content')).toContainText(/params\.fast: \[ ?5, 10, 15, 20 ?\]/);
  await page.getByTestId('sweep-button').click();
  await expect(page.getByTestId('sweep-status')).toContainText('Finished · 16 / 16 points', { timeout: 90_000 });
  // fast ≥ slow is refused by the strategy's init (2 points): those fail with their params, the rest are ranked.
  await expect(page.getByTestId('sweep-status')).toContainText('2 failed');
  await expect(page.getByTestId('sweep-row')).toHaveCount(16);
  await screenshot(page, 'strategy-lab-sweep');
  expect(pageErrors(page)).toEqual([]);
});

const ENDLESS = [
  "export const params = { fast: { default: 10, min: 1, max: 100, step: 1, description: 'unused' } };",
  'export function onBar(bar: Bar, ctx: BarContext<typeof params>): void {',
  '  if (bar.close > 0) {',
  '    while (true) {}',
  '  }',
  '}',
  '',
].join('\n');

test('an endless loop in onBar is stopped with a message naming its line; the studio stays responsive', async ({ page }) => {
  await openStudio(page);
  await waitForMetrics(page);
  await newFromTemplate(page, 'momentum');
  await setEditorText(page, ENDLESS);
  await expect(page.getByTestId('compile-status')).toHaveText('✓ compiles');
  await page.getByTestId('use-in-config').click();
  await expect(page.locator('.cm-content')).toContainText('strategy: user:my_momentum');
  await page.getByTestId('run-button').click();
  // The loop runs in a worker: the page keeps answering clicks meanwhile.
  await page.getByTestId('tab-trades').click();
  await expect(page.getByTestId('tab-trades')).toHaveAttribute('aria-selected', 'true');
  await page.getByTestId('tab-overview').click();
  await expect(page.getByTestId('tab-overview')).toHaveAttribute('aria-selected', 'true');
  // The strategy opens at the failing line, marked, with the message naming strategy and line.
  const failure = page.getByTestId('strategy-failure');
  await expect(failure).toContainText("Strategy 'user:my_momentum' ran past its per-bar time limit", { timeout: 30_000 });
  await expect(failure).toContainText('at line 4');
  await expect(page.getByTestId('pane-strategies')).toHaveAttribute('aria-selected', 'true');
  // On the config side the same message is the run error.
  await page.getByTestId('pane-config').click();
  await expect(page.getByTestId('run-error')).toContainText('at line 4');
  await page.getByTestId('pane-strategies').click();
  await expect(page.locator('.cm-activeLine')).toContainText('while (true) {}');
  await expect(page.getByTestId('run-button')).toBeEnabled();
  await screenshot(page, 'strategy-lab-endless-loop');
  // The pool is still usable: fix the loop and the same config runs.
  await setEditorText(page, ENDLESS.replace('    while (true) {}', "    ctx.emitSignal(bar.symbol, 'long');"));
  await page.getByTestId('pane-config').click();
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('run-error')).toHaveCount(0);
  await waitForMetrics(page);
  expect(pageErrors(page)).toEqual([]);
});

test('a compile error is marked at its line in the strategy editor', async ({ page }) => {
  await openStudio(page);
  await waitForMetrics(page);
  await newFromTemplate(page, 'ma_crossover');
  const broken = ["export const params = {};", 'export function onBar(bar: Bar, ctx: BarContext<typeof params>): void {', '  const x = ;', '}', ''].join('\n');
  await setEditorText(page, broken);
  await expect(page.getByTestId('compile-status')).toHaveText('1 error');
  await expect(page.getByTestId('compile-errors').locator('li').first()).toContainText('3:');
  // The diagnostic underlines code on line 3 and the gutter marks that line.
  await expect(page.locator('.cm-line').nth(2).locator('.cm-lintRange-error')).toHaveCount(1);
  await expect(page.locator('.cm-lint-marker-error')).toHaveCount(1);
  await screenshot(page, 'strategy-lab-compile-error');
  // "Use in config" refuses a strategy that does not compile and says where.
  await page.getByTestId('use-in-config').click();
  await expect(page.getByTestId('strategy-message')).toContainText('line 3');

  // Fixing it clears the marks; typing `ctx.` offers the API, hovering a name shows its documentation.
  await setEditorText(page, broken.replace('  const x = ;', '  ctx'));
  await page.locator('.cm-line').nth(2).click();
  await page.keyboard.press('End');
  await page.keyboard.type('.emit');
  await expect(page.locator('.cm-tooltip-autocomplete')).toContainText('emitSignal');
  await page.keyboard.press('Escape');
  await setEditorText(page, broken.replace('  const x = ;', "  ctx.emitSignal(bar.symbol, 'long');"));
  await expect(page.getByTestId('compile-status')).toHaveText('✓ compiles');
  await expect(page.locator('.cm-lintRange-error')).toHaveCount(0);
  await page.locator('.cm-line').nth(2).getByText('emitSignal').hover();
  await expect(page.getByTestId('strategy-hover-doc')).toContainText('emitSignal(');
  expect(pageErrors(page)).toEqual([]);
});

test('an exported run carries its strategy: importing it elsewhere saves it (as <name>-2 beside a different one) and reopens runnable', async ({ page, browser }) => {
  // Two browsers, several runs and a sweep, each job with user code in a freshly started strategy worker.
  test.setTimeout(180_000);
  await openStudio(page);
  await waitForMetrics(page);
  await newFromTemplate(page, 'ma_crossover');
  await page.getByTestId('use-in-config').click();
  await setEditorText(page, crossoverStudy('Exported crossover', 'user:my_ma_crossover'));
  const metrics = await run(page, 'Exported crossover');
  await page.getByTestId('tab-runs').click();
  const row = page.getByTestId('run-row').filter({ hasText: 'Exported crossover' }).first();
  await row.getByRole('checkbox').check();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-runs').click()]);
  const zip = readFileSync((await download.path())!);

  // Another browser already has a different strategy under the same name.
  const fresh = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const other = await fresh.newPage();
  await openStudio(other);
  await waitForMetrics(other);
  await newFromTemplate(other, 'ma_crossover');
  await setEditorText(other, "export const params = {};\nexport function onBar(bar: Bar, ctx: BarContext<typeof params>): void {\n  ctx.emitSignal(bar.symbol, 'long');\n}\n");
  await expect(other.getByTestId('compile-status')).toHaveText('✓ compiles');
  await other.getByTestId('tab-runs').click();
  await other.getByTestId('import-file').setInputFiles({ name: 'run.zip', mimeType: 'application/zip', buffer: zip });
  const imported = other.getByTestId('run-row').filter({ hasText: 'Exported crossover' });
  await expect(imported).toHaveCount(1);
  await expect(other.getByTestId('strategy-item')).toHaveText(['user:my_ma_crossover', 'user:my_ma_crossover-2']);
  // Reopened, its config names the imported copy and runs to the same metrics.
  await imported.getByTestId('reopen-run').click();
  await other.getByTestId('pane-config').click();
  await expect(other.locator('.cm-content')).toContainText('strategy: user:my_ma_crossover-2');
  await setEditorText(other, (await editorText(other)).replace('name: Exported crossover', 'name: Imported crossover'));
  expect(await run(other, 'Imported crossover')).toEqual(metrics);
  expect(pageErrors(other)).toEqual([]);
  await fresh.close();
  expect(pageErrors(page)).toEqual([]);
});
