// A finished distributed sweep on disk, importable into the studio like any run: the
// run-archive's results layout (run.json, config.yaml, <container>/metrics.json, trades.json,
// equity.json, events.jsonl.gz) with every point's containers side by side, plus summary.json
// (every point ranked by the objective, with its parameters, container ids, metrics, attempts
// or error). Container folders use the point's container ids: a phased sweep's own
// (portfolio_phase1_7 …); a single grid runs with the config's ids, so its folders get the
// same convention with the phase called "grid" (portfolio_grid_7, strategy_momentum_1_grid_7).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { StudioConfig } from '../../core/config/studio-config';
import { metricsToJson, type MetricsJson } from '../../core/metrics-to-json';
import type { BacktestResult, ContainerResult } from '../../engine/backtest-result';
import { phaseContainerIds } from '../../engine/optimization/phase-container-ids';
import type { PointOutcome } from '../../engine/optimization/pool-protocol';
import { objectiveValue, type RankOptions } from '../../engine/optimization/rank-results';
import { encodeRunFiles } from '../../app/storage/run-archive';
import type { QueuedSweepResult } from './run-queued-sweep';

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
  total: number;
  succeeded: number;
  failed: number;
  duration_ms: number;
  points_per_second: number;
  bars_per_second: number;
  events_per_second: number;
  /** Jobs queued again after Redis lost them. */
  readded_jobs: number;
  best: SweepPointSummary | null;
  phases: { name: string | null; kept: number; points: SweepPointSummary[] }[];
}

export interface WriteSweepResultsInput {
  outDir: string;
  configText: string;
  config: StudioConfig;
  datasetId: string;
  run: QueuedSweepResult;
  createdAt: number;
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

/** Writes the results folder and summary.json; returns the summary. */
export function writeSweepResults(input: WriteSweepResultsInput): SweepSummary {
  const { run, config } = input;
  const { result } = run;
  const rank: RankOptions = { objective: result.objective, direction: result.direction, objectiveContainer: result.objectiveContainer };
  const singlePoint = result.phases.length === 1 && result.phases[0].points.length === 1;

  const containers: Record<string, ContainerResult> = {};
  const containerIds: string[] = [];
  const warnings = new Set<string>();
  let first: BacktestResult | undefined;
  let bars = 0;
  let events = 0;
  const phases: SweepSummary['phases'] = [];

  for (const phase of result.phases) {
    const points: SweepPointSummary[] = [];
    phase.ranking.forEach((at, r) => {
      const o = phase.points[at];
      const out = pointOutputIds(config, o, o.ok && o.result !== undefined ? o.result.containerIds : Object.values(o.containerIds), singlePoint);
      const folderOf: Record<string, string> = {};
      for (const [original, engineId] of Object.entries(o.containerIds)) folderOf[original] = out[engineId] ?? engineId;
      const job = run.jobs.get(`${o.phase ?? 'grid'}.${o.index}`);
      const rankedId = rank.objectiveContainer ? o.containerIds[rank.objectiveContainer] : undefined;
      let metrics: MetricsJson | null = null;
      let trades: number | null = null;
      if (o.ok) {
        const id = rankedId ?? Object.keys(o.metrics)[0];
        metrics = id !== undefined && o.metrics[id] ? metricsToJson(o.metrics[id]) : null;
        trades = id !== undefined ? (o.trades[id] ?? null) : null;
      }
      const summary: SweepPointSummary = {
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
      };
      points.push(summary);
      if (o.ok && o.result !== undefined) {
        first ??= o.result;
        bars += o.result.barsProcessed;
        events += o.result.eventsPublished;
        for (const w of o.result.warnings ?? []) warnings.add(w);
        for (const engineId of o.result.containerIds) {
          const c = o.result.containers[engineId];
          if (!c.traceSettings.enabled) continue;
          const id = out[engineId] ?? engineId;
          containers[id] = { ...c, containerId: id };
          containerIds.push(id);
        }
      }
    });
    phases.push({ name: phase.name, kept: phase.kept, points });
  }
  const last = phases[phases.length - 1];
  const best = last?.points.find((p) => p.ok) ?? null;

  mkdirSync(input.outDir, { recursive: true });
  if (first !== undefined) {
    const combined: BacktestResult = {
      runId: run.sweepId,
      configName: first.configName,
      datasetId: input.datasetId,
      startTime: first.startTime,
      endTime: first.endTime,
      barsProcessed: bars,
      eventsPublished: events,
      containerIds,
      containers,
      ...(warnings.size > 0 ? { warnings: [...warnings] } : {}),
    };
    const files = encodeRunFiles({ name: `${first.configName} — sweep ${run.sweepId}`, createdAt: input.createdAt, datasetId: input.datasetId, configText: input.configText, result: combined });
    for (const [path, bytes] of Object.entries(files)) {
      const target = join(input.outDir, path);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, bytes);
    }
  }

  const seconds = result.durationMs / 1000;
  const succeeded = result.total - result.failed;
  const summary: SweepSummary = {
    format: SWEEP_SUMMARY_FORMAT,
    version: 1,
    sweep_id: run.sweepId,
    config_name: first?.configName ?? config.name ?? '',
    dataset_id: input.datasetId,
    created_at: new Date(input.createdAt).toISOString(),
    objective: result.objective,
    direction: result.direction,
    objective_container: result.objectiveContainer,
    total: result.total,
    succeeded,
    failed: result.failed,
    duration_ms: Math.round(result.durationMs),
    points_per_second: seconds > 0 ? rounded(result.total / seconds) : 0,
    bars_per_second: seconds > 0 ? Math.round((succeeded * run.barsPerPoint) / seconds) : 0,
    events_per_second: Math.round(result.eventsPerSecond),
    readded_jobs: run.readded,
    best,
    phases,
  };
  writeFileSync(join(input.outDir, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
  return summary;
}
