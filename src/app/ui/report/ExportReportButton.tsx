// A button that exports a run as one self-contained HTML report; shows that it is
// working (the full-trace run takes a moment) and says why when it fails.
import { useState } from 'react';
import { useStudioStore } from '../state/studio-store';

export function ExportReportButton({ exportReport, label = 'Export report (HTML)', testId, disabled }: { exportReport: () => Promise<void>; label?: string; testId: string; disabled?: boolean }) {
  const [busy, setBusy] = useState(false);
  const patch = useStudioStore((s) => s.patch);
  return (
    <button
      onClick={async () => {
        setBusy(true);
        try {
          await exportReport();
        } catch (e) {
          patch({ runError: `Report not exported: ${e instanceof Error ? e.message : String(e)}` });
        } finally {
          setBusy(false);
        }
      }}
      disabled={busy || disabled}
      title="One HTML file with inline data, charts and every trade's event chain; opens offline in any browser"
      data-testid={testId}
    >
      {busy ? 'Building report…' : label}
    </button>
  );
}
