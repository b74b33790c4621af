// The event inspector: every traced event in a windowed table, filtered by type,
// container, symbol, correlation id and sequence range; step through them and see
// the portfolio (cash, positions, equity) replayed from the trace at that sequence.
import { matchesCorrelation } from './correlation-filter';
import { useEffect, useMemo, useState } from 'react';
import type { TradingEvent } from '../../core/events';
import { ALL_EVENT_TYPES } from '../../core/event-type';
import { useStudioStore } from './state/studio-store';
import { containerOf, eventSymbol, mergedEvents } from './state/result-selectors';
import { loadFullTrace } from './state/studio-actions';
import { WindowedList } from './WindowedList';
import { EmptyState } from './EmptyState';
import { ArchivedEventsPanel } from './events-source/ArchivedEventsPanel';
import { replayTo } from './replay/portfolio-replay';
import { eventSummary } from './chain/event-summary';
import { EVENT_COLORS } from './chain/ChainWaterfall';
import { formatMoney, formatPrice, formatTime } from './format/format-number';

interface Filters {
  type: string;
  container: string;
  symbol: string;
  correlation: string;
  seqFrom: string;
  seqTo: string;
}

const NO_FILTERS: Filters = { type: '', container: '', symbol: '', correlation: '', seqFrom: '', seqTo: '' };

function applyFilters(events: readonly TradingEvent[], f: Filters): TradingEvent[] {
  const from = f.seqFrom === '' ? -Infinity : Number(f.seqFrom);
  const to = f.seqTo === '' ? Infinity : Number(f.seqTo);
  const sym = f.symbol.trim().toUpperCase();
  return events.filter((e) => {
    if (f.type && e.type !== f.type) return false;
    if (f.container && (e.containerId ?? e.sourceId) !== f.container && e.sourceId !== f.container) return false;
    if (sym && (eventSymbol(e) ?? '').toUpperCase() !== sym) return false;
    if (!matchesCorrelation(e.correlationId, f.correlation)) return false;
    const s = e.sequence ?? 0;
    return s >= from && s <= to;
  });
}

export function EventsTab() {
  const result = useStudioStore((s) => s.result);
  const fullTrace = useStudioStore((s) => s.fullTrace);
  const traceStatus = useStudioStore((s) => s.traceStatus);
  const containerId = useStudioStore((s) => s.containerId);
  const [source, setSource] = useState<'full' | 'run'>('full');
  const eventsCorrelation = useStudioStore((s) => s.eventsCorrelation);
  const [filters, setFilters] = useState<Filters>(() => ({ ...NO_FILTERS, correlation: eventsCorrelation ?? '' }));
  const [cursor, setCursor] = useState(0);

  useEffect(() => {
    if (result && traceStatus === 'idle' && source === 'full') void loadFullTrace();
  }, [result, traceStatus, source]);

  const base = source === 'full' ? fullTrace : result;
  const all = useMemo(() => (base ? mergedEvents(base) : []), [base]);
  const rows = useMemo(() => applyFilters(all, filters), [all, filters]);
  const containers = useMemo(() => [...new Set(all.map((e) => e.containerId ?? e.sourceId))].sort(), [all]);
  const portfolio = containerOf(base, containerId);
  const current = rows[Math.min(cursor, rows.length - 1)] ?? null;
  const state = useMemo(() => {
    if (!current || !portfolio) return null;
    const capital = portfolio.metrics?.initialCapital ?? 0;
    return replayTo(all, capital, current.sequence ?? 0, portfolio.containerId);
  }, [all, current, portfolio]);

  useEffect(() => setCursor(0), [filters, source]);
  // The chain's "step through its events" link is consumed once, not sticky.
  useEffect(() => {
    if (useStudioStore.getState().eventsCorrelation) useStudioStore.setState({ eventsCorrelation: null });
  }, []);

  if (!result) return <EmptyState title="No events yet" hint="Run the config to inspect its traced events." />;

  const set = (k: keyof Filters) => (e: { target: { value: string } }) => setFilters((f) => ({ ...f, [k]: e.target.value }));
  const step = (d: number) => setCursor((c) => Math.max(0, Math.min(rows.length - 1, c + d)));

  return (
    <div
      className="events-tab"
      data-testid="events-tab"
      tabIndex={-1}
      onKeyDown={(e) => {
        if (e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement) return;
        const d = e.key === 'ArrowDown' || e.key === 'j' ? 1 : e.key === 'ArrowUp' || e.key === 'k' ? -1 : 0;
        if (d) {
          step(d);
          e.preventDefault();
        }
      }}
    >
      <div className="toolbar wrap">
        <select value={source} onChange={(e) => setSource(e.target.value as 'full' | 'run')} aria-label="Event source" data-testid="event-source">
          <option value="full">Full re-trace (every event)</option>
          <option value="run">As traced by the config</option>
        </select>
        <select value={filters.type} onChange={set('type')} aria-label="Event type" data-testid="filter-type">
          <option value="">All types</option>
          {ALL_EVENT_TYPES.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
        <select value={filters.container} onChange={set('container')} aria-label="Container" data-testid="filter-container">
          <option value="">All containers</option>
          {containers.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
        <input placeholder="Symbol" value={filters.symbol} onChange={set('symbol')} aria-label="Symbol" size={8} data-testid="filter-symbol" />
        <input placeholder="Correlation id (t1* for prefix)" value={filters.correlation} onChange={set('correlation')} aria-label="Correlation id" size={14} data-testid="filter-correlation" />
        <input placeholder="seq ≥" value={filters.seqFrom} onChange={set('seqFrom')} aria-label="From sequence" size={7} inputMode="numeric" data-testid="filter-seq-from" />
        <input placeholder="seq ≤" value={filters.seqTo} onChange={set('seqTo')} aria-label="To sequence" size={7} inputMode="numeric" data-testid="filter-seq-to" />
        <button onClick={() => setFilters(NO_FILTERS)}>Clear</button>
        <span className="muted" data-testid="event-count">
          {rows.length.toLocaleString('en-US')} of {all.length.toLocaleString('en-US')} events
          {source === 'full' && traceStatus === 'loading' ? ' · re-tracing…' : ''}
          {source === 'run' && base ? ` · ${Object.values(base.containers).reduce((a, c) => a + c.eventsDropped, 0)} dropped by retention` : ''}
        </span>
      </div>
      {/* Containers streamed to IndexedDB (storage_backend disk/hierarchical): paged from there. */}
      <ArchivedEventsPanel result={result} />
      <div className="inspector">
        <div className="table events-table" role="table" aria-label="Events">
          <div className="thead event-grid" role="row">
            <span role="columnheader">seq</span>
            <span role="columnheader">time</span>
            <span role="columnheader">type</span>
            <span role="columnheader">container</span>
            <span role="columnheader">correlation</span>
            <span role="columnheader">payload</span>
          </div>
          <WindowedList
            count={rows.length}
            rowHeight={26}
            scrollToIndex={cursor}
            ariaLabel="Event rows"
            focusable
            testId="event-rows"
            renderRow={(i) => {
              const e = rows[i]!;
              return (
                <div
                  role="row"
                  className={`tr event-grid ${i === cursor ? 'selected' : ''}`}
                  data-testid="event-row"
                  data-type={e.type}
                  onClick={() => setCursor(i)}
                >
                  <span role="cell" className="num">{e.sequence}</span>
                  <span role="cell" className="ellipsis">{formatTime(e.timestamp)}</span>
                  {/* The type's colour is a swatch beside readable text (coloured text fails contrast). */}
                  <span role="cell" className="ellipsis">
                    <i className="type-dot" style={{ background: EVENT_COLORS[e.type] }} aria-hidden="true" />
                    {e.type}
                  </span>
                  <span role="cell" className="ellipsis">{e.containerId ?? e.sourceId}</span>
                  <span role="cell" className="ellipsis">{e.correlationId ?? ''}</span>
                  <span role="cell" className="ellipsis">{eventSummary(e)}</span>
                </div>
              );
            }}
          />
        </div>
        <aside className="replay" data-testid="replay-panel">
          <div className="stepper">
            <button onClick={() => step(-1)} disabled={cursor <= 0} aria-label="Previous event" data-testid="step-prev">
              ◀
            </button>
            <span>
              {rows.length ? cursor + 1 : 0} / {rows.length}
            </span>
            <button onClick={() => step(1)} disabled={cursor >= rows.length - 1} aria-label="Next event" data-testid="step-next">
              ▶
            </button>
          </div>
          {current && (
            <>
              <h4>
                {current.type} <span className="muted">#{current.sequence} · {formatTime(current.timestamp)}</span>
              </h4>
              {state && portfolio && (
                <div className="replay-state" data-testid="replay-state">
                  <div className="muted">Portfolio {portfolio.containerId} after this event</div>
                  <dl>
                    <dt>Cash</dt>
                    <dd data-testid="replay-cash">{formatMoney(state.cash)}</dd>
                    <dt>Equity</dt>
                    <dd data-testid="replay-equity">{formatMoney(state.equity)}</dd>
                    <dt>Realized P&L</dt>
                    <dd>{formatMoney(state.realizedPnl)}</dd>
                    <dt>Fills / closed</dt>
                    <dd>
                      {state.fills} / {state.closedTrades}
                    </dd>
                  </dl>
                  <div className="muted">Positions</div>
                  {Object.values(state.positions).length ? (
                    <ul className="positions" data-testid="replay-positions">
                      {Object.values(state.positions).map((p) => (
                        <li key={p.symbol}>
                          {p.side} {p.quantity} {p.symbol} @ {formatPrice(p.entryPrice)} · mark {formatPrice(p.markPrice)}
                        </li>
                      ))}
                    </ul>
                  ) : (
                    <p className="muted" data-testid="replay-positions">flat</p>
                  )}
                </div>
              )}
              <pre className="payload-json">{JSON.stringify(current.payload, null, 2)}</pre>
            </>
          )}
        </aside>
      </div>
    </div>
  );
}
