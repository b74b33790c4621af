// Worker hardening on a stand-in worker scope: the network, messaging and storage globals
// are gone (own properties deleted, prototype members shadowed), while the worker keeps
// working handles for Comlink and dataset fetches. The realm-wide locks (Function
// constructors, Error.prepareStackTrace) apply only to the real global object, so this
// test does not harden the test runner; the per-call lock is covered by the sandbox tests.
import { describe, expect, it } from 'vitest';
import { functionConstructorsLocked, installSandboxGlobals, lockFunctionConstructors, unlockFunctionConstructors, WORKER_REMOVED_GLOBALS } from './sandbox-globals';

function standInWorkerScope() {
  const sent: unknown[] = [];
  const listeners: string[] = [];
  const proto = {
    postMessage(message: unknown) {
      sent.push(message);
    },
    addEventListener(type: string) {
      listeners.push(type);
    },
    removeEventListener() {},
    close() {},
    importScripts() {},
  };
  const scope = Object.create(proto) as Record<string, unknown>;
  const fetched: string[] = [];
  Object.assign(scope, {
    fetch: (url: string) => {
      fetched.push(url);
      return Promise.resolve('ok');
    },
    XMLHttpRequest: class {},
    WebSocket: class {},
    EventSource: class {},
    indexedDB: {},
    caches: {},
    navigator: {},
    location: { href: 'https://studio.example/assets/backtest.worker.js' },
    BroadcastChannel: class {},
    Math,
  });
  return { scope, sent, listeners, fetched };
}

describe('installSandboxGlobals', () => {
  it('removes network, messaging and storage globals, own or inherited', () => {
    const { scope } = standInWorkerScope();
    const handles = installSandboxGlobals(scope);
    for (const name of WORKER_REMOVED_GLOBALS) expect([name, scope[name]]).toEqual([name, undefined]);
    expect(handles.remaining).toEqual([]);
    // Inherited members are shadowed for good: assigning them back does nothing.
    expect(() => {
      scope.postMessage = () => 0;
    }).toThrow(TypeError);
    expect(scope.Math).toBe(Math);
  });

  it('keeps private handles: a Comlink endpoint and fetch that still reach the worker', async () => {
    const { scope, sent, listeners, fetched } = standInWorkerScope();
    const handles = installSandboxGlobals(scope);
    handles.endpoint.postMessage({ id: 1 });
    handles.endpoint.addEventListener('message', () => {});
    expect(sent).toEqual([{ id: 1 }]);
    expect(listeners).toEqual(['message']);
    await expect(handles.fetch!('https://host/data.csv')).resolves.toBe('ok');
    expect(fetched).toEqual(['https://host/data.csv']);
    expect(handles.locationHref).toBe('https://studio.example/assets/backtest.worker.js');
    expect(scope.location).toBeUndefined();
  });

  it('a stand-in scope leaves the realm’s Function constructors alone', () => {
    installSandboxGlobals(standInWorkerScope().scope);
    expect(functionConstructorsLocked()).toBe(false);
    expect((() => 0).constructor).toBe(Function);
  });
});

describe('lockFunctionConstructors', () => {
  it('nests, and restores every function kind’s constructor after the last unlock (at the next microtask)', async () => {
    const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor;
    lockFunctionConstructors();
    lockFunctionConstructors();
    expect(() => (() => 0).constructor('return 1')).toThrow(/not available in a strategy/);
    unlockFunctionConstructors();
    expect(() => Object.getPrototypeOf(async () => {}).constructor('return 1')).toThrow(/not available/);
    unlockFunctionConstructors();
    expect(functionConstructorsLocked()).toBe(true);
    await Promise.resolve();
    expect(functionConstructorsLocked()).toBe(false);
    expect((() => 0).constructor).toBe(Function);
    expect(Object.getPrototypeOf(async () => {}).constructor).toBe(AsyncFunction);
    expect(Object.getOwnPropertyDescriptor(Object.getPrototypeOf(async () => {}), 'constructor')!.writable).toBe(false);
  });
});
