// Argument parsing for `npm run backtest`: small and strict, so a typo in a flag
// is an error that says what was meant instead of a silently ignored option.
export interface BacktestArgs {
  configPath: string;
  dataPaths: string[];
  outDir: string;
  symbol?: string;
  environment?: string;
  workers?: number;
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

  <config.yaml>     the studio config (YAML) to run
  --data <csv>      bars to run on instead of the config's bundled dataset (repeatable)
  --out <dir>       results folder (default: results); writes <dir>/<container>/metrics.json
                    and <dir>/<container>/events.jsonl.gz where tracing keeps events
  --symbol <SYM>    symbol for a CSV holding one symbol without a symbol column
  --env <name>      environment block to apply (overrides the config's 'environment')
  --workers <n>     worker threads for optimization grids (default: cores - 1)
  --quiet           no progress line

exit codes: 0 success, 1 run error, 2 invalid config, data or arguments`;

const FLAGS = ['--data', '--out', '--symbol', '--env', '--workers', '--quiet', '--help', '-h'];

function suggest(flag: string): string {
  const close = FLAGS.filter((f) => f.startsWith(flag.slice(0, 4)));
  return close.length ? ` Did you mean ${close.join(' or ')}?` : '';
}

export function parseBacktestArgs(argv: readonly string[]): BacktestArgs {
  const args: BacktestArgs = { configPath: '', dataPaths: [], outDir: 'results', quiet: false, help: false };
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
  return args;
}
