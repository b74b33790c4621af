// `storage_backend: hierarchical` through `npm run backtest`: memory holds at most max_events,
// the file holds exactly the events that left memory while the run goes, and the results folder
// ends with the same record a memory-only run keeps, once and in order (gzip or plain).
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TradingEvent } from '../core/events';
import { HierarchicalDiskArchive } from './hierarchical-disk-archive';
import { readJsonlSegments } from './jsonl-gz-writer';
import { EXIT_OK, runHeadless } from './run-headless';
import { tempDirs } from './testing/temp-dirs';

const tmp = tempDirs('hier-disk-');

function study(tracing: string): string {
  return `name: tiers
data:
  source: synthetic
  synthetic: {days: 300, timeframes: ["1d"], symbols: [SYN]}
containers:
  - {id: ma_1, type: strategy, strategy: ma_crossover, params: {fast: 3, slow: 8}}
  - id: portfolio_1
    type: portfolio
    strategies: [ma_1]
    event_tracing: {events_to_trace: ALL, retention_policy: full${tracing}}
`;
}

interface Observed {
  /** Largest hot-tier size seen after any append the tracer made during the run. */
  maxHotSeen: number;
  appends: number;
  /** At the end of the run, before the runner writes results: the tiers and the file's content. */
  atRunEnd?: { peak: number; hot: number; spilled: number; file: TradingEvent[] };
}

async function run(tracing: string): Promise<{ code: number; out: string; observed: Observed; archive?: HierarchicalDiskArchive }> {
  const dir = tmp();
  const config = join(dir, 'study.yaml');
  writeFileSync(config, study(tracing));
  const out = join(dir, 'out');
  const observed: Observed = { maxHotSeen: 0, appends: 0 };
  let archive: HierarchicalDiskArchive | undefined;
  const code = await runHeadless([config, '--out', out], {
    stdout: () => undefined,
    stderr: () => undefined,
    isTTY: false,
    onHierarchical: (id, a) => {
      expect(id).toBe('portfolio_1');
      archive = a;
      // Watch every append the tracer makes: the hot tier right after it.
      const storage = a.storage;
      const appendBatch = storage.appendBatch.bind(storage);
      storage.appendBatch = (events) => {
        const r = appendBatch(events);
        observed.appends++;
        observed.maxHotSeen = Math.max(observed.maxHotSeen, storage.stats.hot + storage.stats.inFlight);
        return r;
      };
    },
    onPhase: (phase) => {
      if (phase !== 'run' || archive === undefined) return;
      const s = archive.storage.stats;
      observed.atRunEnd = { peak: s.peak, hot: s.hot, spilled: s.spilledEvents, file: readJsonlSegments<TradingEvent>(join(out, 'portfolio_1')) };
    },
  });
  return { code, out, observed, ...(archive !== undefined ? { archive } : {}) };
}

const key = (e: TradingEvent): string => `${e.sequence}:${e.type}:${e.eventId}`;

describe('storage_backend: hierarchical in the headless runner', () => {
  for (const [label, compression, file] of [
    ['gzip', '', 'events.jsonl.gz'],
    ['compression: false', ', storage_config: {compression: false}', 'events.jsonl'],
  ] as const) {
    it(`keeps max_events in memory, spills only the oldest to ${file}, and ends with the memory-only record (${label})`, async () => {
      const memory = await run(`, max_events: 100000${compression}`);
      expect(memory.code).toBe(EXIT_OK);
      expect(memory.archive).toBeUndefined();
      const reference = readJsonlSegments<TradingEvent>(join(memory.out, 'portfolio_1'));
      expect(reference.length).toBeGreaterThan(300);

      const maxEvents = 40;
      const h = await run(`, storage_backend: hierarchical, max_events: ${maxEvents}${compression}`);
      expect(h.code).toBe(EXIT_OK);
      expect(h.archive).toBeDefined();
      // (a) memory never held more than max_events.
      expect(h.observed.appends).toBeGreaterThan(1);
      expect(h.observed.maxHotSeen).toBeLessThanOrEqual(maxEvents);
      const end = h.observed.atRunEnd!;
      expect(end.peak).toBeLessThanOrEqual(maxEvents);
      // (b) before the results are written, the file holds exactly what left memory, oldest first.
      expect(end.spilled).toBeGreaterThan(0);
      expect(end.spilled + end.hot).toBe(reference.length);
      expect(end.hot).toBeGreaterThan(0);
      expect(end.hot).toBeLessThanOrEqual(maxEvents);
      expect(end.file.map(key)).toEqual(reference.slice(0, end.spilled).map(key));
      // (c) the finished folder: both tiers once, in sequence order, equal to the memory-only run.
      const files = readdirSync(join(h.out, 'portfolio_1')).filter((f) => f.startsWith('events.'));
      expect(files).toEqual([file]);
      const written = readJsonlSegments<TradingEvent>(join(h.out, 'portfolio_1'));
      expect(written.map(key)).toEqual(reference.map(key));
      expect(written).toEqual(reference);
    }, 60_000);
  }
});
