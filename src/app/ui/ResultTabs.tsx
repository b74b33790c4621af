// The right pane: tabs over the current run (Overview, Trades, Chain, Events,
// Containers) and the cross-run views (Sweep, Runs); only the active tab renders.
import { lazy, Suspense } from 'react';
import { useStudioStore } from './state/studio-store';
import { TABS } from './state/studio-types';
import { ViewErrorBoundary } from './ViewErrorBoundary';
import { staleReasonOf } from './state/result-selectors';
import { runBacktest } from './state/studio-actions';
import './results.css';

// Every view loads on demand: the charting library downloads while the first backtest
// runs in its worker, keeping the initial bundle to the shell and the editor.
const OverviewTab = lazy(() => import('./OverviewTab').then((m) => ({ default: m.OverviewTab })));
const TradesTab = lazy(() => import('./TradesTab').then((m) => ({ default: m.TradesTab })));
const ChainTab = lazy(() => import('./chain/ChainTab').then((m) => ({ default: m.ChainTab })));
const EventsTab = lazy(() => import('./EventsTab').then((m) => ({ default: m.EventsTab })));
const ContainersTab = lazy(() => import('./ContainersTab').then((m) => ({ default: m.ContainersTab })));
const SweepTab = lazy(() => import('./SweepTab').then((m) => ({ default: m.SweepTab })));
const RunsTab = lazy(() => import('./RunsTab').then((m) => ({ default: m.RunsTab })));
const WalkForwardTab = lazy(() => import('./walk-forward/WalkForwardTab').then((m) => ({ default: m.WalkForwardTab })));

export function ResultTabs() {
  const tab = useStudioStore((s) => s.tab);
  const setTab = useStudioStore((s) => s.setTab);
  const tradeCount = useStudioStore((s) => {
    const r = s.result;
    const c = r && (s.containerId ? r.containers[s.containerId] : undefined);
    return c?.trades.length;
  });
  const stale = useStudioStore(staleReasonOf);
  const busy = useStudioStore((s) => s.status !== 'idle');
  return (
    <section className="results" aria-label="Results">
      <nav className="tabs" role="tablist" aria-label="Result views">
        {TABS.map((t) => (
          <button
            key={t.id}
            role="tab"
            aria-selected={tab === t.id}
            className={tab === t.id ? 'active' : ''}
            onClick={() => setTab(t.id)}
            data-testid={`tab-${t.id}`}
          >
            {t.label}
            {t.id === 'trades' && tradeCount !== undefined ? <span className="count">{tradeCount}</span> : null}
          </button>
        ))}
      </nav>
      {stale && (
        <div className="stale-banner" role="alert" data-testid="stale-banner">
          <span>
            <b>Out of date.</b> {stale}
          </span>
          <button type="button" className="primary" onClick={() => void runBacktest()} disabled={busy} data-testid="stale-run">
            ▶ Run
          </button>
        </div>
      )}
      <div className={`tab-panel${stale ? ' stale' : ''}`} role="tabpanel" data-stale={stale ? 'true' : undefined}>
        <ViewErrorBoundary resetKey={tab} onReset={() => setTab('overview')}>
        <Suspense fallback={<div className="loading-state" role="status"><div className="spinner" /> Loading view…</div>}>
        {tab === 'overview' && <OverviewTab />}
        {tab === 'trades' && <TradesTab />}
        {tab === 'chain' && <ChainTab />}
        {tab === 'events' && <EventsTab />}
        {tab === 'containers' && <ContainersTab />}
        {tab === 'sweep' && <SweepTab />}
        {tab === 'walk-forward' && <WalkForwardTab />}
        {tab === 'runs' && <RunsTab />}
        </Suspense>
        </ViewErrorBoundary>
      </div>
    </section>
  );
}
