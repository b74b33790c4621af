import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { makeBacktestResult } from './backtest-result-fixture';
import { RunArchiveError, encodeRunFiles, readRunArchive, unzipRunArchive, zipRunArchive, type RunArchive } from './run-archive';

const CONFIG = 'name: momentum_sweep\ncontainers:\n  - id: portfolio_1\n    type: portfolio\n';
function archive(): RunArchive {
  return { name: 'Momentum, first try', createdAt: Date.UTC(2026, 10, 25, 9, 30), datasetId: 'sp500-2000', configText: CONFIG, result: makeBacktestResult() };
}

function failure(bytes: Uint8Array): RunArchiveError {
  const read = readRunArchive(bytes);
  if (read.ok) throw new Error('expected the archive to be rejected');
  return read.error;
}

describe('run archive', () => {
  it('lays the run out as the seed results folder with snake_case metrics and null for Infinity', () => {
    const a = archive();
    const files = unzipSync(zipRunArchive(a));
    expect(Object.keys(files).sort()).toEqual(
      [
        'config.yaml',
        'data/metrics.json',
        'data/trades.json',
        'portfolio_1/equity.json',
        'portfolio_1/metrics.json',
        'portfolio_1/trades.json',
        'portfolio_2/equity.json',
        'portfolio_2/metrics.json',
        'portfolio_2/trades.json',
        'root/events.jsonl.gz',
        'root/metrics.json',
        'root/trades.json',
        'run.json',
        'signal_analyzer/events.jsonl.gz',
        'signal_analyzer/metrics.json',
        'signal_analyzer/trades.json',
      ].sort(),
    );
    const file1 = JSON.parse(strFromU8(files['portfolio_1/metrics.json']!)) as Record<string, unknown>;
    // The headless runner's metrics.json shape, so a CLI results folder and an export read alike.
    expect(file1).toMatchObject({ container_id: 'portfolio_1', type: 'portfolio', run_id: 'momentum_sweep', dataset_id: 'sp500-2000', bars_processed: 120 });
    expect(file1.start_time).toBe(new Date(a.result.startTime).toISOString());
    expect(file1.trades_summary).toMatchObject({ count: 12, stored: 12 });
    expect(JSON.parse(strFromU8(files['data/metrics.json']!)).metrics).toBeNull();
    const m1 = file1.metrics as Record<string, unknown>;
    const source = a.result.containers.portfolio_1!.metrics!;
    expect(m1.profit_factor).toBeNull();
    expect(m1.total_return).toBe(source.totalReturn);
    expect(m1.max_drawdown_bars).toBe(source.maxDrawdownBars);
    expect(m1.sharpe_ratio).toBe(source.sharpeRatio);
    expect(Object.keys(m1).every((k) => /^[a-z0-9_]+$/.test(k))).toBe(true);
    const m2 = JSON.parse(strFromU8(files['portfolio_2/metrics.json']!)).metrics as Record<string, unknown>;
    expect(m2.profit_factor).toBeCloseTo(a.result.containers.portfolio_2!.metrics!.profitFactor, 12);

    const trades = JSON.parse(strFromU8(files['portfolio_1/trades.json']!)) as Record<string, unknown>[];
    expect(trades).toHaveLength(12);
    expect(trades[0]!.entry_price).toBe(a.result.containers.portfolio_1!.trades[0]!.entryPrice);

    const lines = gunzipSync(files['signal_analyzer/events.jsonl.gz']!).toString('utf8').trim().split('\n');
    expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual(a.result.containers.signal_analyzer!.events);

    const run = JSON.parse(strFromU8(files['run.json']!)) as Record<string, unknown>;
    expect(run.configText).toBe(CONFIG);
    expect(run.datasetId).toBe('sp500-2000');
    expect(strFromU8(files['config.yaml']!)).toBe(CONFIG);
  });

  it('round-trips a run exactly, Infinity and missing equity curves included', () => {
    const a = archive();
    const back = unzipRunArchive(zipRunArchive(a));
    expect(back).toEqual(a);
    expect(back.result.containers.portfolio_1!.metrics!.profitFactor).toBe(Infinity);
    expect(back.result.containers.portfolio_1!.metrics!.sqn).toBeNaN();
    expect('equityCurve' in back.result.containers.root!).toBe(false);
    expect('metrics' in back.result.containers.root!).toBe(false);
  });

  it('writes non-finite numbers inside trades and the equity curve as null and gets them back by their path', () => {
    const a = archive();
    const c = a.result.containers.portfolio_1!;
    c.trades[3] = { ...c.trades[3]!, returnPct: -Infinity };
    c.trades[7] = { ...c.trades[7]!, pnl: NaN };
    c.equityCurve![2] = { ...c.equityCurve![2]!, drawdown: Infinity };
    const files = encodeRunFiles(a);
    const trades = JSON.parse(strFromU8(files['portfolio_1/trades.json']!)) as Record<string, unknown>[];
    expect(trades[3]!.return_pct).toBeNull();
    expect(trades[7]!.pnl).toBeNull();
    expect(trades[4]!.return_pct).toBe(c.trades[4]!.returnPct);
    const run = JSON.parse(strFromU8(files['run.json']!)) as { containers: Record<string, { nonFinite: Record<string, Record<string, string>> }> };
    expect(run.containers.portfolio_1!.nonFinite).toEqual({
      // The fixture's metrics hold Infinity and NaN too (an object path, beside the array paths).
      'metrics.json': { 'metrics/profit_factor': 'Infinity', 'metrics/sqn': 'NaN' },
      'trades.json': { '3/return_pct': '-Infinity', '7/pnl': 'NaN' },
      'equity.json': { '2/drawdown': 'Infinity' },
    });
    const back = unzipRunArchive(zipRunArchive(a)).result.containers.portfolio_1!;
    expect(back.trades[3]!.returnPct).toBe(-Infinity);
    expect(back.trades[7]!.pnl).toBeNaN();
    expect(back.equityCurve![2]!.drawdown).toBe(Infinity);
    expect(back).toEqual(c);
  });

  it('keeps run warnings and leaves out events written elsewhere (the runner streams them)', () => {
    const a = archive();
    a.result.warnings = ['optimization block ignored'];
    const files = encodeRunFiles(a, { eventsWritten: { signal_analyzer: 5000 } });
    expect('signal_analyzer/events.jsonl.gz' in files).toBe(false);
    expect(JSON.parse(strFromU8(files['signal_analyzer/metrics.json']!)).events_written).toBe(5000);
    expect(unzipRunArchive(zipRunArchive(a)).result.warnings).toEqual(['optimization block ignored']);
  });

  it('keeps a sweep point\'s parameters, so a reopened or imported point re-runs as that point', () => {
    const a = archive();
    a.result.params = { 'ma_1.params.fast': 10, 'portfolio_1.allow_short': true, 'ma_1.params.timeframe': '1d' };
    a.result.containerSuffix = 'final_2';
    const files = encodeRunFiles(a);
    expect(JSON.parse(strFromU8(files['run.json']!)).run.params).toEqual(a.result.params);
    const back = unzipRunArchive(zipRunArchive(a)).result;
    expect(back.params).toEqual(a.result.params);
    expect(back.containerSuffix).toBe('final_2');
    const runJson = JSON.parse(strFromU8(files['run.json']!));
    runJson.run.params = { 'ma_1.params.fast': [10] };
    const error = failure(zipSync({ ...files, 'run.json': strToU8(JSON.stringify(runJson)) }));
    expect(error.message).toBe('run.json: field "run.params" must be an object of parameter values (numbers, strings or booleans).');
  });

  it('reads events.jsonl.gz written as many gzip members (one per flushed batch)', () => {
    const files = encodeRunFiles(archive());
    const events = archive().result.containers.signal_analyzer!.events;
    const members = [events.slice(0, 100), events.slice(100, 101), events.slice(101)].map((part) => gzipSync(part.map((e) => JSON.stringify(e)).join('\n') + '\n'));
    const back = unzipRunArchive(zipSync({ ...files, 'signal_analyzer/events.jsonl.gz': new Uint8Array(Buffer.concat(members)) }));
    expect(back.result.containers.signal_analyzer!.events).toEqual(events);
  });

  it('reads a flat metrics.json too', () => {
    const files = encodeRunFiles(archive());
    const flat = JSON.parse(strFromU8(files['portfolio_2/metrics.json']!)).metrics as Record<string, unknown>;
    const back = unzipRunArchive(zipSync({ ...files, 'portfolio_2/metrics.json': strToU8(JSON.stringify(flat)) }));
    expect(back.result.containers.portfolio_2!.metrics).toEqual(archive().result.containers.portfolio_2!.metrics);
  });

  it('accepts a zipped results folder with run.json one level down', () => {
    const files = encodeRunFiles(archive());
    const nested: Record<string, Uint8Array> = {};
    for (const [k, v] of Object.entries(files)) nested[`results/${k}`] = v;
    expect(unzipRunArchive(zipSync(nested))).toEqual(archive());
  });

  it('explains what is wrong with a foreign or damaged zip', () => {
    expect(failure(strToU8('hello, not a zip')).message).toMatch(/not a zip archive/);
    const foreign = failure(zipSync({ 'photo.jpg': new Uint8Array([1, 2, 3]), 'notes.txt': strToU8('hi') }));
    expect(foreign.message).toMatch(/Not an Event Studio run archive: run\.json is missing \(the zip holds photo\.jpg, notes\.txt\)/);

    const files = encodeRunFiles(archive());
    const withRun = (run: string) => zipSync({ ...files, 'run.json': strToU8(run) });
    const badJson = failure(withRun('{\n  "format": "event-studio-run",\n  oops\n}'));
    expect(badJson.file).toBe('run.json');
    expect(badJson.line).toBe(3);
    expect(badJson.message).toMatch(/^run\.json, line 3: is not valid JSON/);

    const run = JSON.parse(strFromU8(files['run.json']!)) as Record<string, unknown>;
    expect(failure(withRun(JSON.stringify({ ...run, format: 'something-else' }))).message).toMatch(/not an Event Studio run \(format is "something-else"/);
    expect(failure(withRun(JSON.stringify({ ...run, version: 99 }))).message).toMatch(/newer Event Studio \(archive version 99\)/);
    expect(failure(withRun(JSON.stringify({ ...run, configText: 42 }))).message).toMatch(/field "configText" must be the config YAML text/);

    const { ['portfolio_1/metrics.json']: _gone, ...noMetrics } = files;
    const missing = failure(zipSync(noMetrics));
    expect(missing.file).toBe('portfolio_1/metrics.json');
    expect(missing.message).toMatch(/missing from the archive \(container "portfolio_1"\)/);

    const brokenEvents = failure(zipSync({ ...files, 'root/events.jsonl.gz': new Uint8Array([1, 2, 3, 4]) }));
    expect(brokenEvents.message).toMatch(/^root\/events\.jsonl\.gz: is not a valid gzip file/);

    const text = gunzipSync(files['root/events.jsonl.gz']!).toString('utf8').split('\n');
    text[4] = '{"eventId": "x"}';
    const badEvent = failure(zipSync({ ...files, 'root/events.jsonl.gz': new Uint8Array(gzipSync(text.join('\n'))) }));
    expect(badEvent.line).toBe(5);
    expect(badEvent.message).toMatch(/line 5: is not an event/);
  });
});
