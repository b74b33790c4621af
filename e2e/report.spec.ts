// The standalone report end to end: written by Node from the default study on the
// bundled S&P 500 bars, then opened from disk (file://, no server, network blocked)
// in Chromium — the charts must draw and the numbers must be the engine's.
import { expect, test } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DEFAULT_CONFIG_YAML } from '../src/core/config/default-config';
import { parseStudioConfig } from '../src/core/config/parse-studio-config';
import { metricsToJson } from '../src/core/metrics-to-json';
import { runBacktestSync } from '../src/engine/run-backtest';
import { findStrategyDefinition } from '../src/engine/strategies/strategy-registry';
import { readBundledDataset } from '../src/node/bundled-data';
import { writeReport } from '../src/node/write-report';

test('a report written by Node opens offline and shows the engine’s numbers, charts and chains', async ({ page, context }) => {
  const parsed = parseStudioConfig(DEFAULT_CONFIG_YAML);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const config = { ...parsed.config, name: 'Default study <script>window.__pwned = 1</script>' };
  const data = readBundledDataset(config.data.source);
  const dir = resolve('test-results', 'report');
  mkdirSync(dir, { recursive: true });
  const written = await writeReport(join(dir, 'report.html'), config, data);

  // The engine's own numbers, from a normal run of the same config.
  const normal = runBacktestSync(config, data, { strategies: findStrategyDefinition });
  const portfolioId = normal.containerIds.find((id) => normal.containers[id]!.metrics !== undefined)!;
  const expected = metricsToJson(normal.containers[portfolioId]!.metrics!);
  const trades = normal.containers[portfolioId]!.trades;
  expect(trades.length).toBeGreaterThan(5);

  // Any request other than the file itself fails the test.
  const requests: string[] = [];
  context.on('request', (r) => requests.push(r.url()));
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(pathToFileURL(written.path).href);

  await expect(page.locator('h1')).toHaveText(config.name);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();

  // Charts: non-empty SVG paths with a real rendered size.
  for (const cls of ['equity-line', 'drawdown-area', 'price-line']) {
    const path = page.locator(`svg path.${cls}`).first();
    await expect(path).toBeVisible();
    const d = (await path.getAttribute('d')) ?? '';
    expect(d.length, cls).toBeGreaterThan(100);
    const box = await path.boundingBox();
    expect(box!.width, cls).toBeGreaterThan(300);
    expect(await path.evaluate((p) => (p as SVGPathElement).getTotalLength()), cls).toBeGreaterThan(300);
  }
  await expect(page.locator('svg .trade-marker.entry')).toHaveCount(trades.length);

  // Every metric cell holds the engine's value (raw) and it is the same number the table shows.
  const cells = await page.locator('tr[data-metric]').evaluateAll((rows) =>
    rows.map((r) => [r.getAttribute('data-metric')!, r.querySelector('td')!.getAttribute('data-value')!, r.querySelector('td')!.textContent!] as const),
  );
  expect(cells.map((c) => c[0]).sort()).toEqual(Object.keys(expected).sort());
  for (const [name, raw, shown] of cells) {
    const want = expected[name];
    if (want === null) expect(['Infinity', '-Infinity', 'NaN'], name).toContain(raw);
    else expect(Number(raw), name).toBe(want);
    expect(shown.trim().length, name).toBeGreaterThan(0);
  }
  const totalReturn = expected.total_return!;
  await expect(page.locator('tr[data-metric="total_return"] td')).toHaveText(`${(totalReturn * 100).toFixed(2)} %`);

  // One row per trade; the first trade's chain opens and reads signal → … → close.
  await expect(page.locator('tr.trade-row')).toHaveCount(trades.length);
  await page.locator('tr.trade-row').first().locator('a').click();
  const chain = page.locator('details.chain').first();
  await chain.locator('summary').click();
  const types = await chain.locator('li.chain-event').evaluateAll((li) => li.map((x) => x.getAttribute('data-type')));
  expect(types[0]).toBe('SIGNAL');
  expect(types).toContain('FILL');
  expect(types[types.length - 1]).toBe('POSITION_CLOSE');

  // The inline script sorts the trade list by PnL.
  const pnlHeader = page.locator('table.trades th', { hasText: 'PnL' });
  await pnlHeader.click();
  const pnls = await page.locator('tr.trade-row').evaluateAll((rows) => rows.map((r) => Number(r.children[8]!.getAttribute('data-sort'))));
  expect(pnls).toEqual([...pnls].sort((a, b) => a - b));

  await page.screenshot({ path: join(dir, 'report.png'), fullPage: true });
  expect(requests.filter((u) => u !== pathToFileURL(written.path).href)).toEqual([]);
  expect(errors).toEqual([]);
});
