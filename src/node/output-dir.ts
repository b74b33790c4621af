// The results folder (--out) is shared with whatever else the user keeps there, so the runner
// only ever removes what it wrote itself: after each run it leaves a marker file
// (.event-studio-output.json) in --out and in every folder it wrote, listing the files it wrote
// there; a later run into the same --out first removes exactly those files (and folders left
// empty by that), says what it replaced, and never touches a file no marker lists. A point
// folder of an earlier, larger sweep thus disappears instead of sitting beside a summary.json
// that no longer lists it. Files are ours when this run created or rewrote them (mtime), which
// needs no cooperation from the writers (run files, streamed events, sweep points, reports).
import { existsSync, lstatSync, readdirSync, readFileSync, rmdirSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, normalize, sep } from 'node:path';

export const OUTPUT_MARKER = '.event-studio-output.json';
const FORMAT = 'event-studio-output';

interface Marker {
  format: typeof FORMAT;
  version: 1;
  written_at: string;
  /** Paths relative to the marker's folder ('/'-separated), of files the runner wrote there. */
  files: string[];
}

export interface ReplacedOutput {
  /** Folders of an earlier run removed whole. */
  folders: string[];
  /** Files of an earlier run removed at the top of --out. */
  files: string[];
  /** Folders of an earlier run kept because they hold files the runner did not write. */
  kept: string[];
}

function readMarker(dir: string): Marker | null {
  const path = join(dir, OUTPUT_MARKER);
  if (!existsSync(path)) return null;
  try {
    const m = JSON.parse(readFileSync(path, 'utf8')) as Partial<Marker>;
    if (m.format !== FORMAT || !Array.isArray(m.files)) return null;
    return { format: FORMAT, version: 1, written_at: String(m.written_at), files: m.files.filter((f): f is string => typeof f === 'string') };
  } catch {
    // A marker we cannot read lists nothing we may remove.
    return null;
  }
}

/** A listed path inside `dir` (never `..`, absolute, or through the marker itself); null otherwise. */
function inside(dir: string, rel: string): string | null {
  if (rel === '' || isAbsolute(rel) || rel.includes('\0')) return null;
  const norm = normalize(rel);
  if (norm.split(/[\\/]/).includes('..') || norm === OUTPUT_MARKER) return null;
  return join(dir, norm);
}

/** Removes the listed regular files, then the folders they leave empty (bottom-up, inside `dir`). */
function removeListed(dir: string, files: readonly string[]): void {
  const parents = new Set<string>();
  for (const rel of files) {
    const path = inside(dir, rel);
    if (path === null) continue;
    try {
      const st = lstatSync(path);
      if (!st.isFile() && !st.isSymbolicLink()) continue;
      unlinkSync(path);
    } catch {
      continue;
    }
    for (let p = join(path, '..'); p.length > dir.length && p.startsWith(dir + sep); p = join(p, '..')) parents.add(p);
  }
  for (const p of [...parents].sort((a, b) => b.length - a.length)) {
    try {
      if (readdirSync(p).length === 0) rmdirSync(p);
    } catch {
      // Not empty or gone: left as it is.
    }
  }
}

/**
 * Before a run writes into `outDir`: removes what an earlier run listed in its markers (only
 * that) and returns what it replaced. Nothing happens for a new or never-used folder.
 */
export function clearPreviousOutput(outDir: string): ReplacedOutput {
  const replaced: ReplacedOutput = { folders: [], files: [], kept: [] };
  if (!existsSync(outDir) || !statSync(outDir).isDirectory()) return replaced;
  for (const entry of readdirSync(outDir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const dir = join(outDir, entry.name);
    const marker = readMarker(dir);
    if (marker === null) continue;
    removeListed(dir, marker.files);
    unlinkSync(join(dir, OUTPUT_MARKER));
    if (readdirSync(dir).length === 0) {
      rmdirSync(dir);
      replaced.folders.push(entry.name);
    } else replaced.kept.push(entry.name);
  }
  const root = readMarker(outDir);
  if (root !== null) {
    const present = root.files.filter((f) => {
      const p = inside(outDir, f);
      return p !== null && existsSync(p);
    });
    removeListed(outDir, root.files);
    unlinkSync(join(outDir, OUTPUT_MARKER));
    replaced.files.push(...present);
  }
  replaced.folders.sort();
  replaced.kept.sort();
  return replaced;
}

/** Files under `dir` (relative, '/'-separated) modified at or after `since` (ms), markers excluded. */
function writtenSince(dir: string, since: number, prefix = ''): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...writtenSince(path, since, rel));
    else if (entry.isFile() && entry.name !== OUTPUT_MARKER && statSync(path).mtimeMs >= since) out.push(rel);
  }
  return out;
}

/**
 * After a run (also a failed one: what it wrote is listed so the next run removes it): writes a
 * marker in `outDir` and in each folder holding files this run wrote since `startedAt`.
 */
export function markOutput(outDir: string, startedAt: number): void {
  if (!existsSync(outDir) || !statSync(outDir).isDirectory()) return;
  // A few ms of slack for mtime rounding; on a file system with coarse mtimes (FAT: 2 s) a file
  // may go unlisted, which errs the safe way (the next run leaves it rather than removing a user's).
  const since = startedAt - 20;
  const written_at = new Date().toISOString();
  const rootFiles: string[] = [];
  for (const entry of readdirSync(outDir, { withFileTypes: true })) {
    const path = join(outDir, entry.name);
    if (entry.isDirectory()) {
      const files = writtenSince(path, since);
      if (files.length === 0) continue;
      const marker: Marker = { format: FORMAT, version: 1, written_at, files: files.sort() };
      writeFileSync(join(path, OUTPUT_MARKER), JSON.stringify(marker, null, 1) + '\n');
    } else if (entry.isFile() && entry.name !== OUTPUT_MARKER && statSync(path).mtimeMs >= since) rootFiles.push(entry.name);
  }
  if (rootFiles.length > 0) {
    const marker: Marker = { format: FORMAT, version: 1, written_at, files: rootFiles.sort() };
    writeFileSync(join(outDir, OUTPUT_MARKER), JSON.stringify(marker, null, 1) + '\n');
  }
}

/** One line for the user: what a run into an existing --out replaced (empty when nothing). */
export function replacedOutputText(outDir: string, r: ReplacedOutput): string {
  if (r.folders.length === 0 && r.files.length === 0 && r.kept.length === 0) return '';
  const list = (names: string[]) => (names.length <= 5 ? names.join(', ') : `${names.slice(0, 5).join(', ')} … (${names.length})`);
  const parts: string[] = [];
  if (r.folders.length > 0) parts.push(`${r.folders.length} folder(s): ${list(r.folders)}`);
  if (r.files.length > 0) parts.push(`file(s): ${list(r.files)}`);
  let text = `note: replacing an earlier run's results in ${outDir}: removed ${parts.join('; ') || 'nothing else'} (only what Event Studio wrote there)`;
  if (r.kept.length > 0) text += `; kept ${list(r.kept)}, which also hold files Event Studio did not write`;
  return `${text}\n`;
}
