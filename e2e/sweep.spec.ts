import { expect, test } from '@playwright/test';
import { editorText, openStudio, pageErrors, screenshot, setEditorText, waitForMetrics } from './studio-helpers';

test.use({ viewport: { width: 1280, height: 720 } });

test('a sweep fills the ranked table and the heatmap; a row or a cell opens that backtest', async ({ page }) => {
  await openStudio(page);
  await waitForMetrics(page);
  // The default study sweeps lookback (5 values) × threshold (3 values).
  await page.getByTestId('sweep-button').click();
  await expect(page.getByTestId('sweep-status')).toContainText('Finished · 15 / 15 points', { timeout: 60_000 });
  await expect(page.getByTestId('sweep-row')).toHaveCount(15);
  await expect(page.getByTestId('heatmap-caption')).toHaveAttribute('data-cells', '15');
  await expect(page.getByTestId('sweep-heatmap').locator('canvas').first()).toBeVisible();
  await screenshot(page, 'sweep');

  // Ranked: the first row's objective is the best of all.
  const objectives = await page.getByTestId('sweep-row').evaluateAll((rows) =>
    rows.map((r) => Number((r.children[3] as HTMLElement).innerText.replace(/,/g, ''))),
  );
  expect(objectives[0]).toBe(Math.max(...objectives));

  // Open the best point: a full run with those parameters, on the Overview.
  const best = page.getByTestId('sweep-row').first();
  const lookback = await best.locator('span').nth(1).innerText();
  await best.click();
  await expect(page.getByTestId('tab-overview')).toHaveAttribute('aria-selected', 'true');
  await waitForMetrics(page);
  await expect(page.getByTestId('metric-sharpeRatio')).toContainText(objectives[0]!.toFixed(2));
  await expect(page.getByTestId('run-params')).toContainText(`lookback=${lookback}`);

  // A heatmap cell opens its backtest too: the middle cell is lookback 40 × threshold 0.01.
  await page.getByTestId('tab-sweep').click();
  const box = (await page.getByTestId('sweep-heatmap').boundingBox())!;
  // Plot area: grid left/right 90 px, top 16, bottom 56 (see SweepTab).
  await page.mouse.click(box.x + 90 + (box.width - 180) / 2, box.y + 16 + (box.height - 72) / 2);
  await expect(page.getByTestId('run-params')).toContainText('lookback=40, threshold=0.01');
  await waitForMetrics(page);
  expect(pageErrors(page)).toEqual([]);
});

test('cancel stops a long sweep and the studio stays usable', async ({ page }) => {
  await openStudio(page);
  await waitForMetrics(page);
  const text = (await editorText(page)).replace(
    /strategy_momentum_1\.params\.lookback: .*/,
    // 3,588 points: long enough (seconds) that Escape lands mid-sweep however fast the engine is.
    'strategy_momentum_1.params.lookback: {from: 5, to: 1200, step: 1}',
  );
  await setEditorText(page, text);
  await expect(page.getByTestId('parse-status')).toHaveText('✓ valid');
  await page.getByTestId('sweep-button').click();
  await expect(page.getByTestId('progress-text')).toContainText('/3,588 points', { timeout: 30_000 });
  await expect.poll(async () => Number((await page.getByTestId('progress-text').innerText()).split('/')[0]!.replace(/,/g, ''))).toBeGreaterThan(0);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('sweep-status')).toContainText('Cancelled');
  await expect(page.getByTestId('progress')).toHaveCount(0);
  const status = await page.getByTestId('sweep-status').innerText();
  const done = Number(status.split('·')[1]!.split('/')[0]!.replace(/,/g, '').trim());
  expect(done).toBeLessThan(3588);
  // Nothing keeps running after the cancel.
  await page.waitForTimeout(1500);
  await expect(page.getByTestId('sweep-status')).toHaveText(status);
  await screenshot(page, 'sweep-cancelled');
  // And the next run works.
  await page.getByTestId('run-button').click();
  await waitForMetrics(page);
  expect(pageErrors(page)).toEqual([]);
});

test('a multi-phase sweep keeps every phase’s points, the later phase built on the best of the first', async ({ page }) => {
  await openStudio(page);
  await waitForMetrics(page);
  const text = (await editorText(page)).replace(
    /optimization:[\s\S]*$/,
    `optimization:
  objective: sharpe_ratio
  phases:
    - name: explore
      parameters:
        strategy_momentum_1.params.lookback: [10, 20, 40, 60, 120]
    - name: refine
      top_n: 2
      parameters:
        strategy_momentum_1.params.threshold: [0, 0.01]
`,
  );
  await setEditorText(page, text);
  await expect(page.getByTestId('parse-status')).toHaveText('✓ valid');
  await page.getByTestId('sweep-button').click();
  await expect(page.getByTestId('sweep-status')).toContainText('Finished · 9 / 9 points', { timeout: 60_000 });
  const phases = await page.getByTestId('sweep-row').evaluateAll((rows) => rows.map((r) => (r.children[1] as HTMLElement).innerText));
  expect(phases.filter((p) => p === 'explore')).toHaveLength(5);
  expect(phases.filter((p) => p === 'refine')).toHaveLength(4);
  // Refine points carry the lookback of one of the two best explore points.
  const rows = await page.getByTestId('sweep-row').evaluateAll((els) =>
    els.map((r) => [...r.children].slice(1, 5).map((c) => (c as HTMLElement).innerText)),
  );
  const explore = rows.filter((r) => r[0] === 'explore');
  const bestTwo = explore.slice(0, 2).map((r) => r[1]); // ranked: best first
  for (const r of rows.filter((x) => x[0] === 'refine')) expect(bestTwo).toContain(r[1]);
  await screenshot(page, 'sweep-phases');

  // Opening a refine point runs it under that point's container ids (the seed's phase naming),
  // so "portfolio_refine_*" trace settings would apply exactly as in the sweep.
  await page.getByTestId('sweep-row').filter({ hasText: 'refine' }).first().click();
  await expect(page.getByTestId('tab-overview')).toHaveAttribute('aria-selected', 'true');
  await waitForMetrics(page);
  await page.getByTestId('tab-containers').click();
  await expect(page.getByTestId('containers-tab')).toContainText(/portfolio_refine_\d/);
  expect(pageErrors(page)).toEqual([]);
});

test('the worker count is picked in the Sweep tab, kept across a reload, and a sweep runs on that many', async ({ page }) => {
  const live = new Set<import('@playwright/test').Worker>();
  page.on('worker', (w) => {
    if (!/backtest\.worker/.test(w.url())) return;
    live.add(w);
    w.on('close', () => live.delete(w));
  });
  await openStudio(page);
  await waitForMetrics(page);
  await page.getByTestId('tab-sweep').click();
  await page.getByTestId('pool-size').selectOption('2');
  await page.getByTestId('sweep-button').click();
  await expect(page.getByTestId('sweep-status')).toContainText('Finished · 15 / 15 points', { timeout: 60_000 });
  await expect(page.getByTestId('sweep-status')).toContainText('· 2 workers');
  expect(live.size).toBe(2);

  // Back to one: the two are terminated, the next sweep starts one.
  await page.getByTestId('pool-size').selectOption('1');
  await page.getByTestId('sweep-button').click();
  await expect(page.getByTestId('sweep-status')).toContainText('Finished · 15 / 15 points · ', { timeout: 60_000 });
  await expect(page.getByTestId('sweep-status')).toContainText('· 1 worker');
  await expect.poll(() => live.size).toBe(1);

  await page.reload();
  await waitForMetrics(page);
  await page.getByTestId('tab-sweep').click();
  await expect(page.getByTestId('pool-size')).toHaveValue('1');
  expect(pageErrors(page)).toEqual([]);
});


test('the last sweep’s table comes back after a reload', async ({ page }) => {
  await openStudio(page);
  await waitForMetrics(page);
  await page.getByTestId('sweep-button').click();
  await expect(page.getByTestId('sweep-status')).toContainText('Finished · 15 / 15 points', { timeout: 60_000 });
  const before = await page.getByTestId('sweep-row').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).innerText));
  expect(before).toHaveLength(15);

  await page.reload();
  await waitForMetrics(page);
  await page.getByTestId('tab-sweep').click();
  await expect(page.getByTestId('sweep-status')).toContainText('Finished · 15 / 15 points');
  // The same ranked rows: parameters and metrics as they were.
  await expect(page.getByTestId('sweep-row')).toHaveCount(15);
  expect(await page.getByTestId('sweep-row').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).innerText))).toEqual(before);
  await expect(page.getByTestId('heatmap-caption')).toHaveAttribute('data-cells', '15');
  expect(pageErrors(page)).toEqual([]);
});
