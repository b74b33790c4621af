// `npm run worker -- --queue redis://host:port [--concurrency n]`: serves queued sweeps
// (npm run backtest -- <config> --queue …) on this machine; logic in src/node/queue/.
import { runWorkerCli } from '../src/node/queue/run-worker-cli';

process.exitCode = await runWorkerCli(process.argv.slice(2));
process.exit();
