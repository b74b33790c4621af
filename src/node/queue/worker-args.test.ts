import { describe, expect, it } from 'vitest';
import { CliUsageError } from '../cli-args';
import { parseWorkerArgs } from './worker-args';

describe('parseWorkerArgs', () => {
  it('reads the queue URL, concurrency and lock time', () => {
    expect(parseWorkerArgs(['--queue', 'redis://10.1.2.3:6380', '--concurrency', '4', '--lock-ms', '5000', '--quiet'])).toEqual({
      queue: 'redis://10.1.2.3:6380',
      concurrency: 4,
      lockMs: 5000,
      quiet: true,
      help: false,
    });
    expect(parseWorkerArgs(['--queue', 'rediss://user:pw@h:1']).concurrency).toBe(1);
  });

  it('says what is wrong: missing queue, bad URL, bad numbers, typos', () => {
    expect(() => parseWorkerArgs([])).toThrow(/Missing --queue/);
    expect(() => parseWorkerArgs(['--queue', 'http://h:1'])).toThrow(/Redis URL/);
    expect(() => parseWorkerArgs(['--queue', 'redis://h:1', '--concurrency', '0'])).toThrow(/whole number ≥ 1/);
    expect(() => parseWorkerArgs(['--queue', 'redis://h:1', '--lock-ms', '10'])).toThrow(/≥ 1000/);
    expect(() => parseWorkerArgs(['--queue', 'redis://h:1', '--concurency', '2'])).toThrow(/Did you mean --concurrency/);
    expect(() => parseWorkerArgs(['--queue', 'redis://h:1', 'extra'])).toThrow(CliUsageError);
  });

  it('lets --help through without a queue', () => {
    expect(parseWorkerArgs(['--help']).help).toBe(true);
  });
});
