// Web Worker entry of BacktestPool: one isolated engine per worker (its own buses,
// id generators and tracers per run), driven over Comlink in batches of points.
import { expose } from 'comlink';
import { createBacktestWorkerApi } from './backtest-worker-api';

expose(createBacktestWorkerApi());
