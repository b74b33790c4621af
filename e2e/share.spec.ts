import { expect, test } from '@playwright/test';
import { editorText, openStudio, pageErrors, setEditorText, waitForMetrics } from './studio-helpers';

test.use({ viewport: { width: 1280, height: 720 } });

test('a share link reproduces the same metrics in a fresh browser context', async ({ page, browser }) => {
  await openStudio(page);
  await waitForMetrics(page);
  // A config that differs from the default, so the link must carry it.
  const text = (await editorText(page)).replace(/lookback: 20 /, 'lookback: 35 ').replace('name: S&P 500 momentum', 'name: Shared study');
  await setEditorText(page, text);
  await page.keyboard.press('ControlOrMeta+Enter');
  await expect(page.locator('.run-name')).toContainText('Shared study');
  await waitForMetrics(page);
  const metrics = await page.getByTestId('metrics').locator('.metric-value').allInnerTexts();
  await page.getByTestId('share-button').click();
  await expect(page).toHaveURL(/#cfg=[A-Za-z0-9_-]+&ds=sp500/);
  const url = page.url();

  const fresh = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const other = await fresh.newPage();
  await openStudio(other, url);
  await expect(other.locator('.run-name')).toContainText('Shared study');
  await waitForMetrics(other);
  expect(await other.getByTestId('metrics').locator('.metric-value').allInnerTexts()).toEqual(metrics);
  await expect(other.locator('.cm-content')).toContainText('lookback: 35');
  // The link's config became this browser's working config: the hash is dropped and a reload keeps it.
  await expect(other).not.toHaveURL(/#cfg=/);
  await other.reload();
  await expect(other.locator('.run-name')).toContainText('Shared study');
  await waitForMetrics(other);
  expect(await other.getByTestId('metrics').locator('.metric-value').allInnerTexts()).toEqual(metrics);
  expect(pageErrors(other)).toEqual([]);
  await fresh.close();
  expect(pageErrors(page)).toEqual([]);
});
