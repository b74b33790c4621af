// The built studio in a real Chromium, for the suites that measure the app as users get it: build it
// (unless an existing build is named), serve it with `vite preview`, launch Chromium with the same
// flags as playwright.config.ts, and one close() that stops both, whatever failed on the way.
import { chromium, type Browser } from '@playwright/test';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { resolveChromiumPath } from '../scripts/browser-path.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

export interface BuiltStudio {
  url: string;
  browser: Browser;
  close(): Promise<void>;
}

async function waitForServer(url: string, server: ChildProcess, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (server.exitCode !== null) throw new Error(`vite preview exited (${server.exitCode})`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`vite preview did not answer at ${url} within ${timeoutMs / 1000} s`);
}

/** `dist`: an existing build to serve; otherwise the studio is built into `defaultDist` first. */
export async function openBuiltStudio(options: { dist: string | undefined; defaultDist: string; port: number }): Promise<BuiltStudio> {
  let dist = options.dist;
  if (dist === undefined) {
    dist = options.defaultDist;
    const t0 = performance.now();
    const build = spawnSync('npx', ['vite', 'build', '--outDir', dist, '--emptyOutDir', '--logLevel', 'warn'], { cwd: ROOT, encoding: 'utf8', timeout: 600_000 });
    if (build.status !== 0) throw new Error(`vite build failed: ${(build.stderr || build.stdout).trim().split('\n').slice(-5).join(' | ')}`);
    console.log(`built the studio into ${dist} in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  }
  const url = `http://127.0.0.1:${options.port}/`;
  const server = spawn('npx', ['vite', 'preview', '--host', '127.0.0.1', '--port', String(options.port), '--strictPort', '--outDir', dist], { cwd: ROOT, stdio: 'ignore', detached: true });
  const stopServer = () => {
    if (server.pid !== undefined) process.kill(-server.pid, 'SIGTERM');
  };
  try {
    await waitForServer(url, server, 60_000);
    const browser = await chromium.launch({
      executablePath: resolveChromiumPath() ?? undefined,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    });
    return {
      url,
      browser,
      close: async () => {
        try {
          await browser.close();
        } finally {
          stopServer();
        }
      },
    };
  } catch (error) {
    stopServer();
    throw error;
  }
}
