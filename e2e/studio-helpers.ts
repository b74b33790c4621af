// Shared steps of the studio's end-to-end tests: open a fresh studio, wait for a
// run's metrics, type into the CodeMirror editor, save a screenshot of a view.
import { expect, type Page } from '@playwright/test';

export async function openStudio(page: Page, path = './'): Promise<void> {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  (page as Page & { __errors?: string[] }).__errors = errors;
  await page.goto(path);
  await expect(page.getByTestId('studio')).toBeVisible();
}

export function pageErrors(page: Page): string[] {
  return (page as Page & { __errors?: string[] }).__errors ?? [];
}

export async function waitForMetrics(page: Page): Promise<void> {
  await expect(page.getByTestId('metrics')).toBeVisible({ timeout: 45_000 });
  await expect(page.getByTestId('run-button')).toBeEnabled({ timeout: 45_000 });
}

/** Replaces the editor's whole text (select all + type, as a user would paste). */
export async function setEditorText(page: Page, text: string): Promise<void> {
  const content = page.locator('.cm-content');
  await content.click();
  // Paste over the whole selection: one undoable change, like a user pasting a config.
  await page.keyboard.press('ControlOrMeta+A');
  await content.evaluate((el, t) => {
    const dt = new DataTransfer();
    dt.setData('text/plain', t);
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  }, text);
}

/**
 * The editor's whole text: from CodeMirror's own document (its DOM renders only the lines near
 * the viewport, so a long config read line by line would come back cut), else line by line.
 */
export async function editorText(page: Page): Promise<string> {
  return page.locator('.cm-content').evaluate((el) => {
    const tile = (el as HTMLElement & { cmTile?: { root?: { view?: { state: { doc: { toString(): string } } } } } }).cmTile;
    const doc = tile?.root?.view?.state.doc;
    return doc ? doc.toString() : [...el.querySelectorAll('.cm-line')].map((l) => l.textContent ?? '').join('\n');
  });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `test-results/screens/${name}.png` });
}
