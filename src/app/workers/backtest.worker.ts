// Web Worker entry of BacktestPool: one isolated engine per worker (its own buses,
// id generators and tracers per run), driven over Comlink in batches of points.
// The worker is hardened before anything else runs (network, DOM and messaging globals
// removed, Function constructors locked): user strategies execute here, never on the
// main thread. A worker whose built-ins user code damaged beyond repair is replaced.
import { expose } from 'comlink';
import type { SweepWorkerApi } from '../../engine/optimization/pool-protocol';
import { installSandboxGlobals, sandboxTaint } from '../strategy-lab/sandbox-globals';
import { createBacktestWorkerApi } from './backtest-worker-api';

const handles = installSandboxGlobals();
const api = createBacktestWorkerApi(handles);

/**
 * After a job, a tainted realm cannot be trusted for the next one: the outcome is answered
 * first, then an uncaught error ends the worker (BacktestPool sees 'error', terminates it
 * and spawns a fresh one for the next job).
 */
/**
 * installSandboxGlobals' own hardening (a frozen Error.prepareStackTrace, added after the
 * intrinsics snapshot was taken) is reported as taint by restoreIntrinsics: not user damage.
 */
const OWN_HARDENING = ['Error.prepareStackTrace'];

function retireIfTainted(): void {
  const taint = sandboxTaint().filter((t) => !OWN_HARDENING.includes(t));
  if (taint.length === 0) return;
  setTimeout(() => {
    throw new Error(`backtest worker retired: user code altered built-ins beyond repair (${taint.join(', ')})`);
  }, 0);
}

const guarded: SweepWorkerApi = {
  ...api,
  async runBatch(contextId, jobs, onStart) {
    try {
      return await api.runBatch(contextId, jobs, onStart);
    } finally {
      retireIfTainted();
    }
  },
  async runJob(request, onProgress) {
    try {
      return await api.runJob(request, onProgress);
    } finally {
      retireIfTainted();
    }
  },
};

expose(guarded, handles.endpoint);
