// What "the same engine" means between a submitter and its workers: the package version plus a
// SHA-256 over every source file of the layers a result depends on (src/core, src/engine), so a
// worker started from another checkout — even one edit apart — refuses the job instead of
// returning numbers its submitter would file as its own. Computed once per process (~ms).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const LAYERS = ['src/core', 'src/engine'];

let cached: string | undefined;

function sourceFiles(dir: string, out: string[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) sourceFiles(path, out);
    // Tests never change a result; everything else (code, bundled YAML/JSON) may.
    else if (!/\.test\.tsx?$/.test(entry.name)) out.push(path);
  }
}

/** `<package version>+<first 16 hex of the sources' hash>`, the same on every machine running this tree. */
export function engineVersion(): string {
  if (cached !== undefined) return cached;
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version?: string };
  const files: string[] = [];
  for (const layer of LAYERS) sourceFiles(join(ROOT, layer), files);
  const hash = createHash('sha256');
  for (const file of files.map((f) => relative(ROOT, f).split('\\').join('/')).sort()) {
    hash.update(file).update('\0').update(readFileSync(join(ROOT, file))).update('\0');
  }
  cached = `${pkg.version ?? '0.0.0'}+${hash.digest('hex').slice(0, 16)}`;
  return cached;
}
