// `npm run backtest -- <config.yaml> [--data <csv>...] [--out <dir>]`: the headless
// runner (logic in src/node/run-headless.ts, where it is tested); with --queue the sweep
// runs on a Redis queue served by `npm run worker` (src/node/queue/run-queued-backtest.ts).
import { runQueuedBacktest } from '../src/node/queue/run-queued-backtest';
import { runHeadless } from '../src/node/run-headless';

const argv = process.argv.slice(2);
process.exitCode = (await runQueuedBacktest(argv)) ?? (await runHeadless(argv));
