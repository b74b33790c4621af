// A distributed sweep on disk, importable into the studio like any run: the run-archive's
// results layout (run.json, config.yaml, <container>/metrics.json, trades.json, equity.npy,
// events.jsonl.gz) with every point's containers side by side, plus summary.json (every point
// ranked by the objective, with its parameters, container ids, metrics, attempts or error).
// Each point's files are written as it arrives, so the submitter never holds the whole sweep.
// Folders use the point's container ids: a phased sweep's own (portfolio_phase1_7 …); a single
// grid runs with the config's ids, so its folders take the same convention with the phase
// called "grid" (portfolio_grid_7, strategy_momentum_1_grid_7). A lone point keeps the ids.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { strFromU8 } from 'fflate';
import type { StudioConfig } from '../../core/config/studio-config';
import { metricsToJson, type MetricsJson } from '../../core/metrics-to-json';
import type { BacktestResult, ContainerResult } from '../../engine/backtest-result';
import { phaseContainerIds } from '../../engine/optimization/phase-container-ids';
import type { PointOutcome, PointSuccess, SweepResult } from '../../engine/optimization/pool-protocol';
import { objectiveValue, type RankOptions } from '../../engine/optimization/rank-results';
import { planPhases } from '../../engine/optimization/sweep-plan';
import { encodeRunFiles } from '../../app/storage/run-archive';
import { gzipsEvents } from '../events-compression';
import type { JobRecord } from './follow-sweep';

export const SWEEP_SUMMARY_FORMAT = 'event-studio-sweep';

export interface SweepPointSummary {
  rank: number;
  phase: string | null;
  index: number;
  ok: boolean;
  params: Record<string, number | string | boolean>;
  /** The config's container id → the point's folder in the results. */
  container_ids: Record<string, string>;
  objective_value: number | null;
  /** The ranked container's metrics (snake_case, non-finite as null). */
  metrics: MetricsJson | null;
  trades: number | null;
  attempts: number | null;
  worker: string | null;
  error: { name: string; message: string } | null;
  /** Why the point did not run (error says more): 'constraint' or 'invalid' parameters; null when it ran. */
  skipped: 'constraint' | 'invalid' | null;
}

export interface SweepSummary {
  format: typeof SWEEP_SUMMARY_FORMAT;
  version: 1;
  sweep_id: string;
  config_name: string;
  dataset_id: string;
  created_at: string;
  objective: string;
  direction: 'maximize' | 'minimize';
  objective_container: string | null;
  /** Every point: succeeded + failed + skipped. */
  total: number;
  succeeded: number;
  failed: number;
  /** Points that did not run: skipped_constraint (optimization.constraint) + skipped_invalid (parameters the engine refuses). */
  skipped: number;
  skipped_constraint: number;
  skipped_invalid: number;
  duration_ms: number;
  points_per_second: number;
  bars_per_second: number;
  events_per_second: number;
  /** Jobs queued again after Redis lost them. */
  readded_jobs: number;
  best: SweepPointSummary | null;
  phases: { name: string | null; kept: number; points: SweepPointSummary[] }[];
  /** What the user should know about how settings applied (e.g. storage_path is for single runs). */
  notes: string[];
}

/** What finish() needs of the finished sweep (QueuedSweepResult has it). */
export interface FinishedSweep {
  sweepId: string;
  result: SweepResult;
  barsPerPoint: number;
  jobs: Map<string, JobRecord>;
  readded: number;
}

export interface SweepResultsWriterOptions {
  outDir: string;
  configText: string;
  config: StudioConfig;
  datasetId: string;
  createdAt: number;
  /** Equity curves as equity.npy (default, as a single run writes them) or equity.json. */
  equityFormat?: 'npy' | 'json';
}

/**
 * The point's engine container id → its results folder id, for every container of its run
 * (the config's and the engine's own, such as the data feed): unique across the sweep.
 */
export function pointOutputIds(config: StudioConfig, outcome: PointOutcome, engineIds: readonly string[], singlePoint: boolean): Record<string, string> {
  const ids: Record<string, string> = {};
  if (singlePoint) {
    for (const id of engineIds) ids[id] = id;
    return ids;
  }
  const suffix = outcome.phase !== null ? outcome.containerSuffix : `grid_${outcome.index + 1}`;
  const renamed = outcome.phase !== null ? outcome.containerIds : phaseContainerIds(config.containers, suffix);
  const fromConfig = new Map(Object.entries(outcome.containerIds).map(([original, engineId]) => [engineId, renamed[original]]));
  for (const id of engineIds) ids[id] = fromConfig.get(id) ?? `${id}_${suffix}`;
  return ids;
}

function rounded(n: number): number {
  return Math.round(n * 100) / 100;
}

/** run.json as encodeRunFiles writes it: read back, merged, written once at the end. */
interface RunJsonShape {
  name: string;
  run: { runId: string; configName: string; barsProcessed: number; eventsPublished: number; containerIds: string[]; warnings?: string[] };
  containers: Record<string, unknown>;
  [key: string]: unknown;
}

interface WrittenPoint {
  phaseOrder: number;
  index: number;
  containerIds: string[];
}

/** The container id whose folder is `dir` in an encodeRunFiles result (run.json's containers). */
function runJsonDirOwner(files: Record<string, Uint8Array>, dir: string): string {
  const runJson = JSON.parse(strFromU8(files['run.json'])) as { containers: Record<string, { dir: string }> };
  return Object.entries(runJson.containers).find(([, c]) => c.dir === dir)?.[0] ?? dir;
}

export class SweepResultsWriter {
  private readonly phaseOrder: Map<string | null, number>;
  private readonly singlePoint: boolean;
  private template: RunJsonShape | undefined;
  private readonly containers: Record<string, unknown> = {};
  private readonly written: WrittenPoint[] = [];
  private readonly warnings = new Set<string>();
  /** Config containers whose settings name a storage_path (single runs only: said in the summary). */
  private readonly storagePaths = new Set<string>();
  private bars = 0;
  private events = 0;

  constructor(private readonly options: SweepResultsWriterOptions) {
    const phases = planPhases(options.config.optimization);
    this.phaseOrder = new Map(phases.map((p, i) => [p.name, i]));
    const grid = phases[0].parameters.reduce((n, p) => n * p.values.length, 1);
    this.singlePoint = phases.length === 1 && grid === 1;
    mkdirSync(options.outDir, { recursive: true });
  }

  private folders(o: PointOutcome): Record<string, string> {
    return pointOutputIds(this.options.config, o, o.ok && o.result !== undefined ? o.result.containerIds : Object.values(o.containerIds), this.singlePoint);
  }

  /** Writes one point's container folders (its traced containers, as the headless runner does). */
  writePoint(outcome: PointSuccess): void {
    const result = outcome.result;
    if (result === undefined) throw new Error(`point ${outcome.index} came back without its result`);
    const out = this.folders(outcome);
    const containers: Record<string, ContainerResult> = {};
    const containerIds: string[] = [];
    const original = new Map(Object.entries(outcome.containerIds).map(([configId, engineId]) => [engineId, configId]));
    /** Folder ids whose settings say storage_config.compression: false (events.jsonl). */
    const plain = new Set<string>();
    for (const engineId of result.containerIds) {
      const c = result.containers[engineId];
      if (!c.traceSettings.enabled) continue;
      const id = out[engineId] ?? engineId;
      containers[id] = { ...c, containerId: id };
      containerIds.push(id);
      if (c.traceSettings.storagePath !== undefined) this.storagePaths.add(original.get(engineId) ?? engineId);
      if (!gzipsEvents(this.options.config, engineId)) plain.add(id);
    }
    const pointResult: BacktestResult = { ...result, containerIds, containers };
    const { outDir, createdAt, datasetId, configText } = this.options;
    const files = encodeRunFiles({ name: result.configName, createdAt, datasetId, configText, result: pointResult }, { equityFormat: this.options.equityFormat ?? 'npy' });
    for (const [path, bytes] of Object.entries(files)) {
      if (path === 'run.json' || path === 'config.yaml') continue;
      const target = join(outDir, path);
      mkdirSync(dirname(target), { recursive: true });
      // storage_config.compression: false → events.jsonl, as a single run writes it.
      const slash = path.indexOf('/');
      if (path.endsWith('/events.jsonl.gz') && plain.has(runJsonDirOwner(files, path.slice(0, slash)))) writeFileSync(target.slice(0, -3), gunzipSync(bytes));
      else writeFileSync(target, bytes);
    }
    const runJson = JSON.parse(strFromU8(files['run.json'])) as RunJsonShape;
    this.template ??= runJson;
    Object.assign(this.containers, runJson.containers);
    this.written.push({ phaseOrder: this.phaseOrder.get(outcome.phase) ?? 0, index: outcome.index, containerIds });
    this.bars += result.barsProcessed;
    this.events += result.eventsPublished;
    for (const w of result.warnings ?? []) this.warnings.add(w);
  }

  /** Writes run.json (every point's containers, in grid order), config.yaml and summary.json. */
  finish(sweep: FinishedSweep): SweepSummary {
    const { outDir, configText, config, datasetId, createdAt } = this.options;
    const { result } = sweep;
    const rank: RankOptions = { objective: result.objective, direction: result.direction, objectiveContainer: result.objectiveContainer };
    const configName = this.template?.run.configName ?? config.name ?? '';
    if (this.template !== undefined) {
      const containerIds = [...this.written].sort((a, b) => a.phaseOrder - b.phaseOrder || a.index - b.index).flatMap((w) => w.containerIds);
      const runJson: RunJsonShape = {
        ...this.template,
        name: `${configName} — sweep ${sweep.sweepId}`,
        run: {
          ...this.template.run,
          runId: sweep.sweepId,
          barsProcessed: this.bars,
          eventsPublished: this.events,
          containerIds,
          ...(this.warnings.size > 0 ? { warnings: [...this.warnings] } : {}),
        },
        containers: Object.fromEntries(containerIds.map((id) => [id, this.containers[id]])),
      };
      if (this.warnings.size === 0) delete runJson.run.warnings;
      writeFileSync(join(outDir, 'run.json'), JSON.stringify(runJson, null, 2) + '\n');
      writeFileSync(join(outDir, 'config.yaml'), configText);
    }

    const phases: SweepSummary['phases'] = result.phases.map((phase) => ({
      name: phase.name,
      kept: phase.kept,
      points: phase.ranking.map((at, r): SweepPointSummary => {
        const o = phase.points[at];
        const out = this.folders(o);
        const folderOf: Record<string, string> = {};
        for (const [original, engineId] of Object.entries(o.containerIds)) folderOf[original] = out[engineId] ?? engineId;
        const job = sweep.jobs.get(`${o.phase ?? 'grid'}.${o.index}`);
        let metrics: MetricsJson | null = null;
        let trades: number | null = null;
        if (o.ok) {
          const id = (rank.objectiveContainer ? o.containerIds[rank.objectiveContainer] : undefined) ?? Object.keys(o.metrics)[0];
          metrics = id !== undefined && o.metrics[id] ? metricsToJson(o.metrics[id]) : null;
          trades = id !== undefined ? (o.trades[id] ?? null) : null;
        }
        return {
          rank: r + 1,
          phase: o.phase,
          index: o.index,
          ok: o.ok,
          params: o.params,
          container_ids: folderOf,
          objective_value: objectiveValue(o, rank),
          metrics,
          trades,
          attempts: job?.attemptsMade ?? null,
          worker: job?.processedBy ?? null,
          error: o.ok ? null : { name: o.error.name, message: o.error.message },
          skipped: o.ok ? null : (o.skipped ?? null),
        };
      }),
    }));
    const seconds = result.durationMs / 1000;
    const skipped = result.phases.flatMap((p) => p.points).filter((o) => !o.ok && o.skipped !== undefined) as { skipped?: string }[];
    const succeeded = result.total - result.failed - skipped.length;
    const summary: SweepSummary = {
      format: SWEEP_SUMMARY_FORMAT,
      version: 1,
      sweep_id: sweep.sweepId,
      config_name: configName,
      dataset_id: datasetId,
      created_at: new Date(createdAt).toISOString(),
      objective: result.objective,
      direction: result.direction,
      objective_container: result.objectiveContainer,
      total: result.total,
      succeeded,
      failed: result.failed,
      skipped: skipped.length,
      skipped_constraint: skipped.filter((o) => o.skipped === 'constraint').length,
      skipped_invalid: skipped.filter((o) => o.skipped === 'invalid').length,
      duration_ms: Math.round(result.durationMs),
      points_per_second: seconds > 0 ? rounded(result.total / seconds) : 0,
      bars_per_second: seconds > 0 ? Math.round((succeeded * sweep.barsPerPoint) / seconds) : 0,
      events_per_second: Math.round(result.eventsPerSecond),
      readded_jobs: sweep.readded,
      best: phases[phases.length - 1]?.points.find((p) => p.ok) ?? null,
      phases,
      notes:
        this.storagePaths.size > 0
          ? [`storage_path (${[...this.storagePaths].join(', ')}) applies to single runs; a sweep writes each point's containers as <container>_<phase|grid>_<n> (use --no-sweep to run the base config into its storage_path)`]
          : [],
    };
    writeFileSync(join(outDir, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
    return summary;
  }
}
