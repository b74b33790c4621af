// `--report out.html` of the headless runner: the backtest re-run with full tracing,
// rendered by the pure report module and written as one self-contained HTML file.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { StudioConfig } from '../core/config/studio-config';
import type { BacktestResult } from '../engine/backtest-result';
import type { Dataset } from '../engine/bar';
import type { WalkForwardResult } from '../engine/walk-forward/walk-forward-result';
import { buildReportHtml, type BuildReportOptions } from '../report/build-report-html';

export interface WrittenReport {
  /** Absolute path of the file written. */
  path: string;
  bytes: number;
  /** The fully traced run the report shows (its metrics equal a normal run's). */
  result: BacktestResult;
  /** The walk-forward validation, when the config has optimization.walk_forward. */
  walkForward?: WalkForwardResult;
}

/** Runs `config` on `dataset` with full tracing and writes the HTML report to `path` (parent folders created). */
export async function writeReport(path: string, config: StudioConfig, dataset: Dataset, options: BuildReportOptions = {}): Promise<WrittenReport> {
  const { html, result, walkForward } = await buildReportHtml(config, dataset, options);
  const target = resolve(path);
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, html, 'utf8');
  return { path: target, bytes: Buffer.byteLength(html, 'utf8'), result, ...(walkForward !== undefined ? { walkForward } : {}) };
}
