// `npm run backtest -- <config.yaml> [--data <csv>...] [--out <dir>]`: the headless
// runner (logic in src/node/run-headless.ts, where it is tested).
import { runHeadless } from '../src/node/run-headless';

process.exitCode = await runHeadless(process.argv.slice(2));
