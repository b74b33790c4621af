// The multi-phase optimization flow of the seed: phase1 explores the grid with
// minimal tracing, the top N go on to phase2 (validation, optionally crossed with
// more parameters), and the last phase keeps the best. Each phase's containers are
// named portfolio_<phase>_<n> so wildcard trace settings pick the phase's tracing.
// Without phases: one grid with the config's own ids (each point is its own
// backtest — its own bus, its own worker run — so equal ids never meet).
// How points are executed is injected: a worker pool, or in-process in tests.
import type { OptimizationConfig, StudioConfig, SweepParameter } from '../../core/config/studio-config';
import { expandGrid, type SweepPoint } from './expand-grid';
import { phaseContainerIds } from './phase-container-ids';
import type { PointFailure, PointOutcome, PointSuccess, PoolProgress, SweepPhaseResult, SweepResult } from './pool-protocol';
import { rankOutcomes, validateObjective, type RankOptions } from './rank-results';
import { compileSweepConstraint, type SweepConstraint } from '../../core/config/sweep-constraint';
import { SweepPlanError } from './sweep-plan-error';

/**
 * Errors the engine raises while building a point's backtest from its parameters (before any
 * bar): the combination cannot run (ma_crossover fast >= slow, a value out of range). Such a
 * point is skipped with its reason, not counted as a failed run.
 */
const INVALID_POINT_ERRORS = new Set(['BacktestConfigError', 'ConfigPathError', 'StrategyParamError']);

/** Whether a failed point failed because its parameters cannot run (not a run-time error). */
export function isInvalidPoint(outcome: PointOutcome): boolean {
  return !outcome.ok && (outcome.skipped === 'invalid' || (!outcome.timedOut && outcome.skipped === undefined && INVALID_POINT_ERRORS.has(outcome.error.name)));
}

/** optimization.constraint compiled against every parameter the sweep varies; null without one. */
export function sweepConstraint(config: StudioConfig): SweepConstraint | null {
  const text = config.optimization?.constraint;
  if (text === undefined) return null;
  const compiled = compileSweepConstraint(text, planPhases(config.optimization).flatMap((p) => p.parameters));
  if (!compiled.ok) throw new SweepPlanError(compiled.message, 'optimization.constraint');
  return compiled.constraint;
}

/** Points kept from one phase to the next when a phase does not say (the last phase keeps 1). */
export const DEFAULT_PHASE_TOP_N = 10;

/** The seed's three phases, for a UI that offers "multi-phase" without YAML. */
export const SEED_PHASES = [
  { name: 'phase1' },
  { name: 'phase2', topN: DEFAULT_PHASE_TOP_N },
  { name: 'final', topN: 1 },
] as const;

export interface PlannedPhase {
  /** null: the single grid of a sweep without phases (container ids kept). */
  name: string | null;
  /** The grid swept in this phase (crossed with each kept point after the first phase). */
  parameters: readonly SweepParameter[];
  /** How many of the previous phase's best this phase starts from; null for the first. */
  topN: number | null;
  /** Where the parameters were written, for errors. */
  sourcePath: string;
}

const PHASE_NAME = /^[A-Za-z0-9][A-Za-z0-9-]*$/;

/** The phases a config's optimization section describes (one unnamed phase without `phases`). */
export function planPhases(optimization: OptimizationConfig | undefined): PlannedPhase[] {
  const base = optimization?.parameters ?? [];
  const phases = optimization?.phases ?? [];
  if (phases.length === 0) return [{ name: null, parameters: base, topN: null, sourcePath: 'optimization.parameters' }];
  const names = new Set<string>();
  return phases.map((p, i) => {
    const where = `optimization.phases[${i}]`;
    if (!PHASE_NAME.test(p.name)) {
      throw new SweepPlanError(`phase name '${p.name}' must be letters, digits or '-' (it becomes part of container ids such as portfolio_${p.name}_1)`, `${where}.name`);
    }
    if (names.has(p.name)) throw new SweepPlanError(`phase '${p.name}' is listed twice`, `${where}.name`);
    names.add(p.name);
    if (p.topN !== undefined && (!Number.isInteger(p.topN) || p.topN < 1)) {
      throw new SweepPlanError(`top_n must be a whole number ≥ 1, got ${p.topN}`, `${where}.top_n`);
    }
    if (i === 0) return { name: p.name, parameters: [...base, ...(p.parameters ?? [])], topN: null, sourcePath: `${where}.parameters` };
    const topN = p.topN ?? (i === phases.length - 1 ? 1 : DEFAULT_PHASE_TOP_N);
    return { name: p.name, parameters: p.parameters ?? [], topN, sourcePath: `${where}.parameters` };
  });
}

/** A phase's points: the grid for the first phase; each kept point crossed with the phase's grid after. */
export function phasePoints(phase: PlannedPhase, kept: readonly PointSuccess[] | null): SweepPoint[] {
  const options = { phase: phase.name ?? undefined, sourcePath: phase.sourcePath };
  if (kept === null) return expandGrid(phase.parameters, options);
  const points: SweepPoint[] = [];
  for (const k of kept) points.push(...expandGrid(phase.parameters, { ...options, base: k.params, startIndex: points.length }));
  return points;
}

/** Runs one phase's points; `onBatch` is called as batches of outcomes arrive. */
export type PhaseExecutor = (
  phase: PlannedPhase,
  points: SweepPoint[],
  onBatch: (outcomes: PointOutcome[]) => void,
) => Promise<PointOutcome[]>;

export interface SweepPlanOptions {
  /** Override the config's objective (default 'sharpe_ratio'). */
  objective?: string;
  direction?: 'maximize' | 'minimize';
  /** The config's container whose metrics are ranked; default its first portfolio. */
  objectiveContainer?: string | null;
  /** Wall clock for progress figures (shells only; default: progress without rates). */
  now?: () => number;
  onProgress?(progress: PoolProgress): void;
  /** Every finished point, as its batch arrives (skipped points too, marked `skipped`). */
  onPoint?(outcome: PointOutcome): void;
}

/** The objective, direction and ranked container a sweep of `config` uses. */
export function sweepRankOptions(config: StudioConfig, options: SweepPlanOptions = {}): Required<RankOptions> {
  const objective = options.objective ?? config.optimization?.objective ?? 'sharpe_ratio';
  validateObjective(objective);
  const firstPortfolio = config.containers.find((c) => c.type === 'portfolio')?.id ?? null;
  const objectiveContainer = options.objectiveContainer === undefined ? firstPortfolio : options.objectiveContainer;
  if (objectiveContainer !== null && !config.containers.some((c) => c.id === objectiveContainer)) {
    throw new SweepPlanError(`no container '${objectiveContainer}' to rank by`, 'optimization.objective');
  }
  return { objective, direction: options.direction ?? config.optimization?.direction ?? 'maximize', objectiveContainer };
}

/** Plans, runs and ranks every phase; the best of the last phase is the result's `best`. */
export async function runSweepPlan(config: StudioConfig, execute: PhaseExecutor, options: SweepPlanOptions = {}): Promise<SweepResult> {
  const rank = sweepRankOptions(config, options);
  const phases = planPhases(config.optimization);
  const constraint = sweepConstraint(config);
  const now = options.now ?? (() => 0);
  const started = now();
  // Later phases' sizes are estimated (topN × grid) until the previous phase has run.
  const estimate = phases.map((p, i) => (i === 0 ? phasePoints(p, null).length : (p.topN ?? 1) * p.parameters.reduce((n, q) => n * q.values.length, 1)));
  let done = 0;
  let failed = 0;
  let skipped = 0;
  let eventsPublished = 0;
  const progress = (phase: string | null): PoolProgress => {
    const total = estimate.reduce((a, b) => a + b, 0);
    const elapsed = now() - started;
    return {
      done,
      total,
      failed,
      eventsPublished,
      eventsPerSecond: elapsed > 0 ? (eventsPublished / elapsed) * 1000 : 0,
      etaMs: done > 0 && elapsed > 0 ? Math.round((elapsed / done) * Math.max(0, total - done)) : null,
      phase,
    };
  };

  const results: SweepPhaseResult[] = [];
  let kept: PointSuccess[] | null = null;
  for (let i = 0; i < phases.length; i++) {
    const phase = phases[i];
    const all = phasePoints(phase, kept);
    estimate[i] = all.length;
    options.onProgress?.(progress(phase.name));
    // The constraint drops combinations before anything runs; they are listed as skipped.
    const points = constraint === null ? all : all.filter((p) => constraint.allows(p.params));
    const dropped: PointFailure[] = [];
    if (points.length < all.length) {
      const allowed = new Set(points);
      for (const p of all) {
        if (allowed.has(p)) continue;
        let containerIds: Record<string, string> = {};
        try {
          containerIds = phaseContainerIds(config.containers, p.containerSuffix);
        } catch {
          // Ids that cannot be built fail the points that run, with the reason.
        }
        dropped.push({
          ok: false,
          index: p.index,
          phase: phase.name,
          params: p.params,
          containerSuffix: p.containerSuffix,
          containerIds,
          durationMs: 0,
          error: { name: 'SweepConstraint', message: `excluded by optimization.constraint: ${constraint!.text}` },
          timedOut: false,
          skipped: 'constraint',
        });
      }
    }
    const count = (batch: readonly PointOutcome[]) => {
      for (const o of batch) {
        done += 1;
        if (o.ok) eventsPublished += o.eventsPublished;
        else if (o.skipped !== undefined) skipped += 1;
        else failed += 1;
        options.onPoint?.(o);
      }
      options.onProgress?.(progress(phase.name));
    };
    if (dropped.length > 0) count(dropped);
    // A point the engine refuses to build is marked skipped ('invalid'), not failed.
    const mark = (o: PointOutcome): PointOutcome => (!o.ok && o.skipped === undefined && isInvalidPoint(o) ? { ...o, skipped: 'invalid' } : o);
    const ran = points.length === 0 ? [] : (await execute(phase, points, (batch) => count(batch.map(mark)))).map(mark);
    const outcomes = [...ran, ...dropped].sort((a, b) => a.index - b.index);
    const ranking = rankOutcomes(outcomes, rank);
    const next = phases[i + 1];
    const successes = ranking.map((at) => outcomes[at]).filter((o): o is PointSuccess => o.ok);
    kept = next ? successes.slice(0, next.topN ?? 1) : null;
    results.push({ name: phase.name, points: outcomes, ranking, kept: kept?.length ?? 0 });
    if (kept !== null && kept.length === 0) {
      // Nothing succeeded: later phases have nothing to validate.
      for (let j = i + 1; j < phases.length; j++) estimate[j] = 0;
      break;
    }
  }

  const last = results[results.length - 1];
  const bestAt = last.ranking.find((at) => last.points[at].ok);
  const best = bestAt === undefined ? null : (last.points[bestAt] as PointSuccess);
  const durationMs = now() - started;
  return {
    objective: rank.objective,
    direction: rank.direction,
    objectiveContainer: rank.objectiveContainer,
    phases: results,
    best,
    total: done,
    failed,
    skipped,
    eventsPublished,
    durationMs,
    eventsPerSecond: durationMs > 0 ? (eventsPublished / durationMs) * 1000 : 0,
  };
}

