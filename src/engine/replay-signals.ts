// Signal replay: record the SIGNALs of one full run, then re-run only portfolios and
// execution from them — sweeping sizing, risk and costs without recomputing
// strategies. Each signal goes back in right after the bar that caused it (its
// recorded stream index), so fills and sizing see exactly the market they saw.
// Valid for strategies whose signals do not depend on the portfolio's position.
import type { StudioConfig } from '../core/config/studio-config';
import { EventType } from '../core/event-type';
import type { TradingEvent } from '../core/events';
import type { RecordedSignal } from '../core/signal-observer';
import type { Dataset } from './bar';
import type { BacktestResult, RunBacktestOptions } from './backtest-result';
import type { SignalEvent } from './portfolio';
import { createBacktestRun, driveAsync, driveSync } from './run-backtest';

export interface SignalRecording {
  result: BacktestResult;
  /** Every SIGNAL of the run, in publish order, with `metadata.barIndex`. */
  signals: SignalEvent[];
}

function copySignal(e: SignalEvent): SignalEvent {
  return { ...e, payload: { ...e.payload }, metadata: e.metadata === undefined ? undefined : { ...e.metadata } };
}

/** A full run that also records its signals (each once, where it reaches the root bus). */
export function recordSignals(config: StudioConfig, data: Dataset, options: RunBacktestOptions = {}): SignalRecording {
  const run = createBacktestRun(config, data, options);
  const signals: SignalEvent[] = [];
  run.root.attachObserver({
    onPublish(event: TradingEvent, busId: string) {
      if (event.type === EventType.SIGNAL && busId === 'root') signals.push(copySignal(event as SignalEvent));
    },
  });
  return { result: driveSync(run, options), signals };
}

/** What can be replayed: SIGNAL events (recordSignals, a tracer's events) or SignalObserver records. */
export type ReplayableSignal = TradingEvent | RecordedSignal;

function toSignalEvent(s: ReplayableSignal): SignalEvent | undefined {
  if ('type' in s) return s.type === EventType.SIGNAL ? (s as SignalEvent) : undefined;
  return {
    eventId: s.eventId,
    type: EventType.SIGNAL,
    timestamp: s.timestamp,
    sourceId: s.sourceId,
    containerId: s.containerId,
    correlationId: undefined,
    causationId: s.causationId,
    sequence: s.sequence,
    payload: { symbol: s.symbol, direction: s.direction, strength: s.strength, strategyId: s.strategyId },
    metadata: undefined,
  };
}

/** Recorded signals in replay order (time, then recorded bar index, then recording order). */
function ordered(signals: readonly ReplayableSignal[]): SignalEvent[] {
  const list = signals.map(toSignalEvent).filter((e): e is SignalEvent => e !== undefined);
  const index = (e: SignalEvent): number => (typeof e.metadata?.barIndex === 'number' ? e.metadata.barIndex : Number.POSITIVE_INFINITY);
  // Stable: signals of one bar keep their recorded order.
  return list
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.timestamp - b.e.timestamp || index(a.e) - index(b.e) || (a.e.sequence ?? a.i) - (b.e.sequence ?? b.i) || a.i - b.i)
    .map((x) => x.e);
}

/**
 * Re-runs portfolios + execution of `config` from recorded signals; strategies are not run.
 * Signals carrying `metadata.barIndex` (recordSignals, a tracer's SIGNAL events) go back
 * after exactly their bar; others after their symbol's bar of their time.
 */
export function replaySignals(config: StudioConfig, data: Dataset, signals: readonly ReplayableSignal[], options: RunBacktestOptions = {}): BacktestResult {
  return driveSync(createBacktestRun(config, data, options, { replay: ordered(signals) }), options);
}

export function replaySignalsAsync(config: StudioConfig, data: Dataset, signals: readonly ReplayableSignal[], options: RunBacktestOptions = {}): Promise<BacktestResult> {
  return driveAsync(createBacktestRun(config, data, options, { replay: ordered(signals) }), options);
}
