// The right pane: tabs over the current run (Overview, Trades, Chain, Events,
// Containers) and the cross-run views (Sweep, Runs); only the active tab renders.
import { useStudioStore } from './state/studio-store';
import { TABS } from './state/studio-types';
import { OverviewTab } from './OverviewTab';
import { TradesTab } from './TradesTab';
import { ChainTab } from './chain/ChainTab';
import { EventsTab } from './EventsTab';
import { ContainersTab } from './ContainersTab';
import { SweepTab } from './SweepTab';
import { RunsTab } from './RunsTab';

export function ResultTabs() {
  const tab = useStudioStore((s) => s.tab);
  const setTab = useStudioStore((s) => s.setTab);
  const tradeCount = useStudioStore((s) => {
    const r = s.result;
    const c = r && (s.containerId ? r.containers[s.containerId] : undefined);
    return c?.trades.length;
  });
  return (
    <section className="results">
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
      <div className="tab-panel" role="tabpanel">
        {tab === 'overview' && <OverviewTab />}
        {tab === 'trades' && <TradesTab />}
        {tab === 'chain' && <ChainTab />}
        {tab === 'events' && <EventsTab />}
        {tab === 'containers' && <ContainersTab />}
        {tab === 'sweep' && <SweepTab />}
        {tab === 'runs' && <RunsTab />}
      </div>
    </section>
  );
}
