// equity.json of a results folder, streamed: one compact JSON object per line written in ~1 MB
// chunks, instead of a pretty-printed copy of the whole curve built in memory first (a 1 M-bar
// run's curve took longer to encode than the run took to compute). The file reads back exactly
// as encodeRunFiles' does: snake_case keys, non-finite numbers as null with their JSON paths
// returned for run.json's nonFinite map.
import { closeSync, openSync, writeSync } from 'node:fs';
import { toSnakeCase } from '../core/metrics-to-json';
import type { EquityPoint } from '../engine/backtest-result';

const CHUNK_CHARS = 1 << 20;

/** Writes `curve` to `path`; returns JSON path (`<index>/<key>`) → 'NaN' | 'Infinity' | '-Infinity' for numbers written as null. */
export function writeEquityJson(path: string, curve: readonly EquityPoint[]): Record<string, string> {
  const found: Record<string, string> = {};
  const first = curve[0];
  const keys = first === undefined ? [] : (Object.keys(first) as (keyof EquityPoint)[]).filter((k) => first[k] !== undefined);
  const names = keys.map((k) => JSON.stringify(toSnakeCase(k)));
  const fd = openSync(path, 'w');
  try {
    let chunk = '[';
    for (let i = 0; i < curve.length; i++) {
      const p = curve[i]!;
      let line = i === 0 ? '\n{' : ',\n{';
      for (let k = 0; k < keys.length; k++) {
        const v: unknown = p[keys[k]!];
        let text: string;
        if (typeof v === 'number') {
          if (Number.isFinite(v)) text = String(v);
          else {
            found[`${i}/${toSnakeCase(keys[k]!)}`] = String(v);
            text = 'null';
          }
        } else text = JSON.stringify(v) ?? 'null';
        line += `${k === 0 ? '' : ','}${names[k]}:${text}`;
      }
      chunk += `${line}}`;
      if (chunk.length >= CHUNK_CHARS) {
        writeSync(fd, chunk);
        chunk = '';
      }
    }
    writeSync(fd, `${chunk}${curve.length > 0 ? '\n' : ''}]\n`);
  } finally {
    closeSync(fd);
  }
  return found;
}
