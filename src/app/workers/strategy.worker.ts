// Web Worker entry that runs user strategy code, and nothing else: a fresh one per job
// (a single backtest or one batch of sweep points), spawned by the pool worker, which
// sends it everything the job needs and terminates it afterwards — no strategy outlives
// its run, and no later job ever reaches it. Before any user code exists, the worker keeps
// its own port, removes every global that reaches the network, storage or other contexts,
// and locks the realm down (SES); strategies then run in per-instance Compartments.
import { removeWorkerGlobals } from '../strategy-lab/sandbox-globals';
import { lockdownStrategyRealm } from '../strategy-lab/strategy-realm';
import { runStrategyJob } from './strategy-job';
import type { StrategyJobWire } from './strategy-worker-protocol';
import { unpackStrategyJob } from './strategy-job-wire';

const port = removeWorkerGlobals();
lockdownStrategyRealm();

const onMessage = (event: MessageEvent): void => {
  // One job per worker: later messages are never read.
  port.removeEventListener('message', onMessage);
  // Its bars arrive as one transferred buffer; the columns are views on it.
  void runStrategyJob(unpackStrategyJob(event.data as StrategyJobWire), port.postMessage, port.now);
};
port.addEventListener('message', onMessage);
port.postMessage({ kind: 'ready' });
