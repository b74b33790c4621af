import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseStudioConfig } from '../core/config/parse-studio-config';
import { runBacktestSync } from '../engine/run-backtest';
import { findStrategyDefinition } from '../engine/strategies/strategy-registry';
import { barsFrom, dataset } from '../engine/testing/backtest-fixtures';
import { renderReportHtml } from '../report/render-report-html';
import { writeReport } from './write-report';

const YAML = `
name: Report <test>
data: {source: 'csv:wave', timeframes: ["1d"]}
execution: {commission_per_trade: 1}
containers:
  - {id: strategy_1, type: strategy, strategy: ma_crossover, params: {fast: 3, slow: 8}}
  - {id: portfolio_1, type: portfolio, strategies: [strategy_1], sizing: {type: fixed, quantity: 10}}
  - {id: execution_1, type: execution}
trace_settings:
  container_settings:
    "*": {retention_policy: minimal}
`;

// A slow wave: the 3/8 SMA crossover trades it a few times.
const closes = Array.from({ length: 200 }, (_, i) => 100 + 10 * Math.sin(i / 6));
const data = dataset(barsFrom('WAVE', closes.map((c) => [c, c + 0.5, c - 0.5, c] as const)));

let dir: string | undefined;
afterEach(() => {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('writeReport', () => {
  it('writes the fully traced run as one HTML file whose numbers equal a normal run', async () => {
    const parsed = parseStudioConfig(YAML);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    dir = mkdtempSync(join(tmpdir(), 'report-'));
    const path = join(dir, 'nested', 'out.html');
    const written = await writeReport(path, parsed.config, data);
    const html = readFileSync(path, 'utf8');
    expect(written.path).toBe(path);
    expect(written.bytes).toBe(Buffer.byteLength(html));
    expect(html).toBe(renderReportHtml({ result: written.result, dataset: data }));
    // The config keeps almost nothing ('minimal'); the report run kept every chain anyway.
    const normal = runBacktestSync(parsed.config, data, { strategies: findStrategyDefinition });
    const trades = normal.containers.portfolio_1!.trades;
    expect(trades.length).toBeGreaterThanOrEqual(3);
    expect(written.result.containers.portfolio_1!.metrics).toEqual(normal.containers.portfolio_1!.metrics);
    expect(html.match(/<tr class="trade-row"/g)).toHaveLength(trades.length);
    expect(html.match(/data-type="POSITION_CLOSE"/g)).toHaveLength(trades.length);
    expect(html).toContain('<h1>Report &lt;test&gt;</h1>');
  });

  it('rejects a config the engine cannot run, writing nothing', async () => {
    // Valid YAML, but the strategy names a symbol the data does not have.
    const parsed = parseStudioConfig(YAML.replace('params: {fast: 3, slow: 8}', 'params: {fast: 3, slow: 8}, symbols: [NOPE]'));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    dir = mkdtempSync(join(tmpdir(), 'report-'));
    await expect(writeReport(join(dir, 'x.html'), parsed.config, data)).rejects.toThrow(/NOPE not in the data/);
    expect(() => readFileSync(join(dir!, 'x.html'))).toThrow();
  });

  it('adds the walk-forward validation when the config has optimization.walk_forward', async () => {
    const yaml = `${YAML}
optimization:
  objective: total_pnl
  parameters: {strategy_1.params.fast: [2, 3, 4]}
  walk_forward: {train: 60, test: 30, anchored: false}
`;
    const parsed = parseStudioConfig(yaml);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    dir = mkdtempSync(join(tmpdir(), 'report-'));
    const written = await writeReport(join(dir, 'wf.html'), parsed.config, data);
    // 200 bars: tests start at 60, 90, 120, 150 (the last ends at 180; 180 + 30 > 200 is dropped).
    expect(written.walkForward?.windows.map((w) => [w.window.testStart, w.window.testEnd])).toEqual([
      [60, 90],
      [90, 120],
      [120, 150],
      [150, 180],
    ]);
    const html = readFileSync(written.path, 'utf8');
    expect(html.match(/<tr class="wf-window"/g)).toHaveLength(4);
    expect(html).toContain('Walk-forward efficiency');
  });
});
