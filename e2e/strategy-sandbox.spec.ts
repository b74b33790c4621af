// Hostile strategies in the real studio (Chromium, the built app under its CSP): each is
// written in the strategy editor, used in the config and run. A loopback HTTP server
// started here counts every request that reaches it: none may. Each attack fails with a
// clear error naming the strategy and its line (or does not compile, at its line), and a
// clean run afterwards gives the same metrics as before. A catastrophic regular expression
// is ended by the watchdog outside the strategy worker, naming the bar and the line.
import { expect, test, type Page } from '@playwright/test';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { openStudio, pageErrors, setEditorText, waitForMetrics } from './studio-helpers';

test.use({ viewport: { width: 1280, height: 800 } });

let server: Server;
let requests: string[] = [];
let url = '';

test.beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

test.beforeEach(() => {
  requests = [];
});

/** A strategy whose onBar runs `body` at line 4 on every bar. */
function hostile(body: string): string {
  return ['export const params = { period: { default: 10, min: 2, max: 50 } };', 'export function onBar(bar, ctx) {', '  if (bar.close > 0) {', `    ${body}`, '  }', '}', ''].join('\n');
}

async function useStrategy(page: Page, source: string): Promise<void> {
  await page.getByTestId('pane-strategies').click();
  if ((await page.getByTestId('strategy-editor').count()) === 0) {
    await page.getByTestId('template-select').selectOption('momentum');
    await page.getByTestId('new-strategy').click();
  }
  await expect(page.getByTestId('strategy-editor')).toBeVisible();
  await setEditorText(page, source);
}

async function runExpectingFailure(page: Page, source: string): Promise<string> {
  await useStrategy(page, source);
  await expect(page.getByTestId('compile-status')).toHaveText('✓ compiles');
  await page.getByTestId('use-in-config').click();
  await page.getByTestId('run-button').click();
  const failure = page.getByTestId('strategy-failure');
  await expect(failure).toContainText("Strategy 'user:my_momentum'", { timeout: 60_000 });
  return failure.innerText();
}

const ATTACKS: [string, string, RegExp][] = [
  ['fetch', `fetch('${'URL'}/fetch');`, /ReferenceError|TypeError/],
  ['fetch through globalThis', `globalThis.fetch('${'URL'}/global');`, /TypeError/],
  ['WebSocket', `new WebSocket('${'URL'}'.replace('http', 'ws'));`, /TypeError|ReferenceError/],
  ['EventSource', `new EventSource('${'URL'}/es');`, /TypeError|ReferenceError/],
  ['FontFace', `new FontFace('x', 'url(${'URL'}/font)').load();`, /TypeError|ReferenceError/],
  ['fonts', `fonts.add(null);`, /TypeError|ReferenceError/],
  ['a receiver-less Web IDL call', `EventTarget.prototype.dispatchEvent.call(undefined, new Event('message'));`, /TypeError|ReferenceError/],
  ['a message listener for later jobs', `addEventListener('message', (e) => globalThis.fetch('${'URL'}/' + e.data));`, /TypeError|ReferenceError/],
  ['a timer that outlives the run', `setTimeout(() => globalThis.fetch('${'URL'}/later'), 0);`, /TypeError|ReferenceError/],
  ['sloppy this', `(function () { return this; })().fetch('${'URL'}/this');`, /TypeError/],
  ['arguments.callee', `(function () { return arguments.callee.caller; })();`, /TypeError/],
  ['Error.prepareStackTrace', `Error.prepareStackTrace = () => globalThis.fetch('${'URL'}/pst'); null.x;`, /TypeError/],
  ['Array.prototype.push replaced', `Array.prototype.push = () => 0;`, /read only|TypeError/],
  ['Date through its prototype chain', `Object.getPrototypeOf(Date).now();`, /secure mode|wall clock/],
  ['Intl wall clock', `Intl.DateTimeFormat().format();`, /TypeError|ReferenceError/],
];

const CLEAN = hostile(`if (bar.close > 100) ctx.emitSignal(bar.symbol, 'long'); else ctx.emitSignal(bar.symbol, 'flat');`);

async function cleanRun(page: Page): Promise<string[]> {
  await useStrategy(page, CLEAN);
  await expect(page.getByTestId('compile-status')).toHaveText('✓ compiles');
  await page.getByTestId('use-in-config').click();
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('run-error')).toHaveCount(0, { timeout: 60_000 });
  await waitForMetrics(page);
  return page.getByTestId('metrics').locator('.metric-value').allInnerTexts();
}

test('hostile strategies fail at their line, reach no server, and leave the next run as a clean one', async ({ page }) => {
  test.setTimeout(600_000);
  await openStudio(page);
  await waitForMetrics(page);
  const before = await cleanRun(page);
  for (const [name, body, kind] of ATTACKS) {
    const text = await runExpectingFailure(page, hostile(body.replaceAll('URL', url)));
    expect([name, text]).toEqual([name, expect.stringMatching(/line 4/)]);
    expect([name, text]).toEqual([name, expect.stringMatching(kind)]);
    expect([name, requests]).toEqual([name, []]);
  }
  expect(await cleanRun(page)).toEqual(before);
  expect(requests).toEqual([]);
  expect(pageErrors(page)).toEqual([]);
});

test('import() and <!-- do not compile, at their line', async ({ page }) => {
  test.setTimeout(120_000);
  await openStudio(page);
  await waitForMetrics(page);
  for (const body of [`import('${url}/import');`, `const a = 1 <!-- fetch('${url}/html');`]) {
    await useStrategy(page, hostile(body));
    await expect(page.getByTestId('compile-status')).toHaveText('1 error');
    await expect(page.getByTestId('compile-errors').locator('li').first()).toContainText('4:');
  }
  expect(requests).toEqual([]);
});

test('a catastrophic regular expression is ended from outside at its bar and line; the studio runs on', async ({ page }) => {
  test.setTimeout(180_000);
  await openStudio(page);
  await waitForMetrics(page);
  const text = await runExpectingFailure(page, hostile(`/(a+)+$/.test('a'.repeat(40) + 'b');`));
  expect(text).toMatch(/ran past its per-bar time limit of 500 ms at line 2/);
  expect(text).toMatch(/on bar 1 \(/);
  expect(text).toMatch(/stopped from outside/);
  await useStrategy(page, hostile(`ctx.emitSignal(bar.symbol, 'long');`));
  await page.getByTestId('pane-config').click();
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('run-error')).toHaveCount(0, { timeout: 60_000 });
  await waitForMetrics(page);
  expect(requests).toEqual([]);
});

test('determinism: a strategy using Math.random and dates gives identical metrics three times', async ({ page }) => {
  test.setTimeout(240_000);
  await openStudio(page);
  await waitForMetrics(page);
  await useStrategy(page, hostile(`if (Math.random() < 0.1 && new Date(bar.timestamp).getUTCDay() !== 3) ctx.emitSignal(bar.symbol, Math.random() < 0.5 ? 'long' : 'flat');`));
  await expect(page.getByTestId('compile-status')).toHaveText('✓ compiles');
  await page.getByTestId('use-in-config').click();
  const runs: string[][] = [];
  for (let i = 0; i < 3; i++) {
    await page.getByTestId('pane-config').click();
    await page.getByTestId('run-button').click();
    await waitForMetrics(page);
    await expect(page.getByTestId('run-error')).toHaveCount(0);
    runs.push(await page.getByTestId('metrics').locator('.metric-value').allInnerTexts());
  }
  expect(runs[1]).toEqual(runs[0]);
  expect(runs[2]).toEqual(runs[0]);
  expect(requests).toEqual([]);
});
