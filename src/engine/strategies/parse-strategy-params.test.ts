import { describe, expect, it } from 'vitest';
import type { ParamSpec } from '../strategy';
import { parseStrategyParams } from './parse-strategy-params';
import { StrategyParamError } from './strategy-param-error';

const SPECS: ParamSpec[] = [
  { name: 'period', type: 'integer', default: 14, min: 2, max: 100, description: 'window' },
  { name: 'level', type: 'number', default: 0.5, min: 0, description: 'level' },
  { name: 'allow_short', type: 'boolean', default: false, description: 'shorts' },
  { name: 'mode', type: 'string', default: 'a', options: ['a', 'b'], description: 'mode' },
];

describe('parseStrategyParams', () => {
  it('fills defaults, coerces numeric and boolean strings, accepts camelCase spellings', () => {
    expect(parseStrategyParams('k', SPECS, undefined)).toEqual({ period: 14, level: 0.5, allow_short: false, mode: 'a' });
    expect(parseStrategyParams('k', SPECS, { period: '20', level: '1e-2', allowShort: 'true', mode: 'b' })).toEqual({ period: 20, level: 0.01, allow_short: true, mode: 'b' });
    expect(parseStrategyParams('k', SPECS, { period: null })).toMatchObject({ period: 14 });
  });

  it('throws StrategyParamError naming the param and what is allowed', () => {
    const cases: [unknown, string, RegExp][] = [
      [{ period: 1 }, 'period', /must be an integer in \[2, 100\], got 1/],
      [{ period: 3.5 }, 'period', /must be an integer/],
      [{ level: -1 }, 'level', /must be a number ≥ 0, got -1/],
      [{ level: Infinity }, 'level', /must be a number/],
      [{ allow_short: 1 }, 'allow_short', /true or false/],
      [{ mode: 'c' }, 'mode', /one of 'a', 'b'/],
      [{ mode: 3 }, 'mode', /must be a string/],
      [{ perod: 3 }, 'perod', /unknown — did you mean 'period'\?/],
      [{ allow_short: true, allowShort: true }, 'allowShort', /given twice/],
      [[1, 2], '(params)', /mapping/],
    ];
    for (const [raw, param, re] of cases) {
      try {
        parseStrategyParams('k', SPECS, raw);
        throw new Error(`no error for ${JSON.stringify(raw)}`);
      } catch (e) {
        expect(e).toBeInstanceOf(StrategyParamError);
        expect((e as StrategyParamError).param).toBe(param);
        expect((e as StrategyParamError).kind).toBe('k');
        expect((e as Error).message).toMatch(re);
        expect((e as Error).message.startsWith(`k: param '${param}' `)).toBe(true);
      }
    }
  });
});
