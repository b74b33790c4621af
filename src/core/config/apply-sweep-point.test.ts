import { describe, expect, it } from 'vitest';
import { applySweepPoint } from './apply-sweep-point';
import { ConfigPathError } from './config-path-error';
import { DEFAULT_CONFIG_YAML } from './default-config';
import { parseStudioConfig } from './parse-studio-config';
import type { StudioConfig, StrategyContainerConfig, PortfolioContainerConfig } from './studio-config';

function base(): StudioConfig {
  const r = parseStudioConfig(DEFAULT_CONFIG_YAML);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.config;
}

function thrown(fn: () => unknown): ConfigPathError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConfigPathError) return e;
    throw e;
  }
  throw new Error('expected a ConfigPathError');
}

describe('applySweepPoint', () => {
  it('sets strategy params by container id, returning a new config and leaving the input alone', () => {
    const c = base();
    const before = JSON.stringify(c);
    const next = applySweepPoint(c, { 'strategy_momentum_1.params.lookback': 40, 'strategy_momentum_1.params.threshold': 0.01 });
    const s = next.containers.find((x) => x.id === 'strategy_momentum_1') as StrategyContainerConfig;
    expect(s.params).toEqual({ lookback: 40, threshold: 0.01 });
    expect(JSON.stringify(c)).toBe(before);
    // Untouched containers are shared, not copied.
    expect(next.containers[1]).toBe(c.containers[1]);
  });

  it('converts snake_case keys to the model\'s camelCase (sizing, risk, execution, initial_capital)', () => {
    const next = applySweepPoint(base(), {
      'portfolio_1.sizing.percent': 50,
      'portfolio_1.risk.stop_loss': 0.05,
      'execution.slippage_bps': 10,
      initial_capital: 5000,
    });
    const p = next.containers.find((x) => x.id === 'portfolio_1') as PortfolioContainerConfig;
    expect(p.sizing).toEqual({ type: 'percent_equity', percent: 50 });
    expect(p.risk.stopLoss).toBe(0.05);
    expect(next.execution.slippageBps).toBe(10);
    expect(next.initialCapital).toBe(5000);
  });

  it('a path that does not exist is a clear error naming it', () => {
    const c = base();
    const e1 = thrown(() => applySweepPoint(c, { 'strategy_momentum_2.params.lookback': 1 }));
    expect(e1.path).toBe('strategy_momentum_2.params.lookback');
    expect(e1.message).toContain('no container "strategy_momentum_2" — did you mean "strategy_momentum_1"?');
    const e2 = thrown(() => applySweepPoint(c, { 'strategy_momentum_1.params.lookbak': 1 }));
    expect(e2.message).toContain('has no "lookbak" — did you mean "lookback"?');
    expect(e2.message).toContain('write lookbak under');
    const e3 = thrown(() => applySweepPoint(c, { 'portfolio_1.risk.take_profit': 0.2 }));
    expect(e3.message).toContain('has no "take_profit"');
    expect(thrown(() => applySweepPoint(c, { 'portfolio_1..x': 1 })).message).toContain('must be');
    expect(thrown(() => applySweepPoint(c, { portfolio_1: 1 })).message).toContain('names a whole container');
  });

  it('refuses to change a value\'s type, an id or a type', () => {
    const c = base();
    expect(thrown(() => applySweepPoint(c, { 'strategy_momentum_1.params.lookback': 'long' })).message).toContain('holds number 20, cannot set string');
    expect(thrown(() => applySweepPoint(c, { 'portfolio_1.allow_short': 1 })).message).toContain('holds boolean');
    expect(thrown(() => applySweepPoint(c, { 'portfolio_1.id': 'x' })).message).toContain('cannot be swept');
    expect(thrown(() => applySweepPoint(c, { 'portfolio_1.strategies': 'x' })).message).toContain('holds list');
  });
});

describe('optimization section', () => {
  const head = DEFAULT_CONFIG_YAML.slice(0, DEFAULT_CONFIG_YAML.indexOf('optimization:'));

  it('the default config sweeps lookback and threshold (ranges expand without float drift)', () => {
    const o = base().optimization!;
    expect(o.objective).toBe('sharpe_ratio');
    expect(o.direction).toBe('maximize');
    expect(o.parameters.map((p) => [p.path, p.values])).toEqual([
      ['strategy_momentum_1.params.lookback', [10, 20, 40, 60, 120]],
      ['strategy_momentum_1.params.threshold', [0, 0.01, 0.02]],
    ]);
  });

  it('ranges: {from, to, step}', () => {
    const r = parseStudioConfig(`${head}optimization:\n  parameters:\n    strategy_momentum_1.params.threshold: {from: 0.1, to: 0.5, step: 0.1}\n`);
    expect(r.ok && r.config.optimization!.parameters[0]!.values).toEqual([0.1, 0.2, 0.3, 0.4, 0.5]);
    const bad = parseStudioConfig(`${head}optimization:\n  parameters:\n    strategy_momentum_1.params.threshold: {from: 1, to: 0, step: 0.1}\n`);
    expect(!bad.ok && bad.errors[0]!.path).toBe('optimization.parameters["strategy_momentum_1.params.threshold"].to');
    const huge = parseStudioConfig(`${head}optimization:\n  parameters:\n    strategy_momentum_1.params.threshold: {from: 0, to: 1, step: 0.00001}\n`);
    expect(!huge.ok && huge.errors[0]!.message).toContain('use a larger step');
  });

  it('a sweep path that does not exist is an error at its line', () => {
    const r = parseStudioConfig(`${head}optimization:\n  objective: sharpe_ratio\n  parameters:\n    strategy_momentum_1.params.lookbak: [1, 2]\n`);
    const line = head.split('\n').length + 3;
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors[0]).toMatchObject({ line, column: 5, path: 'optimization.parameters["strategy_momentum_1.params.lookbak"]' });
      expect(r.errors[0]!.message).toContain('did you mean "lookback"?');
    }
  });

  it('objective: unknown metric, {metric, direction}, default direction by metric', () => {
    const bad = parseStudioConfig(`${head}optimization:\n  objective: sharp_ratio\n  parameters: {strategy_momentum_1.params.lookback: [5]}\n`);
    expect(!bad.ok && bad.errors[0]!.message).toContain('did you mean "sharpe_ratio"?');
    const dd = parseStudioConfig(`${head}optimization:\n  objective: maxDrawdown\n  parameters: {strategy_momentum_1.params.lookback: [5]}\n`);
    expect(dd.ok && dd.config.optimization).toMatchObject({ objective: 'max_drawdown', direction: 'minimize' });
    const obj = parseStudioConfig(`${head}optimization:\n  objective: {metric: total_return, direction: minimize}\n  parameters: {strategy_momentum_1.params.lookback: [5]}\n`);
    expect(obj.ok && obj.config.optimization).toMatchObject({ objective: 'total_return', direction: 'minimize' });
    const clash = parseStudioConfig(`${head}optimization:\n  objective: {metric: total_return, direction: minimize}\n  direction: maximize\n  parameters: {strategy_momentum_1.params.lookback: [5]}\n`);
    expect(!clash.ok && clash.errors[0]!.path).toBe('optimization.direction');
  });

  it('phases and walk_forward', () => {
    const r = parseStudioConfig(`${head}optimization:
  parameters: {strategy_momentum_1.params.lookback: [10, 20, 30]}
  phases:
    - name: phase1
    - name: phase2
      top_n: 10
      parameters: {strategy_momentum_1.params.threshold: [0, 0.01]}
    - name: final
      top_n: 3
  walk_forward: {train: 2y, test: 6m}
`);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.config.optimization!.phases).toEqual([
        { name: 'phase1' },
        { name: 'phase2', topN: 10, parameters: [{ path: 'strategy_momentum_1.params.threshold', values: [0, 0.01], line: expect.any(Number) }] },
        { name: 'final', topN: 3 },
      ]);
      expect(r.config.optimization!.walkForward).toEqual({ train: '2y', test: '6m', anchored: false });
    }
    const firstTop = parseStudioConfig(`${head}optimization:\n  parameters: {strategy_momentum_1.params.lookback: [5]}\n  phases:\n    - {name: phase1, top_n: 5}\n`);
    expect(!firstTop.ok && firstTop.errors[0]!.path).toBe('optimization.phases[0].top_n');
    const mixed = parseStudioConfig(`${head}optimization:\n  parameters: {strategy_momentum_1.params.lookback: [5]}\n  walk_forward: {train: 252, test: 3m}\n`);
    expect(!mixed.ok && mixed.errors[0]!.message).toContain('all as bars');
    const badSpan = parseStudioConfig(`${head}optimization:\n  parameters: {strategy_momentum_1.params.lookback: [5]}\n  walk_forward: {train: 2 years, test: 3m}\n`);
    expect(!badSpan.ok && badSpan.errors[0]!.message).toContain('duration like 2y');
    // Walk-forward spans accept 'mo' for months (as the planner does) beside the short 'm'.
    const months = parseStudioConfig(`${head}optimization:\n  parameters: {strategy_momentum_1.params.lookback: [5]}\n  walk_forward: {train: 2y, test: 6mo, step: 3mo}\n`);
    expect(months.ok && months.config.optimization?.walkForward).toMatchObject({ train: '2y', test: '6mo', step: '3mo' });
  });

  it('an optimization without parameters, or with too many points, is an error', () => {
    const none = parseStudioConfig(`${head}optimization:\n  objective: sharpe_ratio\n`);
    expect(!none.ok && none.errors[0]!.message).toContain('at least one parameter');
    const values = Array.from({ length: 400 }, (_v, i) => i + 1).join(', ');
    const big = parseStudioConfig(`${head}optimization:\n  parameters:\n    strategy_momentum_1.params.lookback: [${values}]\n    strategy_momentum_1.params.threshold: [${values}]\n`);
    expect(!big.ok && big.errors[0]!.message).toContain('160,000 points');
  });
});
