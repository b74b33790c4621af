// Params every built-in strategy shares: going short, and which timeframe it
// trades when the data holds several for one symbol (1m and 1h bars of AAPL).
import { parseTimeframe } from '../data/timeframe';
import type { ParamSpec } from '../strategy';
import { StrategyParamError } from './strategy-param-error';

export const ALLOW_SHORT_PARAM: ParamSpec = {
  name: 'allow_short',
  type: 'boolean',
  default: false,
  description: 'Signal short where the strategy would otherwise only go flat (the portfolio must also allow shorts).',
};

export const TIMEFRAME_PARAM: ParamSpec = {
  name: 'timeframe',
  type: 'string',
  default: '',
  description:
    "Timeframe of the bars the strategy trades, e.g. '1h'. Empty (default): the first timeframe seen for each symbol (the finest); bars of other timeframes are ignored.",
};

/** Canonical timeframe text of a `timeframe` param ('' stays ''), or a StrategyParamError. */
export function timeframeParam(kind: string, value: string): string {
  if (value === '') return '';
  try {
    return parseTimeframe(value).text;
  } catch (e) {
    throw new StrategyParamError(kind, 'timeframe', `is not a timeframe: ${(e as Error).message}`);
  }
}
