// Seed settings the headless runner used to ignore (issue 14): storage_backend: hierarchical
// (memory up to max_events, the rest on disk, read back whole and in order), storage_path
// (relative to --out, never outside it), storage_config.compression: false (events.jsonl), and
// seed examples 00–02 (a container's bare event_tracing block) run by `npm run backtest`.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decodeRunFiles } from '../app/storage/run-archive';
import type { TradingEvent } from '../core/events';
import { DiskEventStorage } from './disk-event-storage';
import { EXIT_INVALID_INPUT, EXIT_OK, runHeadless } from './run-headless';
import { tempDirs } from './testing/temp-dirs';

// The repo's byte-identical copies of the seed examples (seed-fixtures.test.ts keeps them in step),
// so the test runs in any clone, wherever ../shared is or is not.
const SEED = fileURLToPath(new URL('../core/config/fixtures', import.meta.url));
const tmp = tempDirs('seed-fidelity-');

function study(portfolioTracing: string): string {
  return `name: fidelity
data:
  source: synthetic
  synthetic: {days: 300, timeframes: ["1d"], symbols: [SYN]}
containers:
  - {id: ma_1, type: strategy, strategy: ma_crossover, params: {fast: 3, slow: 8}}
  - id: portfolio_1
    type: portfolio
    strategies: [ma_1]
    event_tracing:
${portfolioTracing
  .trim()
  .split('\n')
  .map((l) => `      ${l}`)
  .join('\n')}
`;
}

async function run(yaml: string, extra: string[] = []) {
  const dir = tmp();
  const config = join(dir, 'study.yaml');
  writeFileSync(config, yaml);
  const out = join(dir, 'out');
  const err: string[] = [];
  const code = await runHeadless([config, '--out', out, ...extra], { stdout: () => undefined, stderr: (t) => void err.push(t), isTTY: false });
  return { code, out, stderr: err.join('') };
}

function readTree(dir: string): Record<string, Uint8Array> {
  const files: Record<string, Uint8Array> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files[relative(dir, path).split(sep).join('/')] = new Uint8Array(readFileSync(path));
  }
  return files;
}

async function allEvents(dir: string): Promise<TradingEvent[]> {
  return new DiskEventStorage({ dir, mode: 'read' }).query();
}

describe('seed settings in the headless runner', () => {
  it('storage_backend: hierarchical keeps max_events in memory and every event on disk, read back in order', async () => {
    const full = await run(study('events_to_trace: ALL\nretention_policy: full'));
    expect(full.code).toBe(EXIT_OK);
    const reference = await allEvents(join(full.out, 'portfolio_1'));
    expect(reference.length).toBeGreaterThan(200);

    const h = await run(study('events_to_trace: ALL\nretention_policy: full\nstorage_backend: hierarchical\nmax_events: 50'));
    expect(h.code).toBe(EXIT_OK);
    const dir = join(h.out, 'portfolio_1');
    expect(existsSync(join(dir, 'events.jsonl.gz'))).toBe(true);
    const spilled = await allEvents(dir);
    // Both tiers, in sequence order: the same record as keeping everything in memory.
    expect(spilled.map((e) => [e.type, e.sequence])).toEqual(reference.map((e) => [e.type, e.sequence]));
    const seqs = spilled.map((e) => e.sequence!);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    // Memory held at most max_events meanwhile.
    const runJson = JSON.parse(readFileSync(join(h.out, 'run.json'), 'utf8')) as { containers: Record<string, { memory: { peakEventsInMemory: number }; eventCount: number }> };
    expect(runJson.containers.portfolio_1.memory.peakEventsInMemory).toBeLessThanOrEqual(50);
    expect(runJson.containers.portfolio_1.eventCount).toBe(reference.length);
    // A query sees both tiers: the FILLs of the whole run, in order.
    const fills = await new DiskEventStorage({ dir, mode: 'read' }).query({ type: 'FILL' });
    expect(fills.map((e) => e.sequence)).toEqual(reference.filter((e) => e.type === 'FILL').map((e) => e.sequence));
  }, 60_000);

  it('storage_config.compression: false writes events.jsonl, which imports like the gzip file', async () => {
    const r = await run(study('events_to_trace: ALL\nretention_policy: full\nstorage_backend: disk\nstorage_config: {compression: false}'));
    expect(r.code).toBe(EXIT_OK);
    const files = readdirSync(join(r.out, 'portfolio_1'));
    expect(files).toContain('events.jsonl');
    expect(files.some((f) => f.endsWith('.gz'))).toBe(false);
    const archive = decodeRunFiles(readTree(r.out));
    expect(archive.result.containers.portfolio_1.events.length).toBeGreaterThan(100);
  }, 60_000);

  it('storage_path puts the container\'s folder there, inside --out, and the results still import', async () => {
    const r = await run(study('events_to_trace: ALL\nretention_policy: full\nstorage_path: ./results/portfolio_1/'));
    expect(r.code).toBe(EXIT_OK);
    expect(existsSync(join(r.out, 'results', 'portfolio_1', 'metrics.json'))).toBe(true);
    expect(existsSync(join(r.out, 'results', 'portfolio_1', 'events.jsonl.gz'))).toBe(true);
    expect(existsSync(join(r.out, 'portfolio_1'))).toBe(false);
    expect(r.stderr).toMatch(/note: portfolio_1: results in results\/portfolio_1\/ \(storage_path\)/);
    const archive = decodeRunFiles(readTree(r.out));
    expect(archive.result.containers.portfolio_1.metrics).toBeDefined();
  }, 60_000);

  it('refuses a storage_path that leaves --out, at its line and column', async () => {
    for (const path of ['../../elsewhere', '/tmp/x', 'ok/../../x', 'C:\\\\x']) {
      const r = await run(study(`enabled: true\nstorage_path: "${path}"`));
      expect(r.code, path).toBe(EXIT_INVALID_INPUT);
      expect(r.stderr).toMatch(/study\.yaml:12:\d+: storage_path .*(absolute|climbs out).*inside the results folder/);
      expect(existsSync(r.out)).toBe(false);
    }
  });

  it('runs seed examples 00–02 (bare event_tracing blocks) on every container of the default study, saying so', async () => {
    for (const [file, expectEvents] of [
      ['00-container-minimal-tracing.yaml', false],
      ['01-container-full-disk.yaml', true],
      ['02-container-sliding-window.yaml', false],
    ] as const) {
      const dir = tmp();
      const out = join(dir, 'out');
      const err: string[] = [];
      const code = await runHeadless([join(SEED, file), '--out', out], { stdout: () => undefined, stderr: (t) => void err.push(t), isTTY: false });
      const stderr = err.join('');
      expect(code, `${file}\n${stderr}`).toBe(EXIT_OK);
      expect(stderr).toContain(`${file} is a container's bare event_tracing block, not a study: it was applied to every container of the default study`);
      expect(stderr).toMatch(/container_settings:\n\s+"\*":\n/);
      expect(existsSync(join(out, 'portfolio_1', 'metrics.json'))).toBe(true);
      // What ran is recorded: the wrapped study, which parses and names the block under '*'.
      const recorded = readFileSync(join(out, 'config.yaml'), 'utf8');
      expect(recorded).toMatch(/trace_settings:\n\s+container_settings:\n\s+"\*":/);
      expect(existsSync(join(out, 'portfolio_1', 'events.jsonl.gz'))).toBe(expectEvents);
    }
  }, 120_000);
});
