// The header: config name, dataset picker, Run / Sweep / Cancel with live progress
// (done/total, events per second, ETA), share link and theme toggle.
import { useEffect, useRef, useState } from 'react';
import { useStudioStore } from './state/studio-store';
import { cancelRun, chooseDataset, runBacktest, runSweep } from './state/studio-actions';
import { ShareButton } from './share/ShareButton';
import { services, type DatasetOption } from './state/studio-services';
import { ProgressBar } from './ProgressBar';
import { runWalkForwardStudy } from './state/walk-forward-actions';
import { CsvImportPanel } from './csv-import/CsvImportPanel';
import { importCsvWithProgress } from './csv-import/import-csv-action';

export function HeaderBar() {
  const status = useStudioStore((s) => s.status);
  const datasetId = useStudioStore((s) => s.datasetId);
  const theme = useStudioStore((s) => s.theme);
  const setTheme = useStudioStore((s) => s.setTheme);
  const progress = useStudioStore((s) => s.progress);
  const name = useStudioStore((s) => s.result?.configName);
  const hasErrors = useStudioStore((s) => s.parseErrors.length > 0);
  const hasLastValid = useStudioStore((s) => s.lastValidText !== null);
  const [datasets, setDatasets] = useState<DatasetOption[]>([]);
  const [datasetsVersion, setDatasetsVersion] = useState(0);
  const csvRef = useRef<HTMLInputElement>(null);
  const patch = useStudioStore((s) => s.patch);

  // Listed again when the config names a dataset (a shared link's CSV imported on open, say).
  useEffect(() => {
    void services.listDatasets().then(setDatasets);
  }, [datasetsVersion, datasetId]);

  const busy = status !== 'idle';
  return (
    <header className="header" data-testid="header">
      <h1 className="brand">
        Event Studio{name ? <span className="muted run-name"> · {name}</span> : null}
      </h1>
      <label className="dataset">
        <span className="sr-only">Dataset</span>
        <select
          value={datasetId}
          onChange={(e) => chooseDataset(e.target.value, datasets.find((d) => d.id === e.target.value)?.symbols)}
          disabled={busy}
          aria-label="Dataset"
          data-testid="dataset-picker"
        >
          {datasets.length === 0 && <option value={datasetId}>{datasetId}</option>}
          {datasets.map((d) => (
            <option key={d.id} value={d.id} title={d.description}>
              {d.name}
            </option>
          ))}
        </select>
      </label>
      <button onClick={() => csvRef.current?.click()} disabled={busy} title="Import a CSV of OHLCV bars (Yahoo Finance export works as is)" data-testid="import-csv">
        + CSV
      </button>
      <input
        ref={csvRef}
        type="file"
        accept=".csv,text/csv"
        hidden
        data-testid="import-csv-file"
        onChange={async (e) => {
          const f = e.target.files?.[0];
          e.target.value = '';
          if (!f) return;
          try {
            // Streamed in a worker with progress and a cancel (CsvImportPanel, which also lists every row error).
            const id = await importCsvWithProgress(f);
            if (id === null) {
              patch({ notice: `Import of ${f.name} cancelled: nothing was changed.` });
              return;
            }
            setDatasetsVersion((v) => v + 1);
            // The file's symbols decide which of the config's data.symbols stay.
            const symbols = (await services.listDatasets()).find((d) => d.id === id)?.symbols;
            chooseDataset(id, symbols);
            patch({ notice: `Imported ${f.name}: data.source is now ${id}. Run to backtest it.`, runError: null });
          } catch (err) {
            patch({ runError: err instanceof Error ? err.message : String(err) });
          }
        }}
      />
      <CsvImportPanel />
      <div className="actions">
        <button
          className="primary"
          onClick={() => void runBacktest()}
          disabled={busy || (hasErrors && !hasLastValid)}
          title="Run the backtest (Ctrl/⌘ + Enter)"
          data-testid="run-button"
        >
          ▶ Run
        </button>
        <button onClick={() => void runSweep()} disabled={busy || (hasErrors && !hasLastValid)} title="Run every point of the optimization grid" data-testid="sweep-button">
          ▦ Sweep
        </button>
        <button
          onClick={() => void runWalkForwardStudy()}
          disabled={busy || (hasErrors && !hasLastValid)}
          title="Walk-forward validation of optimization.walk_forward: optimize on each training window, test on the bars after it"
          data-testid="walk-forward-button"
        >
          ⇶ Walk-forward
        </button>
        <button onClick={cancelRun} disabled={!busy} title="Cancel (Escape)" data-testid="cancel-button">
          ■ Cancel
        </button>
      </div>
      {hasErrors && hasLastValid && (
        <span className="note" data-testid="last-valid-note" title="The editor holds errors; Run uses the last config that parsed.">
          using last valid config
        </span>
      )}
      <ProgressBar progress={progress} active={busy} kind={status === 'sweeping' || status === 'walking' ? 'points' : 'bars'} />
      <div className="spacer" />
      <ShareButton />
      <button
        onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')}
        aria-label={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`}
        data-testid="theme-toggle"
      >
        {theme === 'dark' ? '☀' : '☾'}
      </button>
    </header>
  );
}
