import { describe, expect, it } from 'vitest';
import { CliUsageError, parseBacktestArgs } from './cli-args';

describe('parseBacktestArgs', () => {
  it('reads the config, repeated --data and --out', () => {
    const a = parseBacktestArgs(['cfg.yaml', '--data', 'a.csv', '--data', 'b.csv', '--out', 'res', '--workers', '3', '--quiet']);
    expect(a).toMatchObject({ configPath: 'cfg.yaml', dataPaths: ['a.csv', 'b.csv'], outDir: 'res', workers: 3, quiet: true });
  });

  it('defaults the results folder to results/', () => {
    expect(parseBacktestArgs(['cfg.yaml']).outDir).toBe('results');
  });

  it('rejects a missing config, a flag without value, a bad worker count and an unknown flag with a suggestion', () => {
    expect(() => parseBacktestArgs([])).toThrow(/Missing the config file/);
    expect(() => parseBacktestArgs(['c.yaml', '--data'])).toThrow(/--data needs a value/);
    expect(() => parseBacktestArgs(['c.yaml', '--workers', '0'])).toThrow(/whole number/);
    expect(() => parseBacktestArgs(['c.yaml', '--dat', 'x.csv'])).toThrow(/Did you mean --data/);
    expect(() => parseBacktestArgs(['a.yaml', 'b.yaml'])).toThrow(CliUsageError);
  });

  it('reads --queue with a Redis URL and --sweep-id to re-attach', () => {
    const a = parseBacktestArgs(['cfg.yaml', '--queue', 'redis://10.0.0.5:6380', '--sweep-id', 'nightly-1']);
    expect(a).toMatchObject({ configPath: 'cfg.yaml', queue: 'redis://10.0.0.5:6380', sweepId: 'nightly-1' });
    expect(parseBacktestArgs(['cfg.yaml']).queue).toBeUndefined();
  });

  it('rejects a --queue that is not a Redis URL, a bad sweep id, --sweep-id without --queue and --workers with --queue', () => {
    expect(() => parseBacktestArgs(['c.yaml', '--queue', 'localhost:6379'])).toThrow(/Redis URL such as redis:\/\//);
    expect(() => parseBacktestArgs(['c.yaml', '--queue'])).toThrow(/--queue needs a value/);
    expect(() => parseBacktestArgs(['c.yaml', '--queue', 'redis://h:1', '--sweep-id', 'a:b'])).toThrow(/letters, digits/);
    expect(() => parseBacktestArgs(['c.yaml', '--sweep-id', 'abc'])).toThrow(/give --queue/);
    expect(() => parseBacktestArgs(['c.yaml', '--queue', 'redis://h:1', '--workers', '2'])).toThrow(/--concurrency/);
    expect(() => parseBacktestArgs(['c.yaml', '--queu', 'redis://h:1'])).toThrow(/Did you mean --queue/);
  });

  it('reads --report (an .html path) and --no-sweep', () => {
    expect(parseBacktestArgs(['cfg.yaml', '--report', 'out/report.html', '--no-sweep'])).toMatchObject({ report: 'out/report.html', noSweep: true });
    expect(parseBacktestArgs(['cfg.yaml'])).toMatchObject({ noSweep: false });
    expect(() => parseBacktestArgs(['cfg.yaml', '--report', 'report.pdf'])).toThrow(/ending in \.html/);
    expect(() => parseBacktestArgs(['cfg.yaml', '--repor', 'r.html'])).toThrow(/Did you mean --report/);
  });

  it('writes equity.npy unless --equity-format json, and names the two formats on anything else', () => {
    expect(parseBacktestArgs(['c.yaml']).equityFormat).toBe('npy');
    expect(parseBacktestArgs(['c.yaml', '--equity-format', 'json']).equityFormat).toBe('json');
    expect(() => parseBacktestArgs(['c.yaml', '--equity-format', 'csv'])).toThrow(/--equity-format takes npy or json, got 'csv'/);
    expect(() => parseBacktestArgs(['c.yaml', '--equity-formt', 'json'])).toThrow(/Did you mean --equity-format/);
  });

  it('lets --help through without a config', () => {
    expect(parseBacktestArgs(['--help']).help).toBe(true);
  });
});
