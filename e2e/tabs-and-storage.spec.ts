// Edits that must not vanish: a save refused by a full browser storage is shown and its copy
// wins on reload over the older IndexedDB one; two tabs see each other's saves and the user
// chooses whose config to keep.
import { expect, test, type Page } from '@playwright/test';
import { editorText, openStudio, pageErrors, setEditorText, waitForMetrics } from './studio-helpers';

test.use({ viewport: { width: 1280, height: 800 } });

async function rename(page: Page, name: string): Promise<void> {
  const text = (await editorText(page)).replace(/^name: .*$/m, `name: ${name}`);
  expect(text).toContain(`name: ${name}`);
  await setEditorText(page, text);
  await expect(page.getByTestId('parse-status')).toHaveText('✓ valid');
}

test('with storage full the failed save is shown and the newest edit wins on reload', async ({ page }) => {
  test.setTimeout(180_000);
  // IndexedDB "full" on demand: every put into the configs store throws QuotaExceededError,
  // as Chromium does when the origin's quota is used up.
  await page.addInitScript(() => {
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      if ((window as unknown as { __storageFull?: boolean }).__storageFull && this.name === 'configs') {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      }
      return put.apply(this, args);
    };
  });
  await openStudio(page);
  await waitForMetrics(page);
  await rename(page, 'Saved while there was room');
  await expect(page.getByTestId('config-save-error')).toHaveCount(0);
  await page.waitForTimeout(500);

  await page.evaluate(() => ((window as unknown as { __storageFull?: boolean }).__storageFull = true));
  await rename(page, 'Edited while storage was full');
  await expect(page.getByTestId('config-save-error')).toContainText('browser storage is full');
  await expect(page.getByTestId('config-save-error')).toContainText('local storage');

  // Reload (storage has room again): the newer edit comes back, not the older IndexedDB copy.
  await page.reload();
  await expect(page.getByTestId('studio')).toBeVisible();
  await expect(page.locator('.cm-content')).toContainText('name: Edited while storage was full');
  await expect(page.getByTestId('config-save-error')).toHaveCount(0);
  // …and it is in IndexedDB again: a second reload still has it.
  await page.reload();
  await expect(page.locator('.cm-content')).toContainText('name: Edited while storage was full');
  expect(pageErrors(page)).toEqual([]);
});

test('two tabs see each other’s saves and the user chooses whose config to keep', async ({ context }) => {
  test.setTimeout(240_000);
  const a = await context.newPage();
  await openStudio(a);
  await waitForMetrics(a);
  const b = await context.newPage();
  await openStudio(b);
  await waitForMetrics(b);
  await expect(a.getByTestId('config-conflict')).toHaveCount(0);
  await expect(b.getByTestId('config-conflict')).toHaveCount(0);

  // A edits: B is told, and loads A's version.
  await rename(a, 'Edited in tab A');
  await expect(b.getByTestId('config-conflict')).toContainText('This config was changed in another tab');
  await b.getByTestId('config-conflict-load-theirs').click();
  await expect(b.locator('.cm-content')).toContainText('name: Edited in tab A');
  await expect(b.getByTestId('config-conflict')).toHaveCount(0);
  // B loading A's text is no news to A.
  await a.waitForTimeout(500);
  await expect(a.getByTestId('config-conflict')).toHaveCount(0);

  // B edits: A is told and keeps its own; B in turn is told A saved again.
  await rename(b, 'Edited in tab B');
  await expect(a.getByTestId('config-conflict')).toBeVisible();
  await a.getByTestId('config-conflict-keep-mine').click();
  await expect(a.locator('.cm-content')).toContainText('name: Edited in tab A');
  await expect(b.getByTestId('config-conflict')).toBeVisible();

  // The choice made last is what a reload opens.
  await b.reload();
  await expect(b.getByTestId('studio')).toBeVisible();
  await expect(b.locator('.cm-content')).toContainText('name: Edited in tab A');
  expect(pageErrors(a)).toEqual([]);
  expect(pageErrors(b)).toEqual([]);
});
