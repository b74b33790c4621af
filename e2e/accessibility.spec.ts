// Issue 17 "Access": the studio works from the keyboard and passes an axe-core check with
// no serious or critical violation on its main views; Tab never gets trapped in the editor.
import { AxeBuilder } from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { editorText, openStudio, pageErrors, screenshot, waitForMetrics } from './studio-helpers';

test.use({ viewport: { width: 1440, height: 900 } });

async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

test('no serious or critical axe violations on the main views, in both themes', async ({ page }) => {
  // axe walks every view twice (two themes) on a shared machine: generous, not a speed check.
  test.setTimeout(480_000);
  await openStudio(page);
  await waitForMetrics(page);
  for (const theme of ['first', 'second']) {
    expect(await seriousViolations(page), `overview (${theme} theme)`).toEqual([]);
    for (const tab of ['trades', 'chain', 'events', 'containers', 'sweep', 'runs']) {
      await page.getByTestId(`tab-${tab}`).click();
      await expect(page.getByTestId(`tab-${tab}`)).toHaveAttribute('aria-selected', 'true');
      if (tab === 'trades') await expect(page.getByTestId('trade-row').first()).toBeVisible();
      await page.waitForTimeout(300);
      expect(await seriousViolations(page), `${tab} (${theme} theme)`).toEqual([]);
    }
    await page.getByTestId('tab-overview').click();
    await page.getByTestId('theme-toggle').click();
  }
  await screenshot(page, 'a11y-overview');
  expect(pageErrors(page)).toEqual([]);
});

test('Tab moves through the YAML editor instead of trapping focus; indenting with Tab is opt-in', async ({ page }) => {
  await openStudio(page);
  await waitForMetrics(page);
  const before = await editorText(page);
  await page.locator('.cm-content').click();
  await page.keyboard.press('Tab');
  // Focus left the editor and nothing was typed into it.
  await expect(page.locator('.cm-content')).not.toBeFocused();
  expect(await editorText(page)).toBe(before);
  await expect(page.getByTestId('editor-keys')).toContainText('Tab moves to the next control');

  // Opted in: Tab indents, and Esc then Tab still leaves.
  await page.getByTestId('tab-indents').check();
  await expect(page.getByTestId('editor-keys')).toContainText('Esc then Tab leaves the editor');
  await page.locator('.cm-line').first().click();
  await page.keyboard.press('Home');
  await page.keyboard.press('Tab');
  expect((await editorText(page)).split('\n')[0]).toMatch(/^\s{2}/);
  await page.keyboard.press('Escape');
  await page.keyboard.press('Tab');
  await expect(page.locator('.cm-content')).not.toBeFocused();
  await page.getByTestId('tab-indents').uncheck();
  await screenshot(page, 'a11y-editor-tab');
});

test('every control shows a focus ring, and trade rows open from the keyboard', async ({ page }) => {
  await openStudio(page);
  await waitForMetrics(page);
  // Tab from the top: each focused control draws a visible outline.
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  const seen: string[] = [];
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press('Tab');
    const ring = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      // The editor draws its ring on its frame (CodeMirror's content has no outline of its own).
      const cs = getComputedStyle(el.closest('.yaml-editor') ?? el);
      return { what: el.getAttribute('data-testid') ?? el.tagName, outline: cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 1 };
    });
    if (!ring) continue;
    seen.push(ring.what);
    expect(ring.outline, `${ring.what} shows where the keyboard is`).toBe(true);
  }
  expect(seen).toContain('run-button');

  await page.getByTestId('tab-trades').click();
  const row = page.getByTestId('trade-row').nth(2);
  await row.focus();
  await expect(row).toBeFocused();
  const id = await row.getAttribute('data-trade-id');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('tab-chain')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('chain-event').first()).toBeVisible({ timeout: 30_000 });
  await expect(page.locator('code', { hasText: id! })).toBeVisible();
  await screenshot(page, 'a11y-trade-row-keyboard');
});
