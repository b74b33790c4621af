import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runHeadless } from './run-headless';
import { escapeTerminalText, terminalWriter } from './terminal-text';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('terminal output escaping', () => {
  it('shows control characters, escape sequences, 8-bit CSI and bidi overrides as visible escapes', () => {
    expect(escapeTerminalText('a\x1b]0;pwned\x07b')).toBe('a\\x1b]0;pwned\\x07b');
    expect(escapeTerminalText('red\x1b[31m \x9b2J')).toBe('red\\x1b[31m \\x9b2J');
    expect(escapeTerminalText('x\ry\bz\x7f')).toBe('x\\x0dy\\x08z\\x7f');
    expect(escapeTerminalText('abc\u202etxt.exe')).toBe('abc\\u202etxt.exe');
    expect(escapeTerminalText('line 1\n\tline 2 — S&P 500 ✓')).toBe('line 1\n\tline 2 — S&P 500 ✓');
  });

  it('lets only the runner\'s own progress line through raw', () => {
    const out: string[] = [];
    const w = terminalWriter((t) => out.push(t));
    w('\rbacktest: 50% (10/20 bars)');
    w('\rsweep abc: 3/10 points · 1.0 k events/s\x1b[K');
    w('\rsweep: \x1b]0;evil\x07');
    w('\rname\n');
    expect(out).toEqual(['\rbacktest: 50% (10/20 bars)', '\rsweep abc: 3/10 points · 1.0 k events/s\x1b[K', '\\x0dsweep: \\x1b]0;evil\\x07', '\\x0dname\n']);
  });

  it('npm run backtest prints a config name with terminal escape codes escaped', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'escape-'));
    dirs.push(dir);
    const config = join(dir, 'evil.yaml');
    // YAML double-quoted escapes: ESC ] 0 ; title BEL (set the window title), ESC [ 2 J (clear), CR.
    writeFileSync(
      config,
      `name: "evil\\e]0;owned\\a\\e[2J\\rfake"
data:
  source: synthetic
  synthetic: {days: 30, timeframes: ["1d"], symbols: [SYN]}
containers:
  - {id: ma_1, type: strategy, strategy: ma_crossover, params: {fast: 2, slow: 5}}
  - {id: portfolio_1, type: portfolio, strategies: [ma_1]}
`,
    );
    const printed: string[] = [];
    const io = { stdout: (t: string) => void printed.push(t), stderr: (t: string) => void printed.push(t), isTTY: false };
    expect(await runHeadless([config, '--out', join(dir, 'out')], io)).toBe(0);
    const all = printed.join('');
    expect(all).toContain('evil\\x1b]0;owned\\x07\\x1b[2J\\x0dfake: ');
    expect(escapeTerminalText(all)).toBe(all);
  });
});
