// The Chain tab: for the selected trade its event waterfall (signal → order → fill
// → open → … → close) with each event's payload; for the whole run, every trade's lifetime.
import { useEffect, useMemo, useState } from 'react';
import { useStudioStore } from '../state/studio-store';
import { containerOf, mergedEvents } from '../state/result-selectors';
import { loadFullTrace } from '../state/studio-actions';
import { ChainWaterfall } from './ChainWaterfall';
import { TradeLifetimes } from './TradeLifetimes';
import { indexById, tradeChain } from './trade-chain';
import { chainStory } from './chain-story';
import { EmptyState } from '../EmptyState';
import { formatMoney, formatPrice, formatTime } from '../format/format-number';

export function ChainTab() {
  const result = useStudioStore((s) => s.result);
  const containerId = useStudioStore((s) => s.containerId);
  const fullTrace = useStudioStore((s) => s.fullTrace);
  const traceStatus = useStudioStore((s) => s.traceStatus);
  const runError = useStudioStore((s) => s.runError);
  const selectedTradeId = useStudioStore((s) => s.selectedTradeId);
  const selectTrade = useStudioStore((s) => s.selectTrade);
  const dark = useStudioStore((s) => s.theme === 'dark');
  const [eventId, setEventId] = useState<string | null>(null);
  const patch = useStudioStore((s) => s.patch);

  useEffect(() => {
    if (result && traceStatus === 'idle') void loadFullTrace();
  }, [result, traceStatus]);

  const trades = containerOf(result, containerId)?.trades ?? [];
  const index = trades.findIndex((t) => t.id === selectedTradeId);
  const trade = index >= 0 ? trades[index]! : null;
  const step = (d: number) => {
    const next = trades[index + d];
    if (next) {
      setEventId(null);
      selectTrade(next.id, true);
    }
  };
  const chain = useMemo(() => {
    if (!fullTrace || !selectedTradeId) return null;
    const all = mergedEvents(fullTrace);
    return tradeChain(all, selectedTradeId, indexById(all));
  }, [fullTrace, selectedTradeId]);
  const selectedEvent = chain?.events.find((e) => e.eventId === eventId) ?? null;

  if (!result) return <EmptyState title="No run yet" hint="Run the config, then pick a trade to see why it happened." />;

  return (
    <div className="chain-tab" data-testid="chain-tab">
      {trade ? (
        <section className="chain-head" data-testid="chain-trade">
          <div className="trade-nav">
            <button onClick={() => step(-1)} disabled={index <= 0} data-testid="prev-trade" aria-label="Previous trade">
              ◀ Prev trade
            </button>
            <span className="muted">
              trade {index + 1} of {trades.length}
            </span>
            <button onClick={() => step(1)} disabled={index >= trades.length - 1} data-testid="next-trade" aria-label="Next trade">
              Next trade ▶
            </button>
          </div>
          <h3>
            {trade.side.toUpperCase()} {trade.quantity} {trade.symbol} · {formatTime(trade.entryTime)} → {formatTime(trade.exitTime)}
          </h3>
          <p className="muted">
            {formatPrice(trade.entryPrice)} → {formatPrice(trade.exitPrice)} · P&L{' '}
            <b className={trade.pnl >= 0 ? 'pos' : 'neg'}>{formatMoney(trade.pnl)}</b> · exit: {trade.reason} · trade id{' '}
            <code>{trade.id}</code>{' '}
            <button className="link" onClick={() => patch({ eventsCorrelation: trade.id, tab: 'events' })} data-testid="inspect-trade-events">
              Step through its events →
            </button>
          </p>
        </section>
      ) : (
        <p className="muted">Pick a trade (click a bar below, a marker on the chart, or a row in Trades) to see its event chain.</p>
      )}
      {trade && (
        <div className="chain-body">
          {traceStatus === 'loading' && (
            <p role="status" className="loading" data-testid="trace-loading">
              Re-running the backtest with full tracing to rebuild every chain…
            </p>
          )}
          {traceStatus === 'error' && <p role="alert">Could not re-trace the run: {runError}</p>}
          {chain && chain.events.length === 0 && <p role="alert">The full trace holds no events for trade {trade.id}.</p>}
          {chain && chain.events.length > 0 && (
            <ol className="chain-story" data-testid="chain-story" aria-label="What happened, step by step">
              {chainStory(chain.events).map((line, i) => (
                <li key={i}>{line}</li>
              ))}
            </ol>
          )}
          {chain && chain.events.length > 0 && (
            <div className="chain-grid">
              <ChainWaterfall events={chain.events} links={chain.links} selectedId={eventId} onSelect={setEventId} />
              <aside className="payload" data-testid="event-payload">
                {selectedEvent ? (
                  <>
                    <h4>
                      {selectedEvent.type} <span className="muted">#{selectedEvent.sequence}</span>
                    </h4>
                    <pre>{JSON.stringify(selectedEvent, null, 2)}</pre>
                  </>
                ) : (
                  <p className="muted">Click an event row to see its full payload, ids and causation.</p>
                )}
              </aside>
            </div>
          )}
        </div>
      )}
      <h4 className="section-title">All trades’ lifetimes ({trades.length})</h4>
      <TradeLifetimes trades={trades} selectedId={selectedTradeId} dark={dark} onSelect={(id) => selectTrade(id, true)} />
    </div>
  );
}
