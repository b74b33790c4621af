// `npm run worker`: starts a SweepWorker and keeps it running until a signal. The first
// SIGINT/SIGTERM lets the running points finish (their results are not lost); a second one
// stops at once (BullMQ's stalled-job check then gives those points to another worker).
import { CliUsageError } from '../cli-args';
import { escapeTerminalText } from '../terminal-text';
import { SweepWorker } from './sweep-worker';
import { parseWorkerArgs, WORKER_USAGE } from './worker-args';

export async function runWorkerCli(argv: readonly string[]): Promise<number> {
  let args;
  try {
    args = parseWorkerArgs(argv);
  } catch (error) {
    if (error instanceof CliUsageError) {
      process.stderr.write(`${error.message}\n\n${WORKER_USAGE}\n`);
      return 2;
    }
    throw error;
  }
  if (args.help) {
    process.stdout.write(`${WORKER_USAGE}\n`);
    return 0;
  }
  const stamp = () => new Date().toISOString().slice(11, 19);
  // Job lines quote swept values and error messages from the queue: escaped for the terminal.
  const log = (line: string) => process.stderr.write(`${stamp()} ${escapeTerminalText(line)}\n`);
  const worker = new SweepWorker({
    url: args.queue,
    concurrency: args.concurrency,
    ...(args.lockMs !== undefined ? { lockMs: args.lockMs } : {}),
    log: args.quiet ? (line) => (line.startsWith('redis') || line.startsWith('failed') ? log(line) : undefined) : log,
  });
  log(`worker ${process.pid}: connecting to ${args.queue}…`);
  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) {
        // No waiting at all (close() itself may wait on an unreachable Redis): the running points'
        // locks expire and BullMQ's stalled-job check gives them to another worker.
        log(`${signal} again: stopping now`);
        process.exit(130);
      }
      stopping = true;
      log(`${signal}: finishing the running points (send it again to stop now)`);
      // Idle (or Redis unreachable with nothing running): don't wait on the connection to say goodbye.
      const idle = worker.active === 0;
      const closed = worker.close(idle);
      const bounded = idle ? Promise.race([closed, new Promise<void>((r) => setTimeout(r, 3000).unref())]) : closed;
      void bounded.then(
        () => {
          log(`stopped after ${worker.completed} point(s), ${worker.failed} failed attempt(s)`);
          resolve(0);
        },
        (error: unknown) => {
          log(`stopping failed: ${(error as Error).message}`);
          resolve(1);
        },
      );
    };
    process.on('SIGINT', () => stop('SIGINT'));
    process.on('SIGTERM', () => stop('SIGTERM'));
    // Connection errors meanwhile are logged (and retried) by the worker itself.
    void worker.ready().then(() => {
      if (!stopping) log(`worker ${process.pid}: ${args.concurrency} thread(s) on ${args.queue}, waiting for sweep points`);
    });
  });
}
