// A compiled user strategy as a StrategyDefinition for the engine, evaluated in the
// sandbox (a fresh Compartment per instance): what the backtest worker puts into RunBacktestOptions.strategies.
import type { StrategyDefinition } from '../../engine/strategy';
import type { UserStrategyLimits } from '../../engine/user-strategy/user-strategy';
import type { CompiledUserStrategy, UserParamValues } from '../../engine/user-strategy/user-strategy-api';
import { userStrategyDefinition } from '../../engine/user-strategy/user-strategy-definition';
import type { StrategyMonitor } from './strategy-monitor';
import { createUserStrategySandbox } from './user-strategy-sandbox';

export function createUserStrategyDefinition(compiled: CompiledUserStrategy, limits: UserStrategyLimits, monitor?: StrategyMonitor): StrategyDefinition<UserParamValues> {
  return userStrategyDefinition(compiled, createUserStrategySandbox(compiled, monitor), limits);
}
