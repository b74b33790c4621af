// Defence in depth for the strategy worker: user code runs in a Compartment whose global
// object is not the worker's, so it reaches none of these — but should a way to the
// worker global ever be found (a receiver-less Web IDL call, say), it finds nothing that
// talks to the network, storage, the page or other workers. Before lockdown() the worker
// keeps private handles to its own port (the one job it is sent, its answers) and
// removes everything else that can reach out, own or inherited.

/** Worker globals removed (or shadowed with undefined) in the strategy worker before any user code exists. */
export const WORKER_REMOVED_GLOBALS = [
  // network, directly or through a URL the browser loads
  'fetch', 'XMLHttpRequest', 'WebSocket', 'WebSocketStream', 'WebTransport', 'EventSource', 'RTCPeerConnection',
  'Request', 'Response', 'FontFace', 'fonts', 'FontFaceSet', 'Image', 'ImageDecoder', 'createImageBitmap', 'OffscreenCanvas',
  'importScripts', 'navigator', 'location', 'WorkerNavigator', 'WorkerLocation', 'reportError',
  // other contexts and messaging
  'postMessage', 'close', 'onmessage', 'onmessageerror', 'addEventListener', 'removeEventListener', 'dispatchEvent',
  'Worker', 'SharedWorker', 'BroadcastChannel', 'MessageChannel', 'MessagePort',
  // storage
  'indexedDB', 'caches', 'cookieStore', 'localStorage', 'sessionStorage', 'storage', 'StorageManager', 'FileSystemHandle',
  // later callbacks and side channels
  'setTimeout', 'setInterval', 'clearTimeout', 'clearInterval', 'queueMicrotask', 'requestAnimationFrame', 'scheduler',
  'performance', 'crypto', 'SharedArrayBuffer', 'Atomics', 'WebAssembly',
] as const;

/** The strategy worker's own port, bound before the globals are removed. */
export interface StrategyWorkerPort {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  /** Its monotonic clock (performance.now), kept for the heartbeat. */
  now: () => number;
  /** Names still reachable afterwards (should be empty; for diagnostics). */
  remaining: string[];
}

type Scope = Record<string, unknown>;

function bound(scope: Scope, name: string): ((...args: never[]) => unknown) | undefined {
  const f = scope[name];
  return typeof f === 'function' ? (f as (...args: unknown[]) => unknown).bind(scope) : undefined;
}

/**
 * Keeps the worker's port and clock, then deletes every WORKER_REMOVED_GLOBALS name from
 * `scope` (the worker's global object; a stand-in in tests) and shadows what survives
 * delete (members of the global's prototype) with an own, non-configurable undefined.
 */
export function removeWorkerGlobals(scope: object = globalThis): StrategyWorkerPort {
  const g = scope as Scope;
  const missing = () => {
    throw new Error('removeWorkerGlobals: this scope has no postMessage/addEventListener (not a worker).');
  };
  const perf = g.performance as { now?: () => number } | undefined;
  const now = typeof perf?.now === 'function' ? perf.now.bind(perf) : () => 0;
  const port: StrategyWorkerPort = {
    postMessage: (bound(g, 'postMessage') ?? missing) as StrategyWorkerPort['postMessage'],
    addEventListener: (bound(g, 'addEventListener') ?? missing) as StrategyWorkerPort['addEventListener'],
    removeEventListener: (bound(g, 'removeEventListener') ?? missing) as StrategyWorkerPort['removeEventListener'],
    now,
    remaining: [],
  };
  for (const name of WORKER_REMOVED_GLOBALS) {
    if (!(name in g)) continue;
    try {
      delete g[name];
    } catch {
      // non-configurable: shadowed below
    }
    if (name in g && g[name] !== undefined) {
      try {
        Object.defineProperty(g, name, { value: undefined, writable: false, configurable: false, enumerable: false });
      } catch {
        // reported in `remaining`
      }
    }
    if (g[name] !== undefined) port.remaining.push(name);
  }
  return port;
}
