import { expect, test } from '@playwright/test';
import { openStudio, pageErrors, screenshot, waitForMetrics } from './studio-helpers';

test.use({ viewport: { width: 1280, height: 720 } });

const ORDER = ['SIGNAL', 'ORDER', 'FILL', 'POSITION_OPEN', 'POSITION_CLOSE'];

test('clicking a trade opens its chain with all five event kinds in causal order', async ({ page }) => {
  await openStudio(page);
  await waitForMetrics(page);
  await page.getByTestId('tab-trades').click();
  const row = page.getByTestId('trade-row').nth(1);
  const tradeId = await row.getAttribute('data-trade-id');
  await row.click();

  await expect(page.getByTestId('tab-chain')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('chain-trade')).toContainText(tradeId!);
  const events = page.getByTestId('chain-event');
  await expect(events.first()).toBeVisible({ timeout: 30_000 });
  const types = await events.evaluateAll((els) => els.map((e) => e.getAttribute('data-type')));
  // Every kind is there, and the first of each comes in the order a trade lives.
  for (const t of ORDER) expect(types).toContain(t);
  const firstAt = ORDER.map((t) => types.indexOf(t));
  expect([...firstAt].sort((a, b) => a - b)).toEqual(firstAt);
  expect(types[types.length - 1]).toBe('POSITION_CLOSE');
  // The chain read as a sentence: who signalled, what filled, how it closed.
  await expect(page.getByTestId('chain-story')).toContainText('signalled LONG');
  await expect(page.getByTestId('chain-story')).toContainText('P&L');
  // Causation links join the rows.
  expect(await page.getByTestId('chain-link').count()).toBeGreaterThanOrEqual(types.length - 2);

  // An event's payload on click.
  await events.filter({ has: page.locator('text=FILL') }).first().click();
  await expect(page.getByTestId('event-payload')).toContainText('"type": "FILL"');
  await expect(page.getByTestId('event-payload')).toContainText(`"correlationId": "${tradeId}"`);
  await expect(page.getByTestId('trade-lifetimes').locator('canvas').first()).toBeVisible();
  await screenshot(page, 'chain');

  // Next/previous trade without leaving the chain.
  await page.getByTestId('next-trade').click();
  await expect(page.getByTestId('chain-trade')).not.toContainText(tradeId!);
  await expect(page.getByTestId('chain-event').last()).toHaveAttribute('data-type', 'POSITION_CLOSE');
  await page.getByTestId('prev-trade').click();
  await expect(page.getByTestId('chain-trade')).toContainText(tradeId!);

  // From the chain straight into the inspector, filtered on this trade.
  await page.getByTestId('inspect-trade-events').click();
  await expect(page.getByTestId('filter-correlation')).toHaveValue(tradeId!);
  const rowTypes = await page.getByTestId('event-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-type')));
  expect(rowTypes).toContain('POSITION_CLOSE');
  // The selected trade is highlighted on the Overview chart and can be reopened from there.
  await page.getByTestId('tab-overview').click();
  await expect(page.getByTestId('open-chain')).toBeVisible();
  await screenshot(page, 'overview-selected-trade');
  expect(pageErrors(page)).toEqual([]);
});

test('the event inspector filters, steps and replays the portfolio at each sequence', async ({ page }) => {
  await openStudio(page);
  await waitForMetrics(page);
  await page.getByTestId('tab-events').click();
  await expect(page.getByTestId('event-row').first()).toBeVisible({ timeout: 30_000 });
  // Windowed: far fewer rows in the DOM than events.
  const total = Number((await page.getByTestId('event-count').innerText()).split(' of ')[1]!.split(' ')[0]!.replace(/,/g, ''));
  expect(total).toBeGreaterThan(5000);
  expect(await page.getByTestId('event-row').count()).toBeLessThan(200);

  await page.getByTestId('filter-type').selectOption('FILL');
  await expect(page.getByTestId('event-row').first()).toHaveAttribute('data-type', 'FILL');
  // The first entry: a long position appears and cash pays for it.
  await page.getByTestId('filter-type').selectOption('POSITION_OPEN');
  await expect(page.getByTestId('replay-positions')).toContainText('long');
  const cashInTrade = await page.getByTestId('replay-cash').innerText();
  expect(cashInTrade).not.toBe('100,000.00');
  // Its exit: flat again, equity equals cash, realized P&L is the first trade's pnl.
  await page.getByTestId('filter-type').selectOption('POSITION_CLOSE');
  await expect(page.getByTestId('replay-positions')).toHaveText('flat');
  expect(await page.getByTestId('replay-equity').innerText()).toBe(await page.getByTestId('replay-cash').innerText());
  // Stepping moves to the next close.
  await page.getByTestId('step-next').click();
  await expect(page.getByTestId('replay-panel')).toContainText('2 / ');
  await page.getByTestId('filter-type').selectOption('');
  await page.getByTestId('filter-seq-from').fill('100');
  await page.getByTestId('filter-seq-to').fill('120');
  await expect(page.getByTestId('event-count')).toContainText('21 of');
  // The replay panel is fully on screen beside the table (1280×720).
  const panel = (await page.getByTestId('replay-panel').boundingBox())!;
  expect(panel.x + panel.width).toBeLessThanOrEqual(1280);
  await screenshot(page, 'events');
  expect(pageErrors(page)).toEqual([]);
});

test('the containers view shows the tree, resolved trace settings and which layer set them', async ({ page }) => {
  await openStudio(page);
  await waitForMetrics(page);
  await page.getByTestId('tab-containers').click();
  await expect(page.locator('[data-testid=container-node][data-container-id=portfolio_1]')).toBeVisible();
  await expect(page.locator('[data-testid=container-node][data-container-id=strategy_momentum_1]')).toBeVisible();
  await expect(page.getByTestId('setting-retentionPolicy')).toContainText('trade_complete');
  await expect(page.getByTestId('setting-retentionPolicy')).toContainText('portfolio_*');
  await screenshot(page, 'containers');
  expect(pageErrors(page)).toEqual([]);
});
