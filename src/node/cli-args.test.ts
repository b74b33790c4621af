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

  it('lets --help through without a config', () => {
    expect(parseBacktestArgs(['--help']).help).toBe(true);
  });
});
