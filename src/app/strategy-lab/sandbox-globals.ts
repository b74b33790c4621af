// What user strategy code must not reach, and the two ways it is kept out: every name
// below is shadowed by an undefined parameter of the sandbox function, and in the
// dedicated backtest worker installSandboxGlobals() also removes them from the global
// scope and locks the Function constructors for good (defence in depth: a scope escape
// finds nothing). Per call, lockFunctionConstructors() closes the `(() => {}).constructor`
// door in any realm (also in Node tests) and restores it when user code returns; then
// restoreIntrinsics() undoes any patching of built-ins by user code.
import { restoreIntrinsics } from './intrinsics-snapshot';

/** Globals shadowed as `undefined` inside user code. */
export const SANDBOX_BLOCKED_GLOBALS = [
  // the global object under every name
  'globalThis', 'self', 'window', 'global', 'frames', 'parent', 'top',
  // code from strings, timers (which take strings), workers
  'Function', 'eval', 'setTimeout', 'setInterval', 'clearTimeout', 'clearInterval', 'setImmediate', 'requestAnimationFrame',
  'Worker', 'SharedWorker', 'ServiceWorker', 'WebAssembly', 'importScripts',
  // later callbacks run outside the time budget: strategies are synchronous
  'Promise', 'queueMicrotask', 'FinalizationRegistry',
  // network
  'fetch', 'XMLHttpRequest', 'WebSocket', 'WebSocketStream', 'WebTransport', 'EventSource', 'RTCPeerConnection', 'Request', 'Response', 'Headers', 'FormData',
  // talking to the page / other contexts
  'postMessage', 'close', 'onmessage', 'onmessageerror', 'addEventListener', 'removeEventListener', 'dispatchEvent',
  'BroadcastChannel', 'MessageChannel', 'MessagePort',
  // DOM and storage
  'document', 'navigator', 'location', 'indexedDB', 'caches', 'cookieStore', 'localStorage', 'sessionStorage',
  // side channels and non-determinism (Math and Date are replaced, not removed)
  'performance', 'crypto', 'SharedArrayBuffer', 'Atomics',
  // Node / other runtimes (tests, headless)
  'process', 'require', 'module', 'exports', 'Buffer', 'Deno', 'Bun',
] as const;

/** Globals removed from the worker's global scope by installSandboxGlobals (the worker keeps private copies of what it needs). */
export const WORKER_REMOVED_GLOBALS = [
  'fetch', 'XMLHttpRequest', 'WebSocket', 'WebSocketStream', 'WebTransport', 'EventSource', 'RTCPeerConnection',
  'importScripts', 'postMessage', 'close', 'Worker', 'SharedWorker', 'BroadcastChannel', 'MessageChannel',
  'indexedDB', 'caches', 'cookieStore', 'localStorage', 'sessionStorage', 'document', 'navigator', 'location',
] as const;

function blockedConstructor(): never {
  throw new Error('The Function constructor is not available in a strategy: code cannot be built from strings.');
}

const FUNCTION_PROTOTYPES: readonly { constructor: unknown }[] = [
  Function.prototype,
  Object.getPrototypeOf(async function () {}) as { constructor: unknown },
  Object.getPrototypeOf(function* () {}) as { constructor: unknown },
  Object.getPrototypeOf(async function* () {}) as { constructor: unknown },
];
const ORIGINAL_CONSTRUCTORS = FUNCTION_PROTOTYPES.map((p) => Object.getOwnPropertyDescriptor(p, 'constructor')!);

const LOCKED_DESCRIPTORS = ORIGINAL_CONSTRUCTORS.map((d) => ({ ...d, value: blockedConstructor }));

let lockDepth = 0;
let locked = false;
let releaseQueued = false;
let lockedForGood = false;

function setConstructors(lock: boolean): void {
  // defineProperty, not assignment: AsyncFunction.prototype.constructor is read-only (but configurable).
  const descriptors = lock ? LOCKED_DESCRIPTORS : ORIGINAL_CONSTRUCTORS;
  for (let i = 0; i < FUNCTION_PROTOTYPES.length; i++) Object.defineProperty(FUNCTION_PROTOTYPES[i], 'constructor', descriptors[i]!);
  locked = lock;
}

const taint: string[] = [];

function release(): void {
  releaseQueued = false;
  if (lockDepth > 0) return;
  if (locked && !lockedForGood) setConstructors(false);
  // Built-ins user code patched are put back before any other code runs.
  const report = restoreIntrinsics();
  for (const s of report.stuck) if (!taint.includes(s)) taint.push(s);
}

/** Built-ins user code altered beyond repair (frozen, made non-configurable): a worker with any should be replaced. */
export function sandboxTaint(): readonly string[] {
  return taint;
}

/**
 * Points every function kind's `.constructor` at a thrower while user code runs (nesting-safe).
 * The lock is lifted at the next microtask checkpoint after the last unlock, not at once:
 * redefining Function.prototype members per bar costs ~1 µs (it invalidates the engine's
 * inline caches), once per synchronous run chunk costs nothing. User code cannot run in
 * that gap: its functions and loops throw when entered outside init/onBar (guard-budget.ts).
 */
export function lockFunctionConstructors(): void {
  if (!locked) setConstructors(true);
  lockDepth++;
}

export function unlockFunctionConstructors(): void {
  if (lockDepth === 0) return;
  lockDepth--;
  if (lockDepth === 0 && !releaseQueued) {
    releaseQueued = true;
    queueMicrotask(release);
  }
}

/** True while user code may be running (until the next microtask after it returned), or for good in a hardened worker. */
export function functionConstructorsLocked(): boolean {
  return locked;
}

/** The worker's own handles, kept before the globals are removed: Comlink's endpoint and fetch for datasets. */
export interface SandboxedWorkerHandles {
  /** Pass to Comlink: `expose(api, handles.endpoint)`. */
  endpoint: {
    postMessage(message: unknown, transfer?: Transferable[]): void;
    addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: AddEventListenerOptions | boolean): void;
    removeEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: EventListenerOptions | boolean): void;
  };
  /** The worker's fetch (bundled datasets), or undefined where there was none. */
  fetch: typeof fetch | undefined;
  /** The worker's location.href (base URL for relative asset URLs), read before location is removed. */
  locationHref: string | undefined;
  /** Names that were still reachable afterwards (should be empty; for diagnostics). */
  remaining: string[];
}

type Scope = Record<string, unknown>;

function bound(scope: Scope, name: string): ((...args: never[]) => unknown) | undefined {
  const f = scope[name];
  return typeof f === 'function' ? (f as (...args: unknown[]) => unknown).bind(scope) : undefined;
}

/**
 * Hardens a worker dedicated to backtests with user strategies: keeps private handles
 * (Comlink endpoint, fetch), then removes network/DOM/messaging globals, freezes
 * Error.prepareStackTrace (a V8 hook user code could use to run outside its budget),
 * and locks the Function constructors permanently. Call once, before any user code runs;
 * `scope` is the worker's global object (a stand-in in tests).
 */
export function installSandboxGlobals(scope: object = globalThis): SandboxedWorkerHandles {
  const g = scope as Scope;
  const post = bound(g, 'postMessage');
  const add = bound(g, 'addEventListener');
  const remove = bound(g, 'removeEventListener');
  const missing = () => {
    throw new Error('installSandboxGlobals: this scope has no postMessage/addEventListener (not a worker).');
  };
  const handles: SandboxedWorkerHandles = {
    endpoint: {
      postMessage: (post ?? missing) as SandboxedWorkerHandles['endpoint']['postMessage'],
      addEventListener: (add ?? missing) as SandboxedWorkerHandles['endpoint']['addEventListener'],
      removeEventListener: (remove ?? missing) as SandboxedWorkerHandles['endpoint']['removeEventListener'],
    },
    fetch: bound(g, 'fetch') as typeof fetch | undefined,
    locationHref: typeof (g.location as { href?: unknown } | undefined)?.href === 'string' ? (g.location as { href: string }).href : undefined,
    remaining: [],
  };
  for (const name of WORKER_REMOVED_GLOBALS) {
    if (!(name in g)) continue;
    try {
      delete g[name];
    } catch {
      // non-configurable: shadowed below
    }
    // Members of the global's prototype (postMessage, close…) survive delete: shadow them with an own undefined.
    if (name in g && g[name] !== undefined) {
      try {
        Object.defineProperty(g, name, { value: undefined, writable: false, configurable: false, enumerable: false });
      } catch {
        // reported in `remaining`
      }
    }
    if (g[name] !== undefined) handles.remaining.push(name);
  }
  // Realm-wide changes only for the real global (a test stand-in must not harden the test runner).
  if (scope === globalThis) {
    try {
      Object.defineProperty(Error, 'prepareStackTrace', { value: undefined, writable: false, configurable: false });
    } catch {
      // already fixed by the host
    }
    setConstructors(true);
    lockedForGood = true;
  }
  return handles;
}
