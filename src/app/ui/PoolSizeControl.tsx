// How many Web Workers run backtests and sweeps: the default keeps one core for the UI; on a
// small machine a sweep finishes sooner with every core (the page stays usable, a bit slower).
import { defaultPoolSize } from '../workers/backtest-pool';
import { setPoolSize } from './state/studio-actions';
import { useStudioStore } from './state/studio-store';

export function PoolSizeControl() {
  const poolSize = useStudioStore((s) => s.poolSize);
  const busy = useStudioStore((s) => s.status !== 'idle');
  const cores = globalThis.navigator?.hardwareConcurrency ?? 2;
  const fallback = defaultPoolSize();
  const choices = Array.from({ length: Math.max(cores, poolSize ?? 1, 2) }, (_, i) => i + 1);
  return (
    <label title={`Web Workers for runs and sweeps (this machine has ${cores} cores; the default keeps one for the page)`}>
      Workers{' '}
      <select
        value={poolSize === null ? 'auto' : String(poolSize)}
        disabled={busy}
        onChange={(e) => setPoolSize(e.target.value === 'auto' ? null : Number(e.target.value))}
        data-testid="pool-size"
      >
        <option value="auto">auto ({fallback})</option>
        {choices.map((n) => (
          <option key={n} value={String(n)}>
            {n}
          </option>
        ))}
      </select>
    </label>
  );
}
