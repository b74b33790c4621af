// createTracerFromConfig: the seed's tracer config (snake_case, as written in
// YAML) or resolved camelCase TraceSettings → an EventTracer. Every key is
// checked; a bad one throws a TracerConfigError naming it. Backends other than
// memory come from a factory the shell injects; without one the tracer falls
// back to memory and says so in `tracer.warnings`.
import type { EventStorage } from './event-storage';
import { EventTracer } from './event-tracer';
import type { EventTracerOptions } from './event-tracer';
import { ALL_EVENT_TYPES, isEventType } from './event-type';
import type { EventType } from './event-type';
import { combineModeAndRetention, normalizeRetentionPolicy } from './retention-policy';
import { DEFAULT_TRACE_SETTINGS, STORAGE_BACKENDS } from './trace-settings';
import type { RetentionPolicy, StorageBackendKind, StorageConfig, TraceSettings } from './trace-settings';

/** A bad key or value in a tracer config; `key` is the key as the user wrote it. */
export class TracerConfigError extends Error {
  readonly key: string;
  constructor(key: string, message: string) {
    super(`Invalid tracer config '${key}': ${message}`);
    this.name = 'TracerConfigError';
    this.key = key;
  }
}

/** Builds the storage of a non-memory backend (IndexedDB in the browser, files in Node). */
export type TraceStorageFactory = (kind: Exclude<StorageBackendKind, 'memory'>, settings: Readonly<TraceSettings>) => EventStorage;

export interface CreateTracerOptions extends Pick<EventTracerOptions, 'onTradeClosed' | 'onStorageError' | 'batchSize' | 'annotate'> {
  storageFactory?: TraceStorageFactory;
  /** Used when the config names no correlation_id. */
  correlationId?: string;
  /** Used when the config names no container_id. */
  containerId?: string;
}

/** The seed's snake_case keys, or TraceSettings' camelCase ones (never both for one setting). */
export type TracerConfig = Partial<TraceSettings> | Readonly<Record<string, unknown>>;

type Canonical =
  | 'correlationId'
  | 'retentionPolicy'
  | 'mode'
  | 'maxEvents'
  | 'eventsToTrace'
  | 'storageBackend'
  | 'storageConfig'
  | 'storeTrades'
  | 'storeEquityCurve'
  | 'enabled'
  | 'storagePath'
  | 'containerId';

const KEYS: Readonly<Record<string, Canonical>> = {
  correlation_id: 'correlationId',
  correlationId: 'correlationId',
  retention_policy: 'retentionPolicy',
  retentionPolicy: 'retentionPolicy',
  mode: 'mode',
  max_events: 'maxEvents',
  maxEvents: 'maxEvents',
  events_to_trace: 'eventsToTrace',
  eventsToTrace: 'eventsToTrace',
  storage_backend: 'storageBackend',
  storageBackend: 'storageBackend',
  storage_config: 'storageConfig',
  storageConfig: 'storageConfig',
  store_trades: 'storeTrades',
  storeTrades: 'storeTrades',
  store_equity_curve: 'storeEquityCurve',
  storeEquityCurve: 'storeEquityCurve',
  enabled: 'enabled',
  storage_path: 'storagePath',
  storagePath: 'storagePath',
  container_id: 'containerId',
  containerId: 'containerId',
};

const SNAKE_KEYS = Object.keys(KEYS).filter((k) => !/[A-Z]/.test(k));

export function createTracerFromConfig(config: TracerConfig, options: CreateTracerOptions = {}): EventTracer {
  if (config === null || typeof config !== 'object' || Array.isArray(config)) {
    throw new TracerConfigError('(config)', `expected an object of tracer settings (${SNAKE_KEYS.join(', ')}), got ${kindOf(config)}.`);
  }
  const given = new Map<Canonical, { key: string; value: unknown }>();
  for (const [key, value] of Object.entries(config)) {
    const canonical = KEYS[key];
    if (canonical === undefined) {
      throw new TracerConfigError(key, `unknown key. Known keys: ${SNAKE_KEYS.join(', ')} (or their camelCase forms).`);
    }
    if (value === undefined) continue;
    const previous = given.get(canonical);
    if (previous !== undefined) throw new TracerConfigError(key, `'${previous.key}' already sets the same thing; keep one.`);
    given.set(canonical, { key, value });
  }
  const warnings: string[] = [];
  const get = (c: Canonical) => given.get(c);

  let retentionPolicy: RetentionPolicy = DEFAULT_TRACE_SETTINGS.retentionPolicy;
  const policyEntry = get('retentionPolicy');
  const modeEntry = get('mode');
  const policy = policyEntry && policyValue(policyEntry);
  const mode = modeEntry && policyValue(modeEntry);
  const combined = combineModeAndRetention(mode, policy);
  if (combined.error !== undefined) throw new TracerConfigError(modeEntry!.key, combined.error);
  if (combined.policy !== undefined) retentionPolicy = combined.policy;

  const maxEvents = optional(get('maxEvents'), (key, v) => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new TracerConfigError(key, `must be a non-negative integer, got ${kindOf(v)}.`);
    return v;
  }) ?? DEFAULT_TRACE_SETTINGS.maxEvents;

  const eventsToTrace = optional(get('eventsToTrace'), eventsValue) ?? DEFAULT_TRACE_SETTINGS.eventsToTrace;

  const storageBackend = optional(get('storageBackend'), (key, v) => {
    const name = typeof v === 'string' ? v.trim().toLowerCase() : v;
    if (typeof name !== 'string' || !(STORAGE_BACKENDS as readonly string[]).includes(name)) {
      throw new TracerConfigError(key, `must be one of ${STORAGE_BACKENDS.join(', ')}, got ${kindOf(v)}.`);
    }
    return name as StorageBackendKind;
  }) ?? DEFAULT_TRACE_SETTINGS.storageBackend;

  const storageConfig = optional(get('storageConfig'), storageConfigValue) ?? DEFAULT_TRACE_SETTINGS.storageConfig;
  const storeTrades = optional(get('storeTrades'), booleanValue) ?? DEFAULT_TRACE_SETTINGS.storeTrades;
  const storeEquityCurve = optional(get('storeEquityCurve'), booleanValue) ?? DEFAULT_TRACE_SETTINGS.storeEquityCurve;
  const enabled = optional(get('enabled'), booleanValue) ?? DEFAULT_TRACE_SETTINGS.enabled;
  const storagePath = optional(get('storagePath'), stringValue);
  const correlationId = optional(get('correlationId'), stringValue) ?? options.correlationId;
  const containerId = optional(get('containerId'), stringValue) ?? options.containerId;

  const settings: TraceSettings = {
    enabled,
    eventsToTrace,
    retentionPolicy: enabled ? retentionPolicy : 'none',
    maxEvents,
    storageBackend,
    storageConfig,
    storeTrades,
    storeEquityCurve,
    ...(storagePath !== undefined ? { storagePath } : {}),
  };
  if (!enabled) warnings.push('enabled: false — this tracer keeps nothing (retention none).');

  let storage: EventStorage | undefined;
  if (storageBackend !== 'memory' && enabled) {
    if (options.storageFactory !== undefined) {
      storage = options.storageFactory(storageBackend, settings);
    } else {
      warnings.push(
        `storage_backend '${storageBackend}' needs a storage factory from the shell (IndexedDB in the browser, files in Node); ` +
          `none was given, so events stay in memory only` +
          (settings.retentionPolicy === 'full' ? ' — and retention full keeps every event in memory.' : '.'),
      );
    }
  }

  return new EventTracer({
    correlationId,
    containerId,
    retentionPolicy: settings.retentionPolicy,
    maxEvents,
    eventsToTrace,
    storage,
    warnings,
    settings,
    onTradeClosed: options.onTradeClosed,
    onStorageError: options.onStorageError,
    batchSize: options.batchSize,
    annotate: options.annotate,
  });
}

function optional<T>(entry: { key: string; value: unknown } | undefined, parse: (key: string, value: unknown) => T): T | undefined {
  return entry === undefined ? undefined : parse(entry.key, entry.value);
}

function policyValue(entry: { key: string; value: unknown }): RetentionPolicy {
  try {
    return normalizeRetentionPolicy(entry.value, entry.key);
  } catch (error) {
    throw new TracerConfigError(entry.key, (error as Error).message);
  }
}

function eventsValue(key: string, v: unknown): 'ALL' | readonly EventType[] {
  if (typeof v === 'string' && v.trim().toUpperCase() === 'ALL') return 'ALL';
  if (!Array.isArray(v)) {
    throw new TracerConfigError(key, `must be 'ALL' or a list of event types (${ALL_EVENT_TYPES.join(', ')}), got ${kindOf(v)}.`);
  }
  const out: EventType[] = [];
  v.forEach((item: unknown, i) => {
    if (!isEventType(item)) {
      throw new TracerConfigError(key, `item ${i + 1} ${kindOf(item)} is not an event type. Known: ${ALL_EVENT_TYPES.join(', ')}.`);
    }
    if (!out.includes(item)) out.push(item);
  });
  return out;
}

function storageConfigValue(key: string, v: unknown): StorageConfig {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new TracerConfigError(key, `must be an object, got ${kindOf(v)}.`);
  const out: StorageConfig = { ...DEFAULT_TRACE_SETTINGS.storageConfig };
  for (const [k, value] of Object.entries(v)) {
    if (k === 'compression') out.compression = booleanValue(`${key}.${k}`, value);
    else if (k === 'max_file_size_mb' || k === 'maxFileSizeMb') {
      if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value)) {
        throw new TracerConfigError(`${key}.${k}`, `must be a positive number of megabytes, got ${kindOf(value)}.`);
      }
      out.maxFileSizeMb = value;
    } else throw new TracerConfigError(`${key}.${k}`, 'unknown key. Known keys: compression, max_file_size_mb.');
  }
  return out;
}

function booleanValue(key: string, v: unknown): boolean {
  if (typeof v !== 'boolean') throw new TracerConfigError(key, `must be true or false, got ${kindOf(v)}.`);
  return v;
}

function stringValue(key: string, v: unknown): string {
  if (typeof v !== 'string' || v.trim() === '') throw new TracerConfigError(key, `must be a non-empty string, got ${kindOf(v)}.`);
  return v;
}

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'string') return `'${v}'`;
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${String(v)}`;
}
