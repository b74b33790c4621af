// Issue 14: the chain view shows the seed's other event types — what the strategy saw
// (FEATURES), its regime change (REGIME_CHANGE) and the portfolio's ORDER_REQUEST that risk
// turned into the ORDER — in causal order, for a volatility_regime strategy.
import { expect, test } from '@playwright/test';
import { openStudio, pageErrors, screenshot, setEditorText, waitForMetrics } from './studio-helpers';

test.use({ viewport: { width: 1280, height: 900 } });
test.describe.configure({ timeout: 180_000 });

const YAML = `name: regime chain
initial_capital: 100000
data:
  source: sp500
  symbols: [SPX]
  timeframes: ["1d"]
containers:
  - id: strategy_regime_1
    type: strategy
    strategy: volatility_regime
    params: {trend_period: 50, vol_period: 20, vol_threshold: 0.012}
    event_tracing:
      retention_policy: sliding_window
      max_events: 5000
      events_to_trace: [FEATURES, REGIME_CHANGE, SIGNAL]
  - id: portfolio_1
    type: portfolio
    strategies: [strategy_regime_1]
    sizing: {type: percent_equity, percent: 95}
  - id: execution_1
    type: execution
`;

const ORDER = ['FEATURES', 'REGIME_CHANGE', 'SIGNAL', 'ORDER_REQUEST', 'ORDER', 'FILL', 'POSITION_OPEN'];

test("a regime strategy's trade reads features → regime change → signal → order request → order → fill", async ({ page }) => {
  await openStudio(page);
  await waitForMetrics(page);
  await setEditorText(page, YAML);
  await expect(page.getByTestId('parse-status')).toHaveText('✓ valid');
  await page.getByTestId('run-button').click();
  await waitForMetrics(page);
  await page.getByTestId('tab-trades').click();
  const row = page.getByTestId('trade-row').first();
  await expect(row).toBeVisible({ timeout: 45_000 });
  await row.click();

  await expect(page.getByTestId('tab-chain')).toHaveAttribute('aria-selected', 'true');
  const events = page.getByTestId('chain-event');
  await expect(events.first()).toBeVisible({ timeout: 30_000 });
  const types = await events.evaluateAll((els) => els.map((e) => e.getAttribute('data-type')));
  for (const t of ORDER) expect(types).toContain(t);
  const firstAt = ORDER.map((t) => types.indexOf(t));
  expect([...firstAt].sort((a, b) => a - b)).toEqual(firstAt);
  await expect(page.getByTestId('chain-story')).toContainText('classified SPX');
  await expect(page.getByTestId('chain-story')).toContainText('bull_quiet');
  await expect(page.getByTestId('chain-story')).toContainText('requested BUY');
  await expect(page.getByTestId('chain-story')).toContainText('saw sma');
  // The regime change links to the features it was computed from, the signal to the regime change.
  expect(await page.getByTestId('chain-link').count()).toBeGreaterThanOrEqual(types.length - 2);
  await events.filter({ has: page.locator('text=REGIME_CHANGE') }).first().click();
  await expect(page.getByTestId('event-payload')).toContainText('"regime": "bull_quiet"');
  await screenshot(page, 'chain-regime');
  expect(pageErrors(page)).toEqual([]);
});
