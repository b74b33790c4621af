// Indicator factories for user strategies: the engine's own streaming indicators
// (so a template computes exactly what its built-in does), creatable only while the
// strategy initialises — an indicator made in onBar would restart every bar and never warm up.
import { BollingerBands } from '../indicators/bollinger-bands';
import { Ema } from '../indicators/ema';
import { RateOfChange } from '../indicators/rate-of-change';
import { RollingCorrelation } from '../indicators/rolling-correlation';
import { RollingMax } from '../indicators/rolling-max';
import { RollingMin } from '../indicators/rolling-min';
import { RollingStdDev } from '../indicators/rolling-std-dev';
import { RollingZScore } from '../indicators/rolling-z-score';
import { Rsi } from '../indicators/rsi';
import { Sma } from '../indicators/sma';
import type { UserIndicators } from './user-strategy-api';

/** The factories; `canCreate()` says whether the strategy is still initialising. */
export function createUserIndicators(canCreate: () => boolean): UserIndicators {
  const made = <T>(name: string, make: () => T): T => {
    if (!canCreate()) {
      throw new Error(`${name}() creates an indicator: call it in init() (or at the top level), not in onBar — a new indicator every bar never warms up.`);
    }
    return make();
  };
  return Object.freeze({
    sma: (period: number) => made('sma', () => new Sma(period)),
    ema: (period: number) => made('ema', () => new Ema(period)),
    rsi: (period = 14) => made('rsi', () => new Rsi(period)),
    bollinger: (period = 20, numStd = 2) => made('bollinger', () => new BollingerBands(period, numStd)),
    highest: (period: number) => made('highest', () => new RollingMax(period)),
    lowest: (period: number) => made('lowest', () => new RollingMin(period)),
    roc: (period: number) => made('roc', () => new RateOfChange(period)),
    zscore: (period: number) => made('zscore', () => new RollingZScore(period)),
    stddev: (period: number) => made('stddev', () => new RollingStdDev(period, 0)),
    regression: (period: number) => made('regression', () => new RollingCorrelation(period)),
  });
}
