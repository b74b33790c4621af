// Entry sizing: how many units a portfolio buys or sells short on an entry
// signal, from its sizing config, risk limits and the price it expects to pay.
// Whole units only (like backtesting.py's integer sizes); 0 means "skip".
import type { RiskConfig, SizingConfig } from '../core/config/studio-config';

export interface SizingInput {
  sizing: SizingConfig;
  risk: RiskConfig;
  /** Mark-to-market equity when the signal arrives. */
  equity: number;
  /** Expected fill price (the signal bar's close). */
  price: number;
}

/** Units for a new position (≥ 0, whole), before the max-position and cash caps. */
export function entryQuantity({ sizing, risk, equity, price }: SizingInput): number {
  if (!(price > 0) || !Number.isFinite(price)) return 0;
  switch (sizing.type) {
    case 'fixed':
      return Math.max(0, Math.floor(sizing.quantity));
    case 'percent_equity': {
      const budget = Math.max(0, equity) * percentToFraction(sizing.percent);
      return Math.floor(budget / price + 1e-9);
    }
    case 'risk_per_trade': {
      const stop = sizing.stopLoss ?? risk.stopLoss;
      if (stop === undefined || !(stop > 0)) return 0;
      const riskBudget = Math.max(0, equity) * percentToFraction(sizing.percent);
      return Math.floor(riskBudget / (price * stop) + 1e-9);
    }
  }
}

/** Sizing percents are written as percents (10 = 10 %). */
export function percentToFraction(percent: number): number {
  return percent / 100;
}

/** Checks a sizing config once per run so a bad one fails before any bar, naming the field. */
export function validateSizing(sizing: SizingConfig, risk: RiskConfig, where: string): void {
  switch (sizing.type) {
    case 'fixed':
      if (!(sizing.quantity > 0)) throw new RangeError(`${where}.sizing.quantity must be > 0 (got ${sizing.quantity}).`);
      return;
    case 'percent_equity':
      if (!(sizing.percent > 0)) throw new RangeError(`${where}.sizing.percent must be > 0 (got ${sizing.percent}).`);
      return;
    case 'risk_per_trade': {
      if (!(sizing.percent > 0)) throw new RangeError(`${where}.sizing.percent must be > 0 (got ${sizing.percent}).`);
      const stop = sizing.stopLoss ?? risk.stopLoss;
      if (stop === undefined || !(stop > 0)) {
        throw new RangeError(`${where}: sizing risk_per_trade needs a stop distance: set sizing.stop_loss or risk.stop_loss (a fraction, e.g. 0.05).`);
      }
      return;
    }
  }
}
