// storage_path in the headless runner: a container whose settings name one gets its results
// folder there — relative to --out, never outside it (the config reader already refused `..`
// and absolute paths; the resolved folder is checked again here). The run is written in the
// usual layout first, then each such folder is moved and run.json's `dir` updated, so the
// results still import into the studio as one run. Two containers naming the same folder
// each get a subfolder by their id (the seed's wildcard settings can do that).
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, rmdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { storagePathSegments } from '../core/config/storage-path';
import type { BacktestResult } from '../engine/backtest-result';

interface RunJsonShape {
  containers: Record<string, { dir: string }>;
}

/** Moves containers with a storage_path to it; returns one note per moved container (for the user). */
export function applyStoragePaths(outDir: string, result: BacktestResult): string[] {
  const runJsonPath = join(outDir, 'run.json');
  if (!existsSync(runJsonPath)) return [];
  const root = resolve(outDir);
  const runJson = JSON.parse(readFileSync(runJsonPath, 'utf8')) as RunJsonShape;
  const wanted = new Map<string, string[]>();
  const targetOf = new Map<string, string>();
  for (const [id, meta] of Object.entries(runJson.containers)) {
    const path = result.containers[id]?.traceSettings.storagePath;
    if (path === undefined) continue;
    const checked = storagePathSegments(path);
    if (!checked.ok) throw new Error(`${id}: ${checked.message}`);
    const target = resolve(root, ...checked.segments);
    if (!target.startsWith(root + sep)) throw new Error(`${id}: storage_path '${path}' resolves outside ${root}`);
    targetOf.set(id, target);
    wanted.set(target, [...(wanted.get(target) ?? []), meta.dir]);
  }
  const notes: string[] = [];
  for (const [id, target0] of targetOf) {
    const meta = runJson.containers[id];
    const target = wanted.get(target0)!.length > 1 ? join(target0, meta.dir) : target0;
    const source = join(root, meta.dir);
    if (target === source || !existsSync(source)) continue;
    if (target.startsWith(source + sep)) {
      // Inside its own default folder (./portfolio_1/deeper): move through a temporary name.
      const tmp = `${source}.moving-${process.pid}`;
      renameSync(source, tmp);
      moveInto(tmp, target);
    } else moveInto(source, target);
    meta.dir = relative(root, target).split(sep).join('/');
    notes.push(`${id}: results in ${meta.dir}/ (storage_path)`);
  }
  if (notes.length > 0) writeFileSync(runJsonPath, JSON.stringify(runJson, null, 2) + '\n');
  return notes;
}

/** Moves every entry of `from` into `to` (created; same-named files replaced), then removes `from`. */
function moveInto(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const name of readdirSync(from)) {
    const dest = join(to, name);
    // Only a same-named file is replaced; a folder of that name is an error, never removed.
    if (existsSync(dest)) rmSync(dest, { force: true });
    renameSync(join(from, name), dest);
  }
  rmdirSync(from);
}
