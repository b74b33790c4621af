// The CSV import's progress (rows read, a bar, Cancel) while a file streams in, then the
// import's row errors or warnings as a list with their lines, until dismissed.
import { useCsvImportStore } from './csv-import-store';
import './csv-import.css';

const SHOWN = 200;

export function CsvImportPanel() {
  const active = useCsvImportStore((s) => s.active);
  const report = useCsvImportStore((s) => s.report);
  const patch = useCsvImportStore((s) => s.patch);
  if (!active && !report) return null;
  return (
    <section className="csv-import-panel" aria-label="CSV import" data-testid="csv-import-panel">
      {active && (
        <div className="csv-import-progress" data-testid="csv-import-progress">
          <p role="status">
            Importing {active.fileName}: <span data-testid="csv-import-rows">{active.rows.toLocaleString('en')}</span> rows
            {active.totalBytes > 0 && <> ({Math.min(100, Math.floor((100 * active.bytesRead) / active.totalBytes))} %)</>}
          </p>
          <progress max={Math.max(1, active.totalBytes)} value={Math.min(active.bytesRead, active.totalBytes)} aria-label={`Importing ${active.fileName}`} />
          <button type="button" onClick={() => active.cancel()} data-testid="csv-import-cancel">
            Cancel import
          </button>
        </div>
      )}
      {report && (
        <div className={`csv-import-report ${report.kind}`} data-testid={`csv-import-${report.kind}`}>
          <p role={report.kind === 'errors' ? 'alert' : 'status'}>
            {report.kind === 'errors'
              ? `${report.fileName} was not imported: ${report.total.toLocaleString('en')} row error${report.total === 1 ? '' : 's'}. Fix them and import the file again.`
              : `${report.fileName} was imported with ${report.total.toLocaleString('en')} warning${report.total === 1 ? '' : 's'}: check these rows.`}
          </p>
          <ol className="csv-import-list">
            {report.items.slice(0, SHOWN).map((e, i) => (
              <li key={i} data-testid="csv-import-item">
                <span className="where">
                  line {e.line}
                  {e.column !== undefined ? ` (column ${e.column})` : ''}
                </span>{' '}
                {e.message}
              </li>
            ))}
          </ol>
          {report.total > Math.min(SHOWN, report.items.length) && (
            <p data-testid="csv-import-more">… and {(report.total - Math.min(SHOWN, report.items.length)).toLocaleString('en')} more.</p>
          )}
          <button type="button" onClick={() => patch({ report: null })} data-testid="csv-import-dismiss">
            Dismiss
          </button>
        </div>
      )}
    </section>
  );
}
