// How compared runs and the run list read: a series is named by its run and the settings in
// which it differs from the others (lookback=60), never by a hash; runs saved again with the
// same study and the same outcome (older history, before runs were saved once) collapse
// into one entry that says how many it holds.
import { parse } from 'yaml';

type Flat = Map<string, string>;

/** Every leaf of a parsed YAML value as 'a.b[0].c' → JSON text (containers keyed by id, not index). */
function flatten(value: unknown, path: string, out: Flat): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      const id = v !== null && typeof v === 'object' && typeof (v as { id?: unknown }).id === 'string' ? (v as { id: string }).id : String(i);
      flatten(v, `${path}[${id}]`, out);
    });
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) flatten(v, path ? `${path}.${k}` : k, out);
  } else {
    out.set(path, JSON.stringify(value));
  }
}

function flatConfig(text: string, params: Record<string, unknown> | undefined): Flat {
  const out: Flat = new Map();
  try {
    flatten(parse(text), '', out);
  } catch {
    // An unreadable text differs as a whole: nothing to name.
  }
  for (const [k, v] of Object.entries(params ?? {})) out.set(`sweep.${k}`, JSON.stringify(v));
  return out;
}

/** The last key of a path: 'containers[strategy_1].params.lookback' → 'lookback'. */
function shortKey(path: string): string {
  return path.split(/[.[\]]+/).filter(Boolean).pop() ?? path;
}

/** For each run, 'key=value' of the settings (config leaves, sweep params) where the runs differ; the name and dates aside. */
export function differingSettings(runs: readonly { configText: string; params?: Record<string, unknown> }[], limit = 4): string[][] {
  const flats = runs.map((r) => flatConfig(r.configText, r.params));
  const keys = new Set(flats.flatMap((f) => [...f.keys()]));
  const differ = [...keys].filter((k) => k !== 'name' && new Set(flats.map((f) => f.get(k) ?? '∅')).size > 1);
  return flats.map((f) => {
    const parts = differ.map((k) => `${shortKey(k)}=${f.has(k) ? f.get(k)!.replace(/^"|"$/g, '') : '—'}`);
    return parts.length > limit ? [...parts.slice(0, limit), `+${parts.length - limit} more`] : parts;
  });
}

/** A run's series label: its name and how it differs. */
export function compareLabel(name: string, differing: readonly string[]): string {
  return differing.length ? `${name} (${differing.join(', ')})` : name;
}

export interface RunLike {
  id: string;
  name: string;
  configName: string;
  datasetId: string;
  savedAt: number;
  metrics?: Record<string, number>;
}

/** Runs of one study with one outcome, listed newest first: the newest stands for the group. */
export interface RunGroup<R extends RunLike> {
  run: R;
  /** The older identical ones it hides. */
  same: R[];
}

function outcome(r: RunLike): string {
  const m = r.metrics;
  return JSON.stringify([r.configName, r.datasetId, m?.totalReturn, m?.totalTrades, m?.sharpeRatio, m?.maxDrawdown, m?.finalEquity]);
}

/**
 * Adjacent runs with the same study, data and headline outcome, saved at different times (the
 * study run again), collapse into one entry. An imported copy keeps its original save time: it
 * is a copy the user made on purpose and stays its own entry.
 */
export function collapseRuns<R extends RunLike>(runs: readonly R[]): RunGroup<R>[] {
  const out: RunGroup<R>[] = [];
  for (const r of runs) {
    const last = out.at(-1);
    const copy = last && [last.run, ...last.same].some((x) => x.savedAt === r.savedAt);
    if (last && !copy && r.metrics && outcome(last.run) === outcome(r)) last.same.push(r);
    else out.push({ run: r, same: [] });
  }
  return out;
}
