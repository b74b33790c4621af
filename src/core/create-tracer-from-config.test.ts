import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { EventBus } from './bus';
import { createTracerFromConfig, TracerConfigError } from './create-tracer-from-config';
import { createEvent } from './event-factories';
import type { EventStorage } from './event-storage';
import { EventType } from './event-type';
import type { TradingEvent } from './events';
import { DEFAULT_TRACE_SETTINGS } from './trace-settings';
import type { TraceSettings } from './trace-settings';

let n = 0;
function bar(): TradingEvent {
  return createEvent(EventType.BAR, { symbol: 'SPX', timeframe: '1d', open: 1, high: 1, low: 1, close: 1, volume: 1 }, {
    eventId: `b${++n}`,
    sourceId: 'data',
    timestamp: n,
  });
}

function recordingBackend(): EventStorage & { appended: TradingEvent[] } {
  const appended: TradingEvent[] = [];
  return {
    appended,
    append: (e) => void appended.push(e),
    getByCorrelation: (id) => appended.filter((e) => e.correlationId === id),
    query: () => [...appended],
    removeCorrelation: () => 0,
    count: () => appended.length,
    clear: () => void (appended.length = 0),
  };
}

describe('createTracerFromConfig — seed keys', () => {
  it('accepts the contract example and traces through a bus', () => {
    const tracer = createTracerFromConfig({
      correlation_id: 'backtest_20241210',
      retention_policy: 'trade_complete',
      max_events: 10000,
      events_to_trace: 'ALL',
      storage_backend: 'memory',
    });
    expect(tracer.correlationId).toBe('backtest_20241210');
    expect(tracer.retentionPolicy).toBe('trade_complete');
    expect(tracer.maxEvents).toBe(10000);
    expect(tracer.eventsToTrace).toBe('ALL');
    expect(tracer.warnings).toEqual([]);
    const bus = new EventBus('root');
    bus.attachObserver(tracer);
    const open = createEvent(EventType.POSITION_OPEN, { symbol: 'SPX', side: 'long', quantity: 1, entryPrice: 1 }, {
      eventId: 'o1', sourceId: 'portfolio_1', timestamp: 1, correlationId: 'trade_1',
    });
    bus.publish(open);
    expect(tracer.findCorrelated('trade_1', EventType.POSITION_OPEN)).toBe(open);
    expect(open.metadata?.traceId).toBe('backtest_20241210');
  });

  it('reads each seed key', () => {
    const tracer = createTracerFromConfig({
      correlation_id: 'run',
      retention_policy: 'sliding_window',
      max_events: 3,
      events_to_trace: ['BAR', 'FEATURES'],
      storage_backend: 'memory',
      storage_config: { compression: true, max_file_size_mb: 50 },
      store_trades: false,
      store_equity_curve: false,
      storage_path: './results/p1/',
      enabled: true,
      container_id: 'data',
    });
    expect(tracer.settings).toEqual({
      enabled: true,
      eventsToTrace: ['BAR', 'FEATURES'],
      retentionPolicy: 'sliding_window',
      maxEvents: 3,
      storageBackend: 'memory',
      storageConfig: { compression: true, maxFileSizeMb: 50 },
      storeTrades: false,
      storeEquityCurve: false,
      storagePath: './results/p1/',
    });
    expect(tracer.containerId).toBe('data');
    for (let i = 0; i < 5; i++) tracer.trace(bar());
    expect(tracer.count).toBe(3);
    expect(tracer.dropped).toBe(2);
  });

  it('takes mode as a synonym of retention_policy; beside it the two must agree (the seed\'s minimal mode is trade_complete)', () => {
    expect(createTracerFromConfig({ mode: 'sliding_window' }).retentionPolicy).toBe('sliding_window');
    expect(createTracerFromConfig({ mode: 'all' }).retentionPolicy).toBe('full');
    expect(createTracerFromConfig({ mode: 'all', retention_policy: 'full' }).retentionPolicy).toBe('full');
    const both = createTracerFromConfig({ mode: 'minimal', retention_policy: 'trade_complete' });
    expect(both.retentionPolicy).toBe('trade_complete');
    expect(both.warnings).toEqual([]);
    expect(() => createTracerFromConfig({ mode: 'minimal', retention_policy: 'full' })).toThrow(/'mode': mode: minimal contradicts retention_policy: full/);
    expect(() => createTracerFromConfig({ mode: 'full', retention_policy: 'sliding_window' })).toThrow(/mode: full contradicts retention_policy: sliding_window.*Keep one of them/);
  });

  it('accepts the seed’s event_tracing blocks (yaml-examples 00–02)', () => {
    const blocks = [
      `event_tracing:\n  mode: minimal\n  events_to_trace: ['POSITION_OPEN', 'POSITION_CLOSE', 'FILL']\n  retention_policy: trade_complete\n`,
      `event_tracing:\n  mode: full\n  events_to_trace: ALL\n  storage_backend: disk\n`,
      `event_tracing:\n  mode: sliding_window\n  max_events: 1000\n  events_to_trace: ['BAR', 'FEATURES']\n`,
    ].map((text) => (parse(text) as { event_tracing: Record<string, unknown> }).event_tracing);
    const [a, b, c] = blocks.map((block) => createTracerFromConfig(block));
    expect([a.retentionPolicy, a.eventsToTrace]).toEqual(['trade_complete', ['POSITION_OPEN', 'POSITION_CLOSE', 'FILL']]);
    expect([b.retentionPolicy, b.eventsToTrace, b.settings.storageBackend]).toEqual(['full', 'ALL', 'disk']);
    expect([c.retentionPolicy, c.maxEvents]).toEqual(['sliding_window', 1000]);
  });

  it('accepts camelCase TraceSettings as the resolver produces them', () => {
    const settings: TraceSettings = { ...DEFAULT_TRACE_SETTINGS, retentionPolicy: 'minimal', maxEvents: 7, eventsToTrace: [EventType.POSITION_OPEN] };
    const tracer = createTracerFromConfig(settings, { correlationId: 'opt_run', containerId: 'portfolio_3' });
    expect(tracer.retentionPolicy).toBe('minimal');
    expect(tracer.maxEvents).toBe(7);
    expect(tracer.eventsToTrace).toEqual(['POSITION_OPEN']);
    expect(tracer.correlationId).toBe('opt_run');
    expect(tracer.containerId).toBe('portfolio_3');
  });

  it('enabled: false keeps nothing', () => {
    const tracer = createTracerFromConfig({ enabled: false, retention_policy: 'full' });
    tracer.trace(bar());
    expect(tracer.retentionPolicy).toBe('none');
    expect(tracer.count).toBe(0);
    expect(tracer.settings.enabled).toBe(false);
  });
});

describe('createTracerFromConfig — storage backends', () => {
  it('disk/hierarchical use the injected factory', () => {
    const backend = recordingBackend();
    const kinds: string[] = [];
    const tracer = createTracerFromConfig(
      { storage_backend: 'disk', retention_policy: 'full', storage_config: { compression: true } },
      {
        storageFactory: (kind, settings) => {
          kinds.push(`${kind}:${String(settings.storageConfig.compression)}`);
          return backend;
        },
        batchSize: 2,
      },
    );
    expect(kinds).toEqual(['disk:true']);
    expect(tracer.backend).toBe(backend);
    expect(tracer.warnings).toEqual([]);
    for (let i = 0; i < 4; i++) tracer.trace(bar());
    expect(backend.appended.length).toBe(4);
    const h = createTracerFromConfig({ storage_backend: 'hierarchical' }, { storageFactory: (kind) => (kinds.push(kind), recordingBackend()) });
    expect(kinds.at(-1)).toBe('hierarchical');
    expect(h.backend).toBeDefined();
  });

  it('without a factory falls back to memory and says so', () => {
    const tracer = createTracerFromConfig({ storage_backend: 'disk', mode: 'full' });
    expect(tracer.backend).toBeUndefined();
    expect(tracer.warnings).toHaveLength(1);
    expect(tracer.warnings[0]).toMatch(/storage_backend 'disk' needs a storage factory.*memory only.*full keeps every event in memory/);
    tracer.trace(bar());
    expect(tracer.count).toBe(1);
  });
});

describe('createTracerFromConfig — bad input', () => {
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ retention_polcy: 'full' }, /'retention_polcy': unknown key\. Known keys: correlation_id, retention_policy, mode/],
    [{ retention_policy: 'forever' }, /'retention_policy': Unknown retention_policy 'forever'/],
    [{ mode: 'keep_all' }, /'mode': Unknown mode 'keep_all'/],
    [{ max_events: -5 }, /'max_events': must be a non-negative integer, got number -5/],
    [{ max_events: '100' }, /'max_events': must be a non-negative integer, got '100'/],
    [{ events_to_trace: ['BAR', 'BARS'] }, /'events_to_trace': item 2 'BARS' is not an event type/],
    [{ events_to_trace: 'SOME' }, /'events_to_trace': must be 'ALL' or a list/],
    [{ storage_backend: 's3' }, /'storage_backend': must be one of memory, disk, hierarchical, got 's3'/],
    [{ storage_config: { max_file_size_mb: 0 } }, /'storage_config.max_file_size_mb': must be a positive number/],
    [{ storage_config: { level: 9 } }, /'storage_config.level': unknown key/],
    [{ store_trades: 'yes' }, /'store_trades': must be true or false, got 'yes'/],
    [{ store_equity_curve: 1 }, /'store_equity_curve': must be true or false/],
    [{ correlation_id: 42 }, /'correlation_id': must be a non-empty string, got number 42/],
    [{ max_events: 5, maxEvents: 6 }, /'maxEvents': 'max_events' already sets the same thing/],
  ];
  it.each(cases)('%j → a TracerConfigError naming the key', (config, message) => {
    let thrown: unknown;
    try {
      createTracerFromConfig(config);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(TracerConfigError);
    expect((thrown as Error).message).toMatch(message);
  });

  it('rejects a non-object config', () => {
    expect(() => createTracerFromConfig(null as never)).toThrow(/expected an object of tracer settings, got|expected an object/);
    expect(() => createTracerFromConfig(['full'] as never)).toThrow(/got a list/);
  });
});
