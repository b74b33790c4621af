// Argument parsing for `npm run backtest`: small and strict, so a typo in a flag
// is an error that says what was meant instead of a silently ignored option.
export interface BacktestArgs {
  configPath: string;
  dataPaths: string[];
  outDir: string;
  symbol?: string;
  environment?: string;
  workers?: number;
  /** redis://host:port: run the config's sweep on a BullMQ queue served by `npm run worker`. */
  queue?: string;
  /** With --queue: re-attach to (or re-run under) this sweep id instead of a new one. */
  sweepId?: string;
  /** Also write the standalone HTML report of the (base) config's run here. */
  report?: string;
  /** With an optimization section: run the base config once instead of the sweep. */
  noSweep: boolean;
  /** Equity curves as equity.npy (default: NumPy records, written without formatting numbers) or equity.json. */
  equityFormat: 'npy' | 'json';
  quiet: boolean;
  help: boolean;
}

export class CliUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }
}

export const BACKTEST_USAGE = `usage: npm run backtest -- <config.yaml> [--data <file.csv> ...] [--out <dir>]
                           [--symbol <SYM>] [--env <environment>] [--workers <n>] [--quiet]
                           [--queue redis://host:port [--sweep-id <id>]]
                           [--report <file.html>] [--no-sweep] [--equity-format npy|json]

  <config.yaml>     the studio config (YAML) to run
  --data <csv>      bars to run on instead of the config's bundled dataset (repeatable)
  --out <dir>       results folder (default: results); writes <dir>/<container>/metrics.json
                    and <dir>/<container>/events.jsonl.gz where tracing keeps events (a
                    container's storage_path, relative to <dir>, moves its folder); a later
                    run into <dir> replaces only what an earlier run wrote there (marker
                    files .event-studio-output.json list it) and says what it replaced
  --symbol <SYM>    symbol for a CSV holding one symbol without a symbol column
  --env <name>      environment block to apply (overrides the config's 'environment')
  --workers <n>     worker threads for optimization grids (default: every core); a config
                    with an optimization section runs its grid, writing each point's
                    containers (<container>_grid_<n> or portfolio_<phase>_<n>) and
                    <dir>/summary.json (every point ranked), and prints the top 10;
                    points the strategy refuses (fast >= slow) are skipped with their
                    reason, optimization.constraint drops combinations before they run
  --queue <url>     run the optimization grid on a Redis queue (BullMQ) served by
                    \`npm run worker -- --queue <url>\` on any number of machines; follows
                    progress, writes <dir>/<container>/metrics.json per point and
                    <dir>/summary.json (every point ranked), prints the top 10
  --sweep-id <id>   with --queue: follow (or finish) an earlier sweep by its id
  --report <html>   also write the standalone HTML report of the config's run (metrics,
                    equity/drawdown, trades, every trade's event chain; opens offline)
  --no-sweep        with an optimization section: run the base config once, not the grid
  --equity-format   npy (default): each portfolio's equity curve as <container>/equity.npy,
                    float64 records (timestamp ms, equity, cash, drawdown) for np.load /
                    pd.DataFrame(np.load(...)); json: <container>/equity.json, one object
                    per point (larger, and slower to write than the backtest on 1 M bars)
  --quiet           no progress line

A file holding only a container's event_tracing block (seed 00-02) runs on every
container of the default study, with a note showing the wrapping.

exit codes: 0 success (skipped sweep points are not errors), 1 run error (a point
failed while running), 2 invalid config, data or arguments (or no sweep point could run)`;

const FLAGS = ['--data', '--out', '--symbol', '--env', '--workers', '--queue', '--sweep-id', '--report', '--no-sweep', '--equity-format', '--quiet', '--help', '-h'];

function suggest(flag: string): string {
  const close = FLAGS.filter((f) => f.startsWith(flag.slice(0, 4)));
  return close.length ? ` Did you mean ${close.join(' or ')}?` : '';
}

export function parseBacktestArgs(argv: readonly string[]): BacktestArgs {
  const args: BacktestArgs = { configPath: '', dataPaths: [], outDir: 'results', noSweep: false, equityFormat: 'npy', quiet: false, help: false };
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): string => {
      const v = argv[i + 1];
      if (v === undefined || v.startsWith('--')) throw new CliUsageError(`${a} needs a value.`);
      i++;
      return v;
    };
    switch (a) {
      case '--data':
        args.dataPaths.push(value());
        break;
      case '--out':
        args.outDir = value();
        break;
      case '--symbol':
        args.symbol = value();
        break;
      case '--env':
        args.environment = value();
        break;
      case '--workers': {
        const raw = value();
        const n = Number(raw);
        if (!Number.isInteger(n) || n < 1) throw new CliUsageError(`--workers takes a whole number ≥ 1, got '${raw}'.`);
        args.workers = n;
        break;
      }
      case '--queue': {
        const url = value();
        if (!/^rediss?:\/\/[^/\s]+/.test(url)) throw new CliUsageError(`--queue takes a Redis URL such as redis://127.0.0.1:6379, got '${url}'.`);
        args.queue = url;
        break;
      }
      case '--sweep-id': {
        const id = value();
        if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(id)) throw new CliUsageError(`--sweep-id takes 1–64 letters, digits, '-' or '_', got '${id}'.`);
        args.sweepId = id;
        break;
      }
      case '--report': {
        const path = value();
        if (!/\.html?$/i.test(path)) throw new CliUsageError(`--report writes an HTML file: give a path ending in .html, got '${path}'.`);
        args.report = path;
        break;
      }
      case '--no-sweep':
        args.noSweep = true;
        break;
      case '--equity-format': {
        const f = value();
        if (f !== 'npy' && f !== 'json') throw new CliUsageError(`--equity-format takes npy or json, got '${f}'.`);
        args.equityFormat = f;
        break;
      }
      case '--quiet':
        args.quiet = true;
        break;
      case '--help':
      case '-h':
        args.help = true;
        break;
      default:
        if (a.startsWith('-')) throw new CliUsageError(`Unknown option '${a}'.${suggest(a)}`);
        positional.push(a);
    }
  }
  if (args.help) return args;
  if (positional.length === 0) throw new CliUsageError('Missing the config file: npm run backtest -- <config.yaml>.');
  if (positional.length > 1) {
    throw new CliUsageError(`Expected one config file, got ${positional.length}: ${positional.join(', ')}. Pass CSV files with --data.`);
  }
  args.configPath = positional[0];
  if (args.sweepId !== undefined && args.queue === undefined) throw new CliUsageError('--sweep-id names a queued sweep: give --queue redis://host:port too.');
  if (args.workers !== undefined && args.queue !== undefined) {
    throw new CliUsageError('--workers sets local threads; with --queue the workers are `npm run worker -- --queue <url> --concurrency <n>` processes.');
  }
  return args;
}
