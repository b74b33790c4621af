// The equity curves of one headless run, written while it runs: the engine's equityCurveSink
// asks here for each traced portfolio's file (<out>/<id>/equity.npy, or equity.json with
// --equity-format json) and hands it the curve block by block, so the curve never sits in
// memory as objects. A run that fails, or a container that starts over (dynamic_rules' second
// pass), leaves no partial file behind.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { TraceSettings } from '../core/trace-settings';
import type { EquityCurveSink } from '../engine/backtest-result';
import { EquityJsonWriter } from './write-equity-json';
import { EquityNpyWriter } from './write-equity-npy';

export type EquityFormat = 'npy' | 'json';

/** A container folder's equity file in `format`. */
export function equityFileName(format: EquityFormat): string {
  return format === 'npy' ? 'equity.npy' : 'equity.json';
}

/** A file written during the run: where, and (JSON only) the numbers written as null, for run.json. */
export interface WrittenEquity {
  path: string;
  nonFinite: Record<string, string>;
}

export class EquityFiles {
  private readonly files = new Map<string, EquityNpyWriter | EquityJsonWriter>();
  private busy = 0;

  /** @param prepare called before the first file is created (clears what an earlier run wrote to outDir) */
  constructor(
    private readonly outDir: string,
    private readonly format: EquityFormat,
    private readonly prepare: () => void,
  ) {}

  /** RunBacktestOptions.equityCurveSink: a file for every traced container (the others get no folder). */
  readonly sinkFor = (containerId: string, settings: TraceSettings): EquityCurveSink | undefined => {
    if (!settings.enabled) return undefined;
    this.prepare();
    this.files.get(containerId)?.close();
    const dir = join(this.outDir, containerId);
    mkdirSync(dir, { recursive: true });
    const path = join(dir, equityFileName(this.format));
    const writer = this.format === 'npy' ? new EquityNpyWriter(path) : new EquityJsonWriter(path);
    this.files.set(containerId, writer);
    return {
      write: (block) => {
        const t0 = performance.now();
        writer.write(block);
        this.busy += performance.now() - t0;
      },
    };
  };

  /** Wall time spent writing blocks during the run, in ms: what the curves cost the run itself. */
  get busyMs(): number {
    return this.busy;
  }

  /** Ends every file once the run is done. */
  finish(): Map<string, WrittenEquity> {
    const done = new Map<string, WrittenEquity>();
    for (const [id, w] of this.files) done.set(id, { path: w.path, nonFinite: w.finish() ?? {} });
    return done;
  }

  /** The run failed: stop writing and remove the partial files. */
  abandon(): void {
    for (const w of this.files.values()) {
      w.close();
      rmSync(w.path, { force: true });
    }
    this.files.clear();
  }
}
