// What makes two runs the same run: the config text, the data it ran on, the user strategy
// sources, a sweep point's params and container ids, and the span of bars it covered (so an
// imported CSV replaced under the same name is a new run). Reloading the page re-runs the
// same study; history keeps it once (issue 17 "every reload saves another identical run").
import type { BacktestResult } from '../../../engine/backtest-result';

/** FNV-1a over UTF-16 code units, two independent 32-bit lanes: a short, stable key. */
function hash(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
  }
  return `${(a >>> 0).toString(16).padStart(8, '0')}${(b >>> 0).toString(16).padStart(8, '0')}`;
}

export function runIdentity(result: BacktestResult, configText: string, userStrategies: readonly { name: string; source: string }[] = []): string {
  const strategies = [...userStrategies].sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  return hash(
    JSON.stringify([
      configText,
      result.datasetId,
      strategies.map((s) => [s.name, s.source]),
      result.params ?? null,
      result.containerSuffix ?? null,
      result.barsProcessed,
      result.startTime,
      result.endTime,
    ]),
  );
}
