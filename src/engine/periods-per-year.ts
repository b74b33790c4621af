// Equity updates per year for annualizing Sharpe/Sortino/Calmar: one update per
// bar of the run's finest timeframe, on a 252-day, 6.5-hour (US equity) calendar.
import { parseTimeframe } from './data/timeframe';

const TRADING_DAYS = 252;
const SESSION_SECONDS = 6.5 * 3600;

export function periodsPerYear(timeframe: string): number {
  let tf;
  try {
    tf = parseTimeframe(timeframe);
  } catch {
    return TRADING_DAYS;
  }
  switch (tf.unit) {
    case 's':
      return (TRADING_DAYS * SESSION_SECONDS) / tf.count;
    case 'm':
      return (TRADING_DAYS * SESSION_SECONDS) / 60 / tf.count;
    case 'h':
      return Math.max(1, (TRADING_DAYS * 6.5) / tf.count);
    case 'd':
      return TRADING_DAYS / tf.count;
    case 'w':
      return 52 / tf.count;
    case 'mo':
      return 12 / tf.count;
  }
}
