// BENCHMARKS.md as a pure function of bench/results.json: every figure with its median, spread
// and run count, every target with its reference, threshold and MET / NOT MET, and the machine
// and load average each suite ran under. scripts/gen-benchmarks-md.ts writes it; nobody edits it.
import type { BenchResults, FigureRecord, Spread, SuiteRecord, TargetRecord } from './bench-results';

export const GENERATED_NOTICE =
  '<!-- GENERATED FILE: do not edit by hand. Written by `npm run bench:report` (scripts/gen-benchmarks-md.ts) from bench/results.json, which `npm run bench` writes. -->';

/** 1234567 → "1.23 M"; small numbers keep 2–3 significant digits. */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const a = Math.abs(n);
  if (a >= 1e9) return `${(n / 1e9).toFixed(2)} G`;
  if (a >= 1e6) return `${(n / 1e6).toFixed(2)} M`;
  if (a >= 1e4) return `${(n / 1e3).toFixed(1)} k`;
  if (a >= 100) return n.toFixed(0);
  if (a >= 10) return n.toFixed(1);
  return n.toFixed(2);
}

export function formatValue(n: number, unit: string): string {
  if (unit === 'x') return `${n.toFixed(2)}×`;
  if (unit === '%') return `${n.toFixed(1)} %`;
  return `${formatNumber(n)} ${unit}`;
}

function spread(s: Spread, unit: string): string {
  const f = (n: number) => formatValue(n, unit);
  const iqr = s.runs >= 4 ? `; IQR ${f(s.q1)}–${f(s.q3)}` : '';
  return s.runs > 1 ? `${f(s.min)}–${f(s.max)}${iqr}` : 'one run';
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function loadText(s: SuiteRecord): string {
  return `${s.load.min1.toFixed(2)}–${s.load.max1.toFixed(2)}`;
}

/** "**812 k bars/CPU-s** (wall clock 87.0 k bars/s)": a CPU-time target's median with its wall figure beside it. */
function medianText(t: TargetRecord): string {
  // The wall figure's spread is in the suite's figures; here its median only, to keep the row readable.
  const wall = t.wall !== undefined ? ` (wall clock ${formatValue(t.wall.median, t.wall.unit)})` : '';
  return `**${formatValue(t.median, t.unit)}**${wall}`;
}

function basisText(t: TargetRecord): string {
  const clock = t.clock === 'cpu' ? ', by CPU time' : '';
  return t.kind === 'ratio' ? `ratio to ${t.reference}${clock}` : t.clock === 'cpu' ? 'absolute, per CPU-second of the measuring process (no in-run reference)' : 'absolute (no in-run reference)';
}

function targetRow(s: SuiteRecord, t: TargetRecord): string {
  const op = t.op === '>=' ? '≥' : '≤';
  return `| ${cell(s.name)} | ${cell(t.name)} | ${cell(basisText(t))} | ${op} ${formatValue(t.threshold, t.unit)} | ${medianText(t)} | ${spread(t, t.unit)} | ${t.runs} | ${loadText(s)} on ${s.cpus} CPUs | ${t.met ? 'MET' : '**NOT MET**'} |`;
}

function figureRow(f: FigureRecord): string {
  return `| ${cell(f.name)} | **${formatValue(f.median, f.unit)}** | ${spread(f, f.unit)} | ${f.runs} | ${cell(f.note ?? '')} |`;
}

function suiteSection(s: SuiteRecord): string {
  const lines = [`## ${s.title} (\`${s.name}\`)`, '', s.description, ''];
  lines.push(
    `Ran ${s.startedAt.slice(0, 16).replace('T', ' ')} UTC for ${s.durationSeconds.toFixed(0)} s${s.quick ? ' with `--quick`' : ''} on ${s.cpus} CPUs; ` +
      `load average ${s.load.start.map((l) => l.toFixed(2)).join(' / ')} (1 / 5 / 15 min) at the start, ${s.load.end.map((l) => l.toFixed(2)).join(' / ')} at the end, ` +
      `1-minute load ${loadText(s)} while it ran.`,
    '',
  );
  if (s.error !== undefined) lines.push(`**This suite failed:** ${cell(s.error)}`, '');
  if (s.targets.length > 0) {
    lines.push('| target | median | spread (min–max) | runs | reference | |', '|---|---|---|---|---|---|');
    for (const t of s.targets) {
      lines.push(
        `| ${cell(t.name)} (${t.op === '>=' ? '≥' : '≤'} ${formatValue(t.threshold, t.unit)}) | ${medianText(t)} | ${spread(t, t.unit)} | ${t.runs} | ${cell(basisText(t))}${t.note ? ` — ${cell(t.note)}` : ''} | ${t.met ? 'MET' : '**NOT MET**'} |`,
      );
    }
    lines.push('');
  }
  if (s.figures.length > 0) {
    lines.push('| figure | median | spread (min–max) | runs | note |', '|---|---|---|---|---|');
    for (const f of s.figures) lines.push(figureRow(f));
    lines.push('');
  }
  return lines.join('\n');
}

export function renderBenchmarksMd(results: BenchResults): string {
  const m = results.machine;
  const targets = results.suites.flatMap((s) => s.targets.map((t) => ({ s, t })));
  const met = targets.filter(({ t }) => t.met).length;
  const loads = results.suites.flatMap((s) => [s.load.min1, s.load.max1]);
  const out = [
    GENERATED_NOTICE,
    '',
    '# Benchmarks',
    '',
    'Speed and memory targets are checked here, by benchmarks — never by timed unit tests. `npm run bench` runs every',
    'suite (`npm run bench -- engine sweep` only the named ones, `--quick` fewer repetitions), repeats each measurement,',
    'prints MET / NOT MET per target and writes `bench/results.json`; `npm run bench:report` writes this file from it.',
    '',
    'Every figure is the **median** of its repetitions with its spread (min–max, and the interquartile range from 4 runs).',
    'Where a reference exists the target is a **ratio** to it, measured in the same repetition (eventemitter3 for the bus,',
    'one worker for the pool, a bare loop over the same column for the engine, the run itself for results writing), so a',
    'machine busy with other work slows both sides; absolute targets say so and should be read with the load average.',
    ...(targets.some(({ t }) => t.clock === 'cpu')
      ? [
          '',
          'Single-threaded suites (marked "by CPU time" / "per CPU-second") are measured by the **CPU time** of the measuring',
          'process (`process.cpuUsage()` deltas around the timed section; the bench runs with `--single-threaded-gc`, so garbage',
          'collection is counted on that thread) and their targets are per CPU-second: CPU time is load-robust — other',
          "processes' load does not inflate it (it stays within a few per cent where wall time swings 2–4×), so anyone can",
          'reproduce the figure on a busy machine. The wall-clock figure is shown beside it; on an idle core the two agree.',
        ]
      : []),
    '',
    `**Machine:** ${m.cpu}, ${m.cpus} CPUs, ${m.memoryGiB} GiB, Node ${m.node}, ${m.platform}. Results of ${results.date.slice(0, 16).replace('T', ' ')} UTC${results.quick ? ' (some suites with `--quick`)' : ''};`,
    `1-minute load average ${loads.length ? `${Math.min(...loads).toFixed(2)}–${Math.max(...loads).toFixed(2)}` : 'n/a'} across the suites (shared machine).`,
    ...(loads.length && Math.max(...loads) > m.cpus
      ? [
          `The load average exceeded the ${m.cpus} CPUs: other work held most of the CPU time, so absolute figures (and the pool's wall-clock speed-up, which needs an idle core) read low; the ratio targets and the per-CPU-second figures are the ones to compare between runs.`,
        ]
      : []),
    '',
    `## Targets (${met} of ${targets.length} met)`,
    '',
    '| suite | target | basis | threshold | median | spread | runs | load avg (1 min) | |',
    '|---|---|---|---|---|---|---|---|---|',
    ...targets.map(({ s, t }) => targetRow(s, t)),
    ...results.suites.filter((s) => s.error !== undefined).map((s) => `| ${cell(s.name)} | suite failed: ${cell(s.error!)} | | | | | | ${loadText(s)} on ${s.cpus} CPUs | **NOT MET** |`),
    '',
    ...results.suites.map(suiteSection),
  ];
  return out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd() + '\n';
}
