// storage_path: where the headless runner writes a container's results folder, relative to the
// results folder (--out) and never outside it. Checked when the config is read (a positioned
// error), so a config can never name /etc, ~/x or ../../x as a place to write; resolved by the
// Node shell with these segments. Both / and \ separate segments; `.` segments are dropped.

export type StoragePathResult = { ok: true; segments: string[] } | { ok: false; message: string };

const HINT = 'write a folder relative to the results folder (--out), such as ./portfolio_1/ or results/portfolio_1/';

/** The path's folder segments below --out, or why it is refused. */
export function storagePathSegments(path: string): StoragePathResult {
  if (path.trim() === '') return { ok: false, message: `storage_path is empty: ${HINT}` };
  for (let i = 0; i < path.length; i++) {
    const code = path.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return { ok: false, message: `storage_path holds a control character (code ${code}): ${HINT}` };
  }
  if (/^[/\\]/.test(path) || /^[A-Za-z]:/.test(path) || path.startsWith('~')) {
    return { ok: false, message: `storage_path '${path}' is absolute; it must stay inside the results folder: ${HINT}` };
  }
  const segments = path.split(/[/\\]+/).filter((s) => s !== '' && s !== '.');
  if (segments.includes('..')) return { ok: false, message: `storage_path '${path}' climbs out with '..'; it must stay inside the results folder: ${HINT}` };
  if (segments.length === 0) return { ok: false, message: `storage_path '${path}' names the results folder itself; give the container its own folder: ${HINT}` };
  const reserved = segments.find((s) => /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i.test(s) || /[<>:"|?*]/.test(s));
  if (reserved !== undefined) return { ok: false, message: `storage_path segment '${reserved}' is not a portable folder name: ${HINT}` };
  return { ok: true, segments };
}
