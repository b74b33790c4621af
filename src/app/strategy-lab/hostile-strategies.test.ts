// Hostile strategies through the same path the studio uses (the worker API handing jobs
// to the strategy job runner; in-process here, in this locked-down realm): each fails at
// its line with a clear error or has no effect, a later clean run equals a run before it,
// one strategy cannot change another's results in the same run, and the same job run
// three times gives byte-identical metrics.
import { describe, expect, it } from 'vitest';
import type { StudioConfig } from '../../core/config/studio-config';
import { generateSyntheticBars } from '../../engine/data/synthetic-bars';
import type { PointOutcome } from '../../engine/optimization/pool-protocol';
import { testConfig } from '../../engine/optimization/test-config';
import { USER_STRATEGY_TEMPLATES } from '../../engine/user-strategy/user-strategy-templates';
import { createBacktestWorkerApi } from '../workers/backtest-worker-api';
import { inProcessStrategySessions } from '../workers/strategy-job';
import { strategyJobRunner } from '../workers/strategy-worker-runner';
import { lockdownStrategyRealm } from './strategy-realm';

lockdownStrategyRealm();

const dataset = generateSyntheticBars({ seed: 5, symbols: ['AAA'], days: 400, timeframes: ['1d'] });
const MA = USER_STRATEGY_TEMPLATES.find((t) => t.builtin === 'ma_crossover')!.source;

function userConfig(name: string): StudioConfig {
  const base = testConfig();
  return { ...base, containers: base.containers.map((c) => (c.type === 'strategy' ? { ...c, strategy: `user:${name}` } : c)) };
}

function hostile(body: string): string {
  return ['export const params = { fast: { default: 5 }, slow: { default: 20 } };', 'export function onBar(bar, ctx) {', '  if (bar.close > 0) {', `    ${body}`, '  }', '}', ''].join('\n');
}

async function api() {
  const a = createBacktestWorkerApi(undefined, strategyJobRunner(inProcessStrategySessions()));
  await a.loadDataset({ kind: 'dataset', dataset });
  return a;
}

type Api = Awaited<ReturnType<typeof api>>;

function job(a: Api, name: string, source: string): Promise<PointOutcome> {
  return a.runJob({ config: userConfig(name), datasetId: dataset.id, detail: 'metrics', userStrategies: [{ name, source }] });
}

function fingerprint(o: PointOutcome): string {
  if (!o.ok) throw new Error(`run failed: ${o.error.message}`);
  return JSON.stringify({ metrics: o.metrics, trades: o.trades, events: o.eventsPublished });
}

describe('hostile strategies', () => {
  it.each([
    ['fetch', "fetch('http://127.0.0.1:9/x');", /TypeError|ReferenceError/],
    ['fetch through globalThis', "globalThis.fetch('http://127.0.0.1:9/x');", /TypeError/],
    ['WebSocket', "new WebSocket('ws://127.0.0.1:9');", /TypeError|ReferenceError/],
    ['EventSource', "new EventSource('http://127.0.0.1:9');", /TypeError|ReferenceError/],
    ['FontFace', "new FontFace('x', 'url(http://127.0.0.1:9/f)');", /TypeError|ReferenceError/],
    ['fonts', 'fonts.add(null);', /TypeError|ReferenceError/],
    ['receiver-less Web IDL', "EventTarget.prototype.dispatchEvent.call(undefined, new Event('message'));", /TypeError|ReferenceError/],
    ['message listener for later jobs', "addEventListener('message', (e) => e);", /TypeError|ReferenceError/],
    ['a timer that outlives the run', "setTimeout(() => 0, 0);", /TypeError|ReferenceError/],
    ['sloppy this', '(function () { return this; })().x;', /TypeError/],
    ['arguments.callee', '(function () { return arguments.callee; })();', /TypeError/],
    ['Array.prototype.push replaced', 'Array.prototype.push = () => 0;', /read only/],
    ['Object.prototype polluted', "Object.prototype.polluted = 1;", /not extensible/],
    ['Date prototype chain', 'Object.getPrototypeOf(Date).now();', /secure mode/],
    ['Date constructor via a date', 'new (new Date(0).constructor)();', /wall clock/],
    ['Intl wall clock', 'Intl.DateTimeFormat().format();', /TypeError|ReferenceError/],
    ['Function from strings', "(0, [].map.constructor)('return 1')();", /not a valid constructor/],
    ['a proxy as the symbol', "ctx.emitSignal(new Proxy({}, { get: () => () => 'AAA' }), 'long');", /not one of this strategy/],
  ])('%s fails at its line, and a later clean run equals a clean run before it', async (_name, body, kind) => {
    const a = await api();
    const before = fingerprint(await job(a, 'clean', MA));
    const out = await job(a, 'bad', hostile(body));
    expect(out.ok).toBe(false);
    if (!out.ok) {
      expect(out.error.message).toMatch(/Strategy 'user:bad' failed in onBar at line 4/);
      expect(out.error.message).toMatch(kind);
    }
    expect(fingerprint(await job(a, 'clean', MA))).toBe(before);
  });

  it('Error.prepareStackTrace set by a strategy is never called, and its error keeps its line', async () => {
    const a = await api();
    const out = await job(a, 'pst', hostile("Error.prepareStackTrace = () => { throw new Error('hijacked'); }; null.x;"));
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.error.message).toMatch(/line 4.*TypeError/);
  });

  it('a strategy replacing Array.prototype.push cannot change another strategy in the same run', async () => {
    const a = await api();
    const base = testConfig();
    const strategies = base.containers.filter((c) => c.type === 'strategy');
    expect(strategies.length).toBeGreaterThan(0);
    const metricsOf = (o: PointOutcome) => (o.ok ? JSON.stringify(o.metrics) : o.error.message);
    const alone = metricsOf(await job(a, 'ma', MA));
    const attacker = ['export function onBar(bar, ctx) {', '  try { Array.prototype.push = () => 0; } catch (e) {}', '}', ''].join('\n');
    // The attacker runs first in the same backtest: a second strategy container feeding nothing.
    const config: StudioConfig = {
      ...base,
      containers: [
        { ...strategies[0]!, id: 'attacker_1', strategy: 'user:attacker', params: {} } as StudioConfig['containers'][number],
        ...base.containers.map((c) => (c.type === 'strategy' ? { ...c, strategy: 'user:ma' } : c)),
      ],
    };
    const both = await a.runJob({ config, datasetId: dataset.id, detail: 'metrics', userStrategies: [{ name: 'ma', source: MA }, { name: 'attacker', source: attacker }] });
    expect(both.ok).toBe(true);
    expect(metricsOf(both)).toBe(alone);
  });

  it('determinism: the same strategy (Math.random, dates) run three times gives byte-identical results', async () => {
    const a = await api();
    const source = hostile("if (Math.random() < 0.2 && new Date(bar.timestamp).getUTCDay() !== 3) ctx.emitSignal(bar.symbol, Math.random() < 0.5 ? 'long' : 'flat');");
    const runs = [];
    for (let i = 0; i < 3; i++) runs.push(fingerprint(await job(a, 'rnd', source)));
    expect(runs[1]).toBe(runs[0]);
    expect(runs[2]).toBe(runs[0]);
  });
});
