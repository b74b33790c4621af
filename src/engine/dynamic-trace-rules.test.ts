import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseStudioConfig } from '../core/config/parse-studio-config';
import { runBacktest, runBacktestSync } from './run-backtest';
import { barsFrom, dataset, portfolioContainer, strategyContainer, testStrategies } from './testing/backtest-fixtures';

// Seed 11: portfolios trace only POSITION_CLOSE, and everything (to disk) when profitable.
const seed = readFileSync(new URL('../core/config/fixtures/11-dynamic-rules.yaml', import.meta.url), 'utf8');
const yaml = `name: dynamic\n${seed}`;
// The scripted test strategy's params are a mapping, which YAML params do not take: containers are built here.
const containers = [
  strategyContainer('strategy_up', 'scripted', { script: { SPX: { 1: 'long', 6: 'flat' } } }),
  strategyContainer('strategy_down', 'scripted', { script: { SPX: { 6: 'long', 10: 'flat' } } }),
  portfolioContainer('portfolio_winner', ['strategy_up']),
  portfolioContainer('portfolio_loser', ['strategy_down']),
];
const closes = [100, 101, 102, 104, 106, 108, 110, 108, 105, 103, 101, 100];
const data = dataset(barsFrom('SPX', closes.map((c) => [c, c + 1, c - 1, c] as [number, number, number, number])));

describe('dynamic_rules', () => {
  const parsed = parseStudioConfig(yaml);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const config = { ...parsed.config, containers };

  it('applies a rule whose condition holds on the final metrics, and only to that container', () => {
    const r = runBacktestSync(config, data, { strategies: testStrategies });
    const win = r.containers.portfolio_winner;
    const lose = r.containers.portfolio_loser;
    expect(win.metrics!.totalPnl).toBeGreaterThan(0);
    expect(lose.metrics!.totalPnl).toBeLessThan(0);
    expect(win.traceSettings).toMatchObject({ eventsToTrace: 'ALL', storageBackend: 'disk' });
    expect(lose.traceSettings.eventsToTrace).toEqual(['POSITION_CLOSE']);
    expect(lose.traceSettings.storageBackend).toBe('memory');
    expect(r.warnings?.join(' ')).toContain('portfolio_winner');
    expect(r.warnings?.join(' ')).not.toContain('portfolio_loser');
  });

  it('repeats the run deterministically: the same trades and metrics as without the rules', async () => {
    const r = await runBacktest(config, data, { strategies: testStrategies });
    const noRules = parseStudioConfig(yaml.replace(/dynamic_rules:[\s\S]*$/, ''));
    if (!noRules.ok) throw new Error(JSON.stringify(noRules.errors));
    const plain = runBacktestSync({ ...noRules.config, containers }, data, { strategies: testStrategies });
    expect(plain.containers.portfolio_winner.traceSettings.eventsToTrace).toEqual(['POSITION_CLOSE']);
    for (const id of ['portfolio_winner', 'portfolio_loser']) {
      expect(r.containers[id].trades).toEqual(plain.containers[id].trades);
      expect(r.containers[id].metrics).toEqual(plain.containers[id].metrics);
    }
  });
});
