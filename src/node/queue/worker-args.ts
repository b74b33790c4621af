// Arguments of `npm run worker`: strict like the backtest's, so a typo is an error that says
// what was meant rather than a worker silently running with defaults.
import { CliUsageError } from '../cli-args';

export interface WorkerArgs {
  queue: string;
  concurrency: number;
  lockMs?: number;
  quiet: boolean;
  help: boolean;
}

export const WORKER_USAGE = `usage: npm run worker -- --queue redis://host:port [--concurrency <n>] [--lock-ms <ms>] [--quiet]

  --queue <url>       the Redis the sweeps are queued on (npm run backtest -- <config> --queue <url>)
  --concurrency <n>   grid points run at once, each in its own worker thread (default 1;
                      one per core is the usual choice)
  --lock-ms <ms>      how long a job stays locked without a heartbeat before another worker
                      takes it over (default 30000): the recovery time after a worker is killed
  --quiet             no line per finished point

Runs until stopped (Ctrl-C / SIGTERM finishes the running points first; a second signal stops at once).`;

const FLAGS = ['--queue', '--concurrency', '--lock-ms', '--quiet', '--help', '-h'];

function positiveInt(flag: string, raw: string, min: number): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new CliUsageError(`${flag} takes a whole number ≥ ${min}, got '${raw}'.`);
  return n;
}

export function parseWorkerArgs(argv: readonly string[]): WorkerArgs {
  const args: WorkerArgs = { queue: '', concurrency: 1, quiet: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): string => {
      const v = argv[i + 1];
      if (v === undefined || v.startsWith('--')) throw new CliUsageError(`${a} needs a value.`);
      i++;
      return v;
    };
    switch (a) {
      case '--queue': {
        const url = value();
        if (!/^rediss?:\/\/[^/\s]+/.test(url)) throw new CliUsageError(`--queue takes a Redis URL such as redis://127.0.0.1:6379, got '${url}'.`);
        args.queue = url;
        break;
      }
      case '--concurrency':
        args.concurrency = positiveInt(a, value(), 1);
        break;
      case '--lock-ms':
        args.lockMs = positiveInt(a, value(), 1000);
        break;
      case '--quiet':
        args.quiet = true;
        break;
      case '--help':
      case '-h':
        args.help = true;
        break;
      default: {
        const close = FLAGS.filter((f) => a.startsWith('-') && f.startsWith(a.slice(0, 4)));
        throw new CliUsageError(a.startsWith('-') ? `Unknown option '${a}'.${close.length ? ` Did you mean ${close.join(' or ')}?` : ''}` : `Unexpected argument '${a}'.`);
      }
    }
  }
  if (!args.help && !args.queue) throw new CliUsageError('Missing --queue redis://host:port: the Redis the sweeps are queued on.');
  return args;
}
