// The strategy worker's defence in depth on a stand-in worker scope: everything that
// reaches the network (FontFace and fonts too), storage, timers or other contexts is gone
// (own properties deleted, prototype members shadowed), while the worker keeps its own
// port for the one job it is sent and its answers.
import { describe, expect, it } from 'vitest';
import { removeWorkerGlobals, WORKER_REMOVED_GLOBALS } from './sandbox-globals';

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
    dispatchEvent() {
      return true;
    },
    close() {},
    importScripts() {},
  };
  const scope = Object.create(proto) as Record<string, unknown>;
  Object.assign(scope, {
    fetch: () => Promise.resolve('ok'),
    XMLHttpRequest: class {},
    WebSocket: class {},
    EventSource: class {},
    FontFace: class {},
    fonts: { add() {} },
    indexedDB: {},
    caches: {},
    navigator: {},
    location: { href: 'https://studio.example/assets/strategy.worker.js' },
    BroadcastChannel: class {},
    Worker: class {},
    setTimeout: () => 0,
    performance: { now: () => 42 },
    Math,
  });
  return { scope, sent, listeners };
}

describe('removeWorkerGlobals', () => {
  it('removes network (FontFace, fonts included), messaging, timers and storage globals, own or inherited', () => {
    const { scope } = standInWorkerScope();
    const port = removeWorkerGlobals(scope);
    expect(port.remaining).toEqual([]);
    for (const name of ['fetch', 'XMLHttpRequest', 'WebSocket', 'EventSource', 'FontFace', 'fonts', 'indexedDB', 'caches', 'navigator', 'location', 'BroadcastChannel', 'Worker', 'setTimeout', 'performance', 'postMessage', 'addEventListener', 'dispatchEvent', 'close', 'importScripts']) {
      expect([name, scope[name]]).toEqual([name, undefined]);
      expect(WORKER_REMOVED_GLOBALS as readonly string[]).toContain(name);
    }
    expect(scope.Math).toBe(Math);
  });

  it('keeps the worker’s own port and clock, bound before the removal', () => {
    const { scope, sent, listeners } = standInWorkerScope();
    const port = removeWorkerGlobals(scope);
    port.postMessage({ kind: 'ready' });
    port.addEventListener('message', () => undefined);
    expect(sent).toEqual([{ kind: 'ready' }]);
    expect(listeners).toEqual(['message']);
    expect(port.now()).toBe(42);
  });
});
