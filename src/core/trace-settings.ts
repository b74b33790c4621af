// The resolved, camelCase tracing settings of one container: what the YAML
// resolver produces and what a tracer is built from.
import type { EventType } from './event-type';

export const RETENTION_POLICIES = ['trade_complete', 'sliding_window', 'minimal', 'full', 'none'] as const;
/** 'all' in YAML is a synonym of 'full'; 'none' keeps nothing. */
export type RetentionPolicy = (typeof RETENTION_POLICIES)[number];

export const STORAGE_BACKENDS = ['memory', 'disk', 'hierarchical'] as const;
export type StorageBackendKind = (typeof STORAGE_BACKENDS)[number];

export interface StorageConfig {
  compression: boolean;
  maxFileSizeMb: number;
}

export interface TraceSettings {
  enabled: boolean;
  /** 'ALL' or the list of event types to trace. */
  eventsToTrace: 'ALL' | readonly EventType[];
  retentionPolicy: RetentionPolicy;
  maxEvents: number;
  storageBackend: StorageBackendKind;
  storageConfig: StorageConfig;
  storeTrades: boolean;
  storeEquityCurve: boolean;
  /** Where the headless runner writes this container's results, when set. */
  storagePath?: string;
}

export const DEFAULT_TRACE_SETTINGS: Readonly<TraceSettings> = Object.freeze({
  enabled: true,
  eventsToTrace: 'ALL',
  retentionPolicy: 'trade_complete',
  maxEvents: 10000,
  storageBackend: 'memory',
  storageConfig: Object.freeze({ compression: false, maxFileSizeMb: 100 }),
  storeTrades: true,
  storeEquityCurve: true,
});
