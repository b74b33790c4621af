// Asks the type-check worker about a strategy source. The worker starts on the first request
// (so the compiler is never part of the page's first load); a request superseded by a newer
// one answers null, so the editor only ever shows the diagnostics of the text it holds.
import type { TypeDiagnostic } from './strategy-type-check';
import type { TypeCheckReply } from './strategy-type-check.worker';

let worker: Worker | null = null;
let seq = 0;
const pending = new Map<number, (d: TypeDiagnostic[] | null) => void>();

function start(): Worker {
  const w = new Worker(new URL('./strategy-type-check.worker.ts', import.meta.url), { type: 'module', name: 'strategy-type-check' });
  w.onmessage = (e: MessageEvent<TypeCheckReply>) => {
    const resolve = pending.get(e.data.id);
    pending.delete(e.data.id);
    resolve?.('diagnostics' in e.data ? e.data.diagnostics : null);
  };
  w.onerror = () => {
    // The checker could not start (or crashed): no type diagnostics, the compiler's still apply.
    for (const resolve of pending.values()) resolve(null);
    pending.clear();
    worker = null;
  };
  return w;
}

/** The type diagnostics of `source`, or null when a newer request replaced this one (or the checker is unavailable). */
export function typeDiagnostics(source: string): Promise<TypeDiagnostic[] | null> {
  worker ??= start();
  const id = ++seq;
  for (const [old, resolve] of pending) {
    pending.delete(old);
    resolve(null);
  }
  return new Promise((resolve) => {
    pending.set(id, resolve);
    worker!.postMessage({ id, source });
  });
}
