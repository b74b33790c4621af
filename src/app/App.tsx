// The studio shell. For now it proves the engine core runs in a Web Worker and
// says what the studio will do; the editor, charts and timelines come next.
import { useEffect, useState } from 'react';
import { wrap } from 'comlink';
import type { CoreProbeResult } from './workers/core-probe';

type ProbeApi = { runCoreProbe(signals: number): CoreProbeResult };

const COMING = [
  ['Edit', 'a YAML trace config with inline errors, completion and hover docs'],
  ['Run', 'one backtest or a parameter sweep of hundreds, in parallel Web Workers'],
  ['See', 'equity and drawdown curves, trades, and a sweep heatmap'],
  ['Trace', 'every trade’s correlation chain: signal → order → fill → open → close'],
  ['Share', 'a link that carries the config; runs kept in your browser (IndexedDB)'],
] as const;

export function App() {
  const [probe, setProbe] = useState<CoreProbeResult | 'running' | { error: string }>('running');

  useEffect(() => {
    const worker = new Worker(new URL('./workers/core-probe.worker.ts', import.meta.url), { type: 'module' });
    const api = wrap<ProbeApi>(worker);
    let alive = true;
    api
      .runCoreProbe(10_000)
      .then((r) => alive && setProbe(r))
      .catch((e: unknown) => alive && setProbe({ error: e instanceof Error ? e.message : String(e) }));
    return () => {
      alive = false;
      worker.terminate();
    };
  }, []);

  return (
    <main className="shell">
      <header>
        <h1>Event Studio</h1>
        <p className="tagline">A visual, event-driven backtest studio that runs entirely in your browser.</p>
      </header>
      <section aria-labelledby="coming">
        <h2 id="coming">What is coming</h2>
        <ul>
          {COMING.map(([verb, what]) => (
            <li key={verb}>
              <strong>{verb}</strong> {what}
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="engine">
        <h2 id="engine">Engine self-check</h2>
        {probe === 'running' ? (
          <p role="status">Running the event core in a Web Worker…</p>
        ) : 'error' in probe ? (
          <p role="alert">The engine core failed in the worker: {probe.error}</p>
        ) : (
          <p role="status" data-testid="probe-result">
            Event core ready in a Web Worker: {probe.published.toLocaleString('en-US')} signals published,{' '}
            {probe.receivedByPortfolio.toLocaleString('en-US')} delivered to the filtered portfolio,{' '}
            {probe.foreignSignalsReceived} foreign signals leaked.
          </p>
        )}
      </section>
    </main>
  );
}
