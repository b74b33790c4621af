// The inspector's view of containers whose full record lives in IndexedDB (result's
// `archive` markers): a count read from the archive and the events page by page in
// sequence order, so a trace of a million events is browsable without loading it whole.
import { useEffect, useMemo, useState } from 'react';
import type { TradingEvent } from '../../../core/events';
import type { BacktestResult } from '../../../engine/backtest-result';
import { eventSummary } from '../chain/event-summary';
import { formatTime } from '../format/format-number';
import { archiveRefs } from './archive-refs';
import { ArchivedEventsReader } from './archived-events-reader';
import { studioDbForReading } from './studio-db-for-reading';

const PAGE_SIZE = 100;

interface PageState {
  events: TradingEvent[];
  offset: number;
  total: number;
}

export function ArchivedEventsPanel({ result }: { result: BacktestResult | null | undefined }) {
  const refs = useMemo(() => archiveRefs(result), [result]);
  const [selected, setSelected] = useState(0);
  const ref = refs[Math.min(selected, refs.length - 1)];
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<PageState | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reader = useMemo(() => (ref ? new ArchivedEventsReader(studioDbForReading(), ref) : null), [ref]);

  useEffect(() => setOffset(0), [reader]);
  useEffect(() => {
    if (!reader) return;
    let live = true;
    setError(null);
    reader.page(offset, PAGE_SIZE).then(
      (p) => live && setPage(p),
      (e: unknown) => live && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      live = false;
    };
  }, [reader, offset]);

  if (!ref || !reader) return null;
  const total = page?.total ?? 0;
  const shown = page?.offset ?? 0;
  const last = Math.max(0, Math.floor((total - 1) / PAGE_SIZE) * PAGE_SIZE);
  return (
    <section className="archived-events" data-testid="archived-events">
      <div className="toolbar wrap">
        <strong>Stored in IndexedDB</strong>
        {refs.length > 1 && (
          <select value={selected} onChange={(e) => setSelected(Number(e.target.value))} aria-label="Archived container" data-testid="archived-container">
            {refs.map((r, i) => (
              <option key={r.containerId} value={i}>
                {r.containerId}
              </option>
            ))}
          </select>
        )}
        <span className="muted">
          {ref.containerId}: <span data-testid="archived-count">{total}</span> events (run recorded {ref.count})
        </span>
        <button onClick={() => setOffset(0)} disabled={offset === 0} data-testid="archived-first">
          ⏮
        </button>
        <button onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))} disabled={offset === 0} aria-label="Previous page" data-testid="archived-prev">
          ◀
        </button>
        {/* From the loaded page (not the requested offset): rows and range always agree. */}
        <span data-testid="archived-page-info">
          {total === 0 ? 0 : shown + 1}–{Math.min(total, shown + PAGE_SIZE)} of {total}
        </span>
        <button onClick={() => setOffset(Math.min(last, offset + PAGE_SIZE))} disabled={offset >= last} aria-label="Next page" data-testid="archived-next">
          ▶
        </button>
        <button onClick={() => setOffset(last)} disabled={offset >= last} data-testid="archived-last">
          ⏭
        </button>
      </div>
      {error && <p className="error" data-testid="archived-error">{error}</p>}
      <div className="table events-table" role="table" aria-label="Stored events">
        {page?.events.map((e) => (
          <div role="row" className="tr event-grid" key={e.eventId} data-testid="archived-row" data-seq={e.sequence}>
            <span className="num">{e.sequence}</span>
            <span className="ellipsis">{formatTime(e.timestamp)}</span>
            <span className="ellipsis">{e.type}</span>
            <span className="ellipsis">{e.containerId ?? e.sourceId}</span>
            <span className="ellipsis">{e.correlationId ?? ''}</span>
            <span className="ellipsis">{eventSummary(e)}</span>
          </div>
        ))}
      </div>
    </section>
  );
}
