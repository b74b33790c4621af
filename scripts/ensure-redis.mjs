// A real redis-server for the queue tests and benchmark, so a fresh machine needs nothing by
// hand: Debian's `redis-server` (installed with apt-get when missing and we are root), started
// on loopback on a free port with no persistence in a temp dir, and stopped (dir removed) after.
// As a script (`node scripts/ensure-redis.mjs`) it only makes sure the binary is there.
import { execSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const CANDIDATES = [process.env.REDIS_SERVER, '/usr/bin/redis-server', '/usr/local/bin/redis-server'].filter(Boolean);

/** Path of redis-server, installing Debian's package when missing (root + apt-get only). */
export function ensureRedisServer() {
  const found = CANDIDATES.find((p) => existsSync(p));
  if (found) return found;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !existsSync('/usr/bin/apt-get')) {
    throw new Error(
      '[ensure-redis] No redis-server found. Install it (sudo apt-get install -y redis-server) ' +
        'or point REDIS_SERVER at a redis-server binary.',
    );
  }
  console.log('[ensure-redis] installing Debian redis-server…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execSync('apt-get update -qq', { stdio: 'inherit', env });
  execSync('apt-get install -y -qq --no-install-recommends redis-server', { stdio: 'inherit', env });
  // The package may start a system service on 6379; we never use it (our servers get free ports).
  const installed = CANDIDATES.find((p) => existsSync(p));
  if (!installed) throw new Error('[ensure-redis] apt-get finished but redis-server is missing.');
  return installed;
}

/** A free TCP port on 127.0.0.1 (bound then released). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function canConnect(port) {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function waitFor(check, what, timeoutMs) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`[ensure-redis] timed out waiting for ${what}`);
}

/**
 * Starts redis-server on 127.0.0.1 (a free port unless given) with `--save '' --appendonly no`
 * in a temp dir. `stop()` ends it (SIGTERM, then SIGKILL) and removes the dir; `restart()`
 * stops and starts it again on the same port (its data is gone, as after a real crash
 * without persistence).
 */
export async function startRedis(options = {}) {
  const bin = ensureRedisServer();
  const port = options.port ?? (await freePort());
  const dir = mkdtempSync(join(tmpdir(), 'es-redis-'));
  let child = null;
  let exited = Promise.resolve();

  const launch = async () => {
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--protected-mode', 'yes', '--loglevel', 'warning'];
    // A small sh wrapper ties the server to us: it ends when our end of its stdin closes, which
    // also happens when this process dies without calling stop() (a crashed test run leaves no
    // redis-server behind); and the wrapper exits when the server does.
    const proc = spawn('/bin/sh', ['-c', 'exec 3<&0; "$0" "$@" </dev/null & pid=$!; (cat <&3 >/dev/null; kill $pid 2>/dev/null) & wait $pid', bin, ...args], {
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    let stderr = '';
    proc.stderr.on('data', (d) => (stderr += d));
    exited = new Promise((resolve) => proc.once('exit', resolve));
    child = proc;
    try {
      await waitFor(async () => proc.exitCode === null && (await canConnect(port)), `redis-server on port ${port}`, 10_000);
    } catch (error) {
      proc.stdin.end();
      throw new Error(`${error.message}${stderr ? `: ${stderr.trim()}` : ''}`, { cause: error });
    }
  };

  const halt = async () => {
    const proc = child;
    child = null;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    proc.stdin.end();
    const timer = setTimeout(() => proc.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
  };

  await launch();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    get pid() {
      return child?.pid;
    },
    async restart(downMs = 0) {
      await halt();
      if (downMs > 0) await new Promise((r) => setTimeout(r, downMs));
      await launch();
    },
    async stop() {
      await halt();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    console.log(`[ensure-redis] using ${ensureRedisServer()}`);
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}
