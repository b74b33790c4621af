// A failure's message, as it arrives from a worker, still says which strategy and line.
import { describe, expect, it } from 'vitest';
import { StrategyTimeoutError } from './strategy-timeout-error';
import { UserStrategyError } from './user-strategy-error';
import { userStrategyErrorLocation } from './user-strategy-error-location';

describe('userStrategyErrorLocation', () => {
  it('reads strategy and line from located errors, also when wrapped', () => {
    const thrown = new UserStrategyError('user:my_ma', 'onBar', 12, undefined, 'TypeError: x is undefined');
    expect(userStrategyErrorLocation(thrown.message)).toEqual({ strategy: 'user:my_ma', line: 12 });
    const wrapped = `A handler on bus 'root' threw on BAR e1 at 2024-01-01T00:00:00.000Z: ${new StrategyTimeoutError('user:spin', 'run', 60000, 4).message}`;
    expect(userStrategyErrorLocation(wrapped)).toEqual({ strategy: 'user:spin', line: 4 });
  });

  it('answers undefined for errors without a user line', () => {
    expect(userStrategyErrorLocation(new UserStrategyError('user:x', 'load', undefined, undefined, 'onBar is not a function.').message)).toBeUndefined();
    expect(userStrategyErrorLocation("Unknown strategy 'user:x'")).toBeUndefined();
  });
});
