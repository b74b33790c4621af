// One Vite config for the static studio build and the Vitest unit tests.
// `base: './'` makes dist/ work from any sub-path of any static host.
import { defineConfig, type Plugin } from 'vitest/config';
import react from '@vitejs/plugin-react';

// Workers get their Content-Security-Policy from their script's response (the page's meta tag
// does not reach them): the strategy worker, which runs user code, may evaluate (SES needs
// eval for its Compartments) but reach nothing — no connect, font or image loads; the
// backtest (pool) worker may fetch bundled datasets from 'self' and start strategy workers.
const STRATEGY_WORKER_CSP = "default-src 'none'; script-src 'self' 'unsafe-eval'; connect-src 'none'; font-src 'none'; img-src 'none'; worker-src 'none'";
const BACKTEST_WORKER_CSP = "default-src 'self'; script-src 'self'; connect-src 'self'; worker-src 'self'; font-src 'none'; img-src 'none'";

function workerCsp(): Plugin {
  const middleware = (req: { url?: string }, res: { setHeader(name: string, value: string): void }, next: () => void) => {
    const url = req.url ?? '';
    if (/strategy\.worker/.test(url)) res.setHeader('Content-Security-Policy', STRATEGY_WORKER_CSP);
    else if (/backtest\.worker/.test(url)) res.setHeader('Content-Security-Policy', BACKTEST_WORKER_CSP);
    next();
  };
  return {
    name: 'worker-csp',
    configureServer: (server) => void server.middlewares.use(middleware),
    configurePreviewServer: (server) => void server.middlewares.use(middleware),
    // The dev server's React refresh preamble is an inline script: the page's CSP applies to builds only.
    transformIndexHtml: {
      order: 'pre',
      handler: (html, ctx) => (ctx.server ? html.replace(/\s*<!-- No inline script[^>]*-->\s*<meta http-equiv="Content-Security-Policy"[^>]*>/, '') : html),
    },
  };
}

export default defineConfig({
  base: './',
  plugins: [react(), workerCsp()],
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 1200,
  },
  preview: { port: 4173, strictPort: true },
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts', 'bench/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    // Weak-subscription tests call global.gc() to observe real collection.
    execArgv: ['--expose-gc'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
