// Turns a compiled user strategy plus a sandbox into a StrategyDefinition the engine
// runs like a built-in: same param validation (defaults, ranges, did-you-mean) and the
// same `timeframe` param every built-in has.
import { TIMEFRAME_PARAM, timeframeParam } from '../strategies/common-param-specs';
import { parseStrategyParams } from '../strategies/parse-strategy-params';
import type { ParamSpec, StrategyDefinition } from '../strategy';
import type { CompiledUserStrategy, UserParamValues } from './user-strategy-api';
import { UserStrategy, type UserStrategyLimits, type UserStrategySandbox } from './user-strategy';

export function userStrategyDefinition(
  compiled: CompiledUserStrategy,
  sandbox: UserStrategySandbox,
  limits: UserStrategyLimits,
): StrategyDefinition<UserParamValues> {
  const params: readonly ParamSpec[] = [...compiled.params, TIMEFRAME_PARAM];
  return {
    kind: compiled.kind,
    description: compiled.description || `User strategy ${compiled.name}.`,
    params,
    symbolCount: { ...compiled.symbolCount },
    parseParams(raw) {
      const v = parseStrategyParams(compiled.kind, params, raw);
      v.timeframe = timeframeParam(compiled.kind, v.timeframe as string);
      return v;
    },
    create(id, symbols, values) {
      return new UserStrategy(id, symbols, values, compiled, sandbox, limits);
    },
  };
}
