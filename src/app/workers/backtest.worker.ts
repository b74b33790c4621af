// Web Worker entry of BacktestPool: one isolated engine per worker (its own buses,
// id generators and tracers per run), driven over Comlink in batches of points.
// No user strategy code runs here: a job that carries strategy sources is handed, with
// its dataset, to a fresh strategy worker (strategy.worker.ts, SES-locked) under this
// worker's watchdog, and that worker is ended when the job is done.
import { expose } from 'comlink';
import { createBacktestWorkerApi } from './backtest-worker-api';
import { strategyJobRunner, webWorkerSessions } from './strategy-worker-runner';

expose(createBacktestWorkerApi(undefined, strategyJobRunner(webWorkerSessions())));
