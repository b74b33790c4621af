// The trade list: sortable by any column, filterable by text, side and outcome,
// windowed so thousands of trades scroll smoothly; a click opens the trade's chain.
import { useMemo, useState } from 'react';
import type { ClosedTrade } from '../../core/metrics-snapshot';
import { useStudioStore } from './state/studio-store';
import { containerOf } from './state/result-selectors';
import { WindowedList } from './WindowedList';
import { EmptyState } from './EmptyState';
import { formatMoney, formatPct, formatPrice, formatTime } from './format/format-number';

type SortKey = 'index' | 'side' | 'symbol' | 'quantity' | 'entryTime' | 'entryPrice' | 'exitTime' | 'exitPrice' | 'pnl' | 'returnPct' | 'barsHeld' | 'reason';

const COLUMNS: { key: SortKey; label: string; cls?: string }[] = [
  { key: 'index', label: '#', cls: 'num' },
  { key: 'side', label: 'Side' },
  { key: 'symbol', label: 'Symbol' },
  { key: 'quantity', label: 'Qty', cls: 'num' },
  { key: 'entryTime', label: 'Entry' },
  { key: 'entryPrice', label: 'Entry px', cls: 'num' },
  { key: 'exitTime', label: 'Exit' },
  { key: 'exitPrice', label: 'Exit px', cls: 'num' },
  { key: 'pnl', label: 'P&L', cls: 'num' },
  { key: 'returnPct', label: 'Return', cls: 'num' },
  { key: 'barsHeld', label: 'Bars', cls: 'num' },
  { key: 'reason', label: 'Exit reason' },
];

interface Row {
  index: number;
  trade: ClosedTrade;
}

function sortValue(r: Row, key: SortKey): number | string {
  if (key === 'index') return r.index;
  const v = r.trade[key];
  return v ?? -Infinity;
}

export function TradesTab() {
  const result = useStudioStore((s) => s.result);
  const containerId = useStudioStore((s) => s.containerId);
  const selected = useStudioStore((s) => s.selectedTradeId);
  const selectTrade = useStudioStore((s) => s.selectTrade);
  const [sort, setSort] = useState<{ key: SortKey; dir: 1 | -1 }>({ key: 'index', dir: 1 });
  const [text, setText] = useState('');
  const [side, setSide] = useState<'all' | 'long' | 'short'>('all');
  const [outcome, setOutcome] = useState<'all' | 'win' | 'loss'>('all');

  const trades = containerOf(result, containerId)?.trades ?? [];
  const rows = useMemo(() => {
    const q = text.trim().toLowerCase();
    const list = trades
      .map((trade, index) => ({ index: index + 1, trade }))
      .filter(({ trade: t }) => {
        if (side !== 'all' && t.side !== side) return false;
        if (outcome === 'win' && !(t.pnl > 0)) return false;
        if (outcome === 'loss' && !(t.pnl <= 0)) return false;
        if (q && !`${t.symbol} ${t.reason} ${t.id} ${t.strategyId ?? ''}`.toLowerCase().includes(q)) return false;
        return true;
      });
    list.sort((a, b) => {
      const x = sortValue(a, sort.key);
      const y = sortValue(b, sort.key);
      return (x < y ? -1 : x > y ? 1 : a.index - b.index) * sort.dir;
    });
    return list;
  }, [trades, text, side, outcome, sort]);

  if (!result) return <EmptyState title="No trades yet" hint="Run the config (Ctrl/⌘ + Enter) to list every closed trade." />;
  if (!trades.length) return <EmptyState title="This run closed no trades" hint="Try other strategy parameters or a longer date range." />;

  const selectedIndex = rows.findIndex((r) => r.trade.id === selected);
  const total = rows.reduce((a, r) => a + r.trade.pnl, 0);
  return (
    <div className="trades-tab" data-testid="trades-tab">
      <div className="toolbar">
        <input
          type="search"
          placeholder="Filter symbol, reason, id…"
          value={text}
          onChange={(e) => setText(e.target.value)}
          aria-label="Filter trades"
          data-testid="trade-filter"
        />
        <select value={side} onChange={(e) => setSide(e.target.value as typeof side)} aria-label="Side">
          <option value="all">Long & short</option>
          <option value="long">Long</option>
          <option value="short">Short</option>
        </select>
        <select value={outcome} onChange={(e) => setOutcome(e.target.value as typeof outcome)} aria-label="Outcome">
          <option value="all">Wins & losses</option>
          <option value="win">Winners</option>
          <option value="loss">Losers</option>
        </select>
        <span className="muted" data-testid="trade-count">
          {rows.length} of {trades.length} trades · P&L {formatMoney(total)}
        </span>
      </div>
      <div
        className="table trades-table"
        role="table"
        aria-label="Trades"
        tabIndex={0}
        data-testid="trades-table"
        title="↑/↓ select a trade, Enter opens its chain"
        onKeyDown={(e) => {
          if (e.target instanceof HTMLButtonElement) return;
          const d = e.key === 'ArrowDown' ? 1 : e.key === 'ArrowUp' ? -1 : 0;
          if (d) {
            e.preventDefault();
            const next = rows[Math.max(0, Math.min(rows.length - 1, (selectedIndex < 0 ? -1 : selectedIndex) + d))];
            if (next) selectTrade(next.trade.id, false);
          } else if (e.key === 'Enter' && selected) {
            selectTrade(selected, true);
          }
        }}
      >
        <div className="thead trade-grid" role="row">
          {COLUMNS.map((c) => (
            <button
              key={c.key}
              role="columnheader"
              className={`th ${c.cls ?? ''}`}
              aria-sort={sort.key === c.key ? (sort.dir === 1 ? 'ascending' : 'descending') : 'none'}
              onClick={() => setSort((s) => ({ key: c.key, dir: s.key === c.key ? (s.dir === 1 ? -1 : 1) : c.key === 'pnl' ? -1 : 1 }))}
              data-testid={`sort-${c.key}`}
            >
              {c.label}
              {sort.key === c.key ? (sort.dir === 1 ? ' ▲' : ' ▼') : ''}
            </button>
          ))}
        </div>
        <WindowedList
          count={rows.length}
          rowHeight={28}
          scrollToIndex={selectedIndex >= 0 ? selectedIndex : null}
          ariaLabel="Trade rows"
          testId="trade-rows"
          renderRow={(i) => {
            const { index, trade: t } = rows[i]!;
            return (
              <div
                role="row"
                className={`tr trade-grid ${t.id === selected ? 'selected' : ''}`}
                data-testid="trade-row"
                data-trade-id={t.id}
                onClick={() => selectTrade(t.id, true)}
                tabIndex={0}
                aria-label={`Trade ${index}: ${t.side} ${t.symbol}, P&L ${formatMoney(t.pnl)}. Enter opens its event chain`}
                onKeyDown={(e) => {
                  // Each row is reachable by Tab and opens like a click (the table's arrows still move the selection).
                  if (e.key === 'Enter' || e.key === ' ') {
                    e.preventDefault();
                    e.stopPropagation();
                    selectTrade(t.id, true);
                  }
                }}
                title="Open this trade’s event chain"
              >
                <span role="cell" className="num">{index}</span>
                <span role="cell" className={t.side === 'long' ? 'pos' : 'neg'}>{t.side}</span>
                <span role="cell">{t.symbol}</span>
                <span role="cell" className="num">{t.quantity}</span>
                <span role="cell">{formatTime(t.entryTime)}</span>
                <span role="cell" className="num">{formatPrice(t.entryPrice)}</span>
                <span role="cell">{formatTime(t.exitTime)}</span>
                <span role="cell" className="num">{formatPrice(t.exitPrice)}</span>
                <span role="cell" className={`num ${t.pnl > 0 ? 'pos' : t.pnl < 0 ? 'neg' : ''}`}>{formatMoney(t.pnl)}</span>
                <span role="cell" className="num">{formatPct(t.returnPct)}</span>
                <span role="cell" className="num">{t.barsHeld ?? '—'}</span>
                <span role="cell" className="ellipsis">{t.reason}</span>
              </div>
            );
          }}
        />
      </div>
    </div>
  );
}
