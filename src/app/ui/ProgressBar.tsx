// Live progress of a run or sweep: done/total, events per second and ETA.
import type { PoolProgress } from '../../engine/optimization/pool-protocol';
import { formatDuration, formatInt } from './format/format-number';

export function ProgressBar({ progress, active, kind }: { progress: PoolProgress | null; active: boolean; kind: 'bars' | 'points' }) {
  if (!active) return null;
  const pct = progress && progress.total > 0 ? Math.min(100, (progress.done / progress.total) * 100) : 0;
  return (
    <div className="progress" data-testid="progress" role="progressbar" aria-valuemin={0} aria-valuemax={progress?.total ?? 0} aria-valuenow={progress?.done ?? 0}>
      <div className="progress-track">
        <div className={`progress-fill ${progress ? '' : 'indeterminate'}`} style={{ width: progress ? `${pct}%` : undefined }} />
      </div>
      <span className="progress-text" data-testid="progress-text">
        {progress ? (
          <>
            {formatInt(progress.done)}/{formatInt(progress.total)} {kind}
            {progress.failed ? ` · ${progress.failed} failed` : ''} · {formatInt(progress.eventsPerSecond)} ev/s
            {progress.etaMs != null ? ` · ETA ${formatDuration(progress.etaMs)}` : ''}
          </>
        ) : (
          'starting workers…'
        )}
      </span>
    </div>
  );
}
