// The container tree (root → portfolios → their strategies; execution, analysis,
// data beside them) with each container's resolved trace settings, which YAML layer
// set each key, events in memory, open positions and memory use.
import { useMemo, useState } from 'react';
import type { ContainerResult } from '../../engine/backtest-result';
import { useStudioStore } from './state/studio-store';
import { services } from './state/studio-services';
import { EmptyState } from './EmptyState';
import { TraceExplanation } from './TraceExplanation';
import { formatInt } from './format/format-number';
import { buildContainerTree, type TreeNode } from './build-container-tree';

function approxBytes(c: ContainerResult): number {
  // Sample a few events' JSON size and scale: cheap, and honest about being an estimate.
  const n = c.events.length;
  if (!n) return 0;
  const step = Math.max(1, Math.floor(n / 50));
  let sum = 0;
  let k = 0;
  for (let i = 0; i < n; i += step, k++) sum += JSON.stringify(c.events[i]).length * 2;
  return (sum / k) * n;
}

function formatBytes(b: number): string {
  if (b < 1024) return `${Math.round(b)} B`;
  if (b < 1024 * 1024) return `${(b / 1024).toFixed(1)} KiB`;
  return `${(b / 1024 / 1024).toFixed(1)} MiB`;
}

export function ContainersTab() {
  const result = useStudioStore((s) => s.result);
  const text = useStudioStore((s) => s.resultConfigText);
  const [selected, setSelected] = useState<string | null>(null);
  const config = useMemo(() => {
    if (!text) return null;
    const p = services.parse(text);
    return p.ok ? p.config : null;
  }, [text]);
  if (!result || !config) return <EmptyState title="No containers yet" hint="Run the config to see its container tree and trace settings." />;
  const tree = buildContainerTree(config, result.containerIds);
  const current = selected ?? result.containerIds.find((id) => result.containers[id]?.type === 'portfolio') ?? tree.children[0]?.id ?? null;
  const c = current ? result.containers[current] : undefined;

  const renderNode = (n: TreeNode, depth: number) => {
    const r = result.containers[n.id];
    return (
      <li key={n.id}>
        <button
          className={`tree-node ${n.id === current ? 'selected' : ''}`}
          style={{ paddingLeft: 8 + depth * 16 }}
          onClick={() => n.type !== 'root' && setSelected(n.id)}
          data-testid="container-node"
          data-container-id={n.id}
        >
          <span className={`badge ${n.type}`}>{n.type}</span> {n.id}
          {r && (
            <span className="muted">
              {' '}
              · {formatInt(r.memory.eventsInMemory)} ev · {r.traceSettings.enabled ? r.traceSettings.retentionPolicy : 'off'}
            </span>
          )}
        </button>
        {n.children.length > 0 && <ul>{n.children.map((ch) => renderNode(ch, depth + 1))}</ul>}
      </li>
    );
  };

  return (
    <div className="containers-tab" data-testid="containers-tab">
      <nav className="tree" aria-label="Container tree">
        <ul>{renderNode(tree, 0)}</ul>
      </nav>
      <section className="container-detail" data-testid="container-detail">
        {current && c ? (
          <>
            <h3>
              {current} <span className={`badge ${c.type}`}>{c.type}</span>
            </h3>
            <dl className="kv">
              <dt>Events in memory</dt>
              <dd data-testid="events-in-memory">{formatInt(c.memory.eventsInMemory)}</dd>
              <dt>Peak events in memory</dt>
              <dd>{formatInt(c.memory.peakEventsInMemory)}</dd>
              <dt>Events dropped by retention</dt>
              <dd>{formatInt(c.eventsDropped)}</dd>
              <dt>Open positions at end</dt>
              <dd>{formatInt(c.memory.openPositions)}</dd>
              <dt>Trades kept</dt>
              <dd>{formatInt(c.trades.length)}</dd>
              <dt>Memory of kept events (est.)</dt>
              <dd>{formatBytes(approxBytes(c))}</dd>
            </dl>
            <h4>Resolved trace settings</h4>
            <TraceExplanation config={config} containerId={current} resolved={c.traceSettings} />
          </>
        ) : (
          <p className="muted">{current ? `${current} produced no result of its own.` : 'Pick a container.'}</p>
        )}
      </section>
    </div>
  );
}
