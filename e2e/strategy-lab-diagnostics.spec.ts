// The strategy editor reports what TypeScript finds (an undefined function, a wrong type)
// before anything runs, and a strategy fixed after a runtime failure loses that failure's
// message and marker once it runs.
import { expect, test, type Page } from '@playwright/test';
import { openStudio, pageErrors, screenshot, setEditorText, waitForMetrics } from './studio-helpers';

test.use({ viewport: { width: 1280, height: 900 } });
test.describe.configure({ timeout: 180_000 });

const GOOD = [
  "export const params = { lookback: { default: 20, min: 2, max: 200, step: 1, description: 'bars' } };",
  'export function onBar(bar: Bar, ctx: BarContext<typeof params>): void {',
  "  ctx.emitSignal(bar.symbol, bar.close > 0 ? 'long' : 'flat');",
  '}',
  '',
].join('\n');

async function newStrategy(page: Page): Promise<void> {
  await page.getByTestId('pane-strategies').click();
  await page.getByTestId('template-select').selectOption('momentum');
  await page.getByTestId('new-strategy').click();
  await expect(page.getByTestId('strategy-editor')).toBeVisible();
}

test('calling an undefined function or passing a wrong type is a TypeScript error in the editor, before any run', async ({ page }) => {
  await openStudio(page);
  await waitForMetrics(page);
  await newStrategy(page);
  // The template is clean.
  await expect(page.getByTestId('type-status')).toHaveText('✓ types', { timeout: 60_000 });

  await setEditorText(page, GOOD.replace("  ctx.emitSignal(bar.symbol, bar.close > 0 ? 'long' : 'flat');", "  const s = smoothed(bar.close);\n  ctx.emitSignal(bar.symbol, s > 0 ? 'long' : 'flat');"));
  // It parses (the compiler alone would let it through to the run)…
  await expect(page.getByTestId('compile-status')).toHaveText('✓ compiles');
  // …but the type checker names the missing function at its line, marked in the editor.
  await expect(page.getByTestId('type-status')).toHaveText('1 type error', { timeout: 30_000 });
  await expect(page.getByTestId('type-errors')).toContainText("3:13 Cannot find name 'smoothed'.");
  await expect(page.locator('[data-testid="strategy-editor"] .cm-lintRange-error')).toHaveCount(1);
  await expect(page.locator('[data-testid="strategy-editor"] .cm-lintRange-error')).toHaveText('smoothed');
  await screenshot(page, 'strategy-lab-type-error');

  await setEditorText(page, GOOD.replace("'long' : 'flat'", "'long' : 'sideways'"));
  await expect(page.getByTestId('type-errors')).toContainText('"sideways"', { timeout: 30_000 });

  await setEditorText(page, GOOD);
  await expect(page.getByTestId('type-status')).toHaveText('✓ types', { timeout: 30_000 });
  await expect(page.getByTestId('type-errors')).toHaveCount(0);
  await expect(page.locator('[data-testid="strategy-editor"] .cm-lintRange-error')).toHaveCount(0);
  expect(pageErrors(page)).toEqual([]);
});

test('a strategy fixed after a runtime failure clears the failure and its marker once it runs', async ({ page }) => {
  await openStudio(page);
  await waitForMetrics(page);
  await newStrategy(page);
  await setEditorText(page, GOOD.replace('  ctx.emitSignal(', "  if (bar.close > 0) throw new Error('boom');\n  ctx.emitSignal("));
  await expect(page.getByTestId('compile-status')).toHaveText('✓ compiles');
  await page.getByTestId('use-in-config').click();
  await expect(page.locator('.cm-content')).toContainText('strategy: user:my_momentum');
  await page.getByTestId('run-button').click();
  const failure = page.getByTestId('strategy-failure');
  await expect(failure).toContainText('boom', { timeout: 45_000 });
  await expect(failure).toContainText('Line 3');
  await expect(page.locator('[data-testid="strategy-editor"] .cm-lintRange-error')).toHaveCount(1);

  // Fixed: the throw is gone. Running it clears the message and the line's marker.
  await setEditorText(page, GOOD);
  await expect(page.getByTestId('compile-status')).toHaveText('✓ compiles');
  await page.getByTestId('run-button').click();
  await waitForMetrics(page);
  await expect(page.getByTestId('run-error')).toHaveCount(0);
  await page.getByTestId('pane-strategies').click();
  await expect(failure).toHaveCount(0);
  await expect(page.getByTestId('type-status')).toHaveText('✓ types', { timeout: 30_000 });
  await expect(page.locator('[data-testid="strategy-editor"] .cm-lintRange-error')).toHaveCount(0);
  expect(pageErrors(page)).toEqual([]);
});
