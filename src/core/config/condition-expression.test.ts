import { describe, expect, it } from 'vitest';
import { evaluateCondition, parseCondition } from './condition-expression';

function evalText(text: string, metrics: Record<string, number>) {
  const p = parseCondition(text);
  if (!p.ok) throw new Error(`parse failed: ${p.error.message}`);
  return evaluateCondition(p.node, metrics);
}

describe('condition grammar', () => {
  it('compares dotted metric names with every operator', () => {
    const m = { total_pnl: 10, sharpe_ratio: 1.5 };
    expect(evalText('metrics.total_pnl > 0', m).value).toBe(true);
    expect(evalText('metrics.total_pnl < 0', m).value).toBe(false);
    expect(evalText('metrics.total_pnl >= 10', m).value).toBe(true);
    expect(evalText('metrics.total_pnl <= 9.99', m).value).toBe(false);
    expect(evalText('metrics.sharpe_ratio == 1.5', m).value).toBe(true);
    expect(evalText('metrics.sharpe_ratio != 1.5', m).value).toBe(false);
  });

  it('handles and/or/not with the usual precedence and parentheses', () => {
    const m = { total_pnl: 5, sharpe_ratio: 0.5, max_drawdown: 0.3 };
    // and binds tighter than or: false or (true and true) = true
    expect(evalText('metrics.total_pnl < 0 or metrics.sharpe_ratio > 0 and metrics.max_drawdown < 0.5', m).value).toBe(true);
    // parentheses change it: (false or true) and false = false
    expect(evalText('(metrics.total_pnl < 0 or metrics.sharpe_ratio > 0) and metrics.max_drawdown < 0.1', m).value).toBe(false);
    expect(evalText('not metrics.total_pnl > 100', m).value).toBe(true);
    expect(evalText('not (metrics.total_pnl > 1 and metrics.sharpe_ratio > 0.1)', m).value).toBe(false);
    expect(evalText('NOT metrics.total_pnl > 100 AND true', m).value).toBe(true);
  });

  it('reads negative and decimal numbers, and negated names', () => {
    const m = { total_pnl: -250.5, max_drawdown: 0.25 };
    expect(evalText('metrics.total_pnl > -300', m).value).toBe(true);
    expect(evalText('metrics.total_pnl < -250.4', m).value).toBe(true);
    expect(evalText('metrics.max_drawdown <= .25', m).value).toBe(true);
    expect(evalText('-metrics.total_pnl == 250.5', m).value).toBe(true);
    expect(evalText('metrics.total_pnl > -1e3', m).value).toBe(true);
  });

  it('looks names up as snake_case or camelCase, with or without the metrics. prefix', () => {
    const camel = { totalPnl: 3, sharpeRatio: 2 };
    expect(evalText('metrics.total_pnl > 0 and sharpe_ratio > 1', camel).value).toBe(true);
  });

  it('an unknown metric makes the whole condition false and is reported', () => {
    const m = { total_pnl: 10 };
    const r = evalText('not (metrics.totl_pnl > 0)', m);
    expect(r.value).toBe(false);
    expect(r.unknownNames).toEqual(['metrics.totl_pnl']);
    const both = evalText('metrics.total_pnl > 0 or metrics.nope > 1', m);
    expect(both.value).toBe(false);
    expect(both.unknownNames).toEqual(['metrics.nope']);
  });

  it.each([
    ['', 0, 'empty'],
    ['metrics.total_pnl', 0, 'not true/false'],
    ['metrics.total_pnl >', 19, 'ends too early'],
    ['metrics.total_pnl > 0 &&', 22, '"and"'],
    ['metrics.total_pnl = 0', 18, '"=="'],
    ['1 < 2 < 3', 6, 'chained'],
    ['(metrics.total_pnl > 0', 0, 'missing ")"'],
    ['metrics.total_pnl > 0)', 21, 'unexpected ")"'],
    ['metrics.total_pnl > 0 metrics.win_rate > 1', 22, 'join'],
    ['metrics.total_pnl > $5', 20, 'unexpected character "$"'],
    ['process.exit() > 0', 12, 'unexpected "("'],
    ['metrics. > 0', 7, 'cannot end with "."'],
    ['true > 1', 0, 'left side is true/false'],
  ])('rejects %j at offset %i (%s)', (text, offset, fragment) => {
    const r = parseCondition(text);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.offset).toBe(offset);
      expect(r.error.message).toContain(fragment);
    }
  });

  it('never evaluates code: a condition is data, not JavaScript', () => {
    const r = parseCondition('constructor.constructor > 0');
    // It parses as a (harmless) metric name and is simply unknown.
    expect(r.ok).toBe(true);
    if (r.ok) expect(evaluateCondition(r.node, { total_pnl: 1 })).toEqual({ value: false, unknownNames: ['constructor.constructor'] });
  });

  it('bounds nesting depth instead of overflowing the stack', () => {
    const deep = `${'('.repeat(500)}metrics.total_pnl > 0${')'.repeat(500)}`;
    const r = parseCondition(deep);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain('nests deeper');
  });
});
