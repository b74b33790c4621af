import { describe, expect, it } from 'vitest';
import { parseStudioConfig } from './parse-studio-config';
import type { ConfigError, ParseResult } from './studio-config';

function errors(r: ParseResult): ConfigError[] {
  if (r.ok) throw new Error(`expected errors, got a config: ${JSON.stringify(r.config).slice(0, 200)}`);
  return r.errors;
}

const STRATEGY_AND_PORTFOLIO = `name: test
containers:
  - id: strategy_a
    type: strategy
    strategy: momentum
    params: {lookback: 20}
  - id: portfolio_1
    type: portfolio
    strategies: [strategy_a]
`;

describe('parseStudioConfig: errors with line, column and path', () => {
  it('a bad value', () => {
    const r = parseStudioConfig(`name: x
initial_capital: -5
`);
    expect(errors(r)).toEqual([{ message: 'initial_capital: must be > 0, got -5', line: 2, column: 18, path: 'initial_capital' }]);
  });

  it('a value of the wrong type names what was written', () => {
    const e = errors(parseStudioConfig(`trace_settings:\n  max_events: lots\n`));
    expect(e).toEqual([{ message: 'max_events: expected a number, got "lots"', line: 2, column: 15, path: 'trace_settings.max_events' }]);
  });

  it('an unknown key, with a suggestion', () => {
    const e = errors(parseStudioConfig(`trace_settings:
  container_settings:
    "portfolio_*":
      retension_policy: full
`));
    expect(e).toEqual([
      {
        message: 'unknown key "retension_policy" — did you mean "retention_policy"?',
        line: 4,
        column: 7,
        path: 'trace_settings.container_settings["portfolio_*"].retension_policy',
      },
    ]);
  });

  it('an unknown key at the top level and inside a container', () => {
    const e = errors(parseStudioConfig(`nmae: x\ncontainers:\n  - id: s\n    type: strategy\n    strategy: momentum\n    parms: {}\n`));
    expect(e.map((x) => [x.line, x.column, x.path, x.message])).toEqual([
      [1, 1, 'nmae', 'unknown key "nmae" — did you mean "name"?'],
      [6, 5, 'containers[0].parms', 'unknown key "parms" — did you mean "params"?'],
    ]);
  });

  it('an unknown key without a close match lists the allowed keys', () => {
    const e = errors(parseStudioConfig(`execution:\n  banana: 1\n`));
    expect(e[0]!.message).toBe('unknown key "banana" (allowed here: commission_per_trade, commission_percent, slippage_bps, fill_model)');
  });

  it('a bad enum value suggests the closest one', () => {
    const e = errors(parseStudioConfig(`trace_settings:\n  retention_policy: trade_compleet\n`));
    expect(e).toEqual([
      {
        message: 'retention_policy: expected one of trade_complete, sliding_window, minimal, full, all, none, got "trade_compleet" — did you mean "trade_complete"?',
        line: 2,
        column: 21,
        path: 'trace_settings.retention_policy',
      },
    ]);
  });

  it('a bad container type suggests the closest one', () => {
    const e = errors(parseStudioConfig(`containers:\n  - id: p\n    type: portfolo\n`));
    expect(e).toEqual([
      { message: 'type: expected one of strategy, portfolio, execution, analysis, data, got "portfolo" — did you mean "portfolio"?', line: 3, column: 11, path: 'containers[0].type' },
    ]);
  });

  it('a missing required key points at its mapping', () => {
    const e = errors(parseStudioConfig(`containers:\n  - id: s\n    type: strategy\n`));
    expect(e).toEqual([{ message: 'missing required key "strategy" (text)', line: 2, column: 5, path: 'containers[0].strategy' }]);
  });

  it('a bad condition, at the character where it goes wrong', () => {
    const text = `trace_settings:
  container_settings:
    "portfolio_*":
      dynamic_rules:
        - condition: "metrics.total_pnl >> 0"
          action: debug
`;
    const e = errors(parseStudioConfig(text));
    // The condition string starts at column 23 (after the quote); the second ">" is at offset 19.
    expect(e).toEqual([
      {
        message: 'condition: ">" needs a metric name or a number on its left',
        line: 5,
        column: 23 + 19,
        path: 'trace_settings.container_settings["portfolio_*"].dynamic_rules[0].condition',
      },
    ]);
  });

  it('a bad condition written as a block scalar points at the scalar', () => {
    const e = errors(parseStudioConfig('trace_settings:\n  dynamic_rules:\n    - condition: >\n        metrics.total_pnl >\n        > 0\n      action: debug\n'));
    expect(e[0]).toMatchObject({ line: 3, column: 18, path: 'trace_settings.dynamic_rules[0].condition' });
  });

  it('an unknown container in a portfolio\'s strategies', () => {
    const e = errors(parseStudioConfig(STRATEGY_AND_PORTFOLIO.replace('strategies: [strategy_a]', 'strategies: [strategy_b]')));
    expect(e).toEqual([
      {
        message: 'portfolio "portfolio_1" manages "strategy_b", but no container has that id — did you mean "strategy_a"? (strategy containers: strategy_a)',
        line: 9,
        column: 18,
        path: 'containers[1].strategies[0]',
      },
    ]);
  });

  it('a portfolio naming a container that is not a strategy', () => {
    const e = errors(parseStudioConfig(`${STRATEGY_AND_PORTFOLIO}  - id: execution_1\n    type: execution\n  - id: portfolio_2\n    type: portfolio\n    strategies: [execution_1]\n`));
    expect(e.map((x) => [x.line, x.path, x.message])).toEqual([[14, 'containers[3].strategies[0]', 'portfolio "portfolio_2" manages "execution_1", which is an execution container, not a strategy']]);
  });

  it('duplicate container ids', () => {
    const e = errors(parseStudioConfig(`${STRATEGY_AND_PORTFOLIO}  - id: strategy_a\n    type: analysis\n`));
    expect(e).toEqual([{ message: 'duplicate container id "strategy_a" (first defined on line 3) — ids must be unique', line: 10, column: 9, path: 'containers[2].id' }]);
  });

  it('a strategy no portfolio manages is a warning, not an error', () => {
    const r = parseStudioConfig(`${STRATEGY_AND_PORTFOLIO}  - id: strategy_b\n    type: strategy\n    strategy: ma_crossover\n`);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.warnings).toEqual([
        {
          message: 'strategy "strategy_b" is not managed by any portfolio: its signals will not trade — add it to a portfolio\'s strategies',
          line: 10,
          column: 9,
          path: 'containers[2].id',
        },
      ]);
    }
  });

  it('a tab used for indentation', () => {
    const e = errors(parseStudioConfig('trace_settings:\n\tmax_events: 5\n'));
    expect(e).toHaveLength(1);
    expect(e[0]).toMatchObject({ line: 2, column: 1, path: 'trace_settings' });
    expect(e[0]!.message).toContain('indent with spaces');
  });

  it('a wrong indentation', () => {
    const e = errors(parseStudioConfig('data:\n  source: sp500\n timeframes: [1d]\n'));
    expect(e[0]).toMatchObject({ line: 3 });
    expect(e[0]!.message).toMatch(/indent|column/i);
  });

  it('a duplicate key', () => {
    const e = errors(parseStudioConfig('name: a\nname: b\n'));
    expect(e).toEqual([{ message: 'duplicate key "name" — each key may appear once per mapping; remove or merge the duplicate', line: 2, column: 1, path: 'name' }]);
  });

  it('two YAML documents, and a key left without a value', () => {
    expect(errors(parseStudioConfig('name: a\n---\nname: b\n'))[0]).toMatchObject({ line: 2, message: expect.stringContaining('single YAML document') });
    expect(errors(parseStudioConfig('containers:\n'))[0]).toEqual({
      message: 'containers: expected a list, got an empty value — write a value after the colon, or remove the key',
      line: 1,
      column: 12,
      path: 'containers',
    });
  });

  it('yes/no are not booleans in YAML 1.2, and the message says so', () => {
    const e = errors(parseStudioConfig('trace_settings:\n  enabled: yes\n'));
    expect(e[0]!.message).toContain('write true or false');
  });

  it('a trace level name is accepted wherever a block is, and a typo in one is explained', () => {
    expect(parseStudioConfig('trace_settings:\n  container_settings:\n    "portfolio_*": metrics\n').ok).toBe(true);
    const e = errors(parseStudioConfig('trace_settings:\n  container_settings:\n    "portfolio_*": metric\n'));
    expect(e[0]).toMatchObject({ line: 3, column: 20 });
    expect(e[0]!.message).toContain('did you mean "metrics"?');
  });

  it('events_to_trace: a wrong event type is pointed at inside the list', () => {
    const e = errors(parseStudioConfig('trace_settings:\n  events_to_trace: [FILL, POSITON_OPEN]\n'));
    expect(e[0]).toMatchObject({ line: 2, column: 27, path: 'trace_settings.events_to_trace[1]' });
    expect(e[0]!.message).toContain('did you mean "POSITION_OPEN"?');
    const all = errors(parseStudioConfig('trace_settings:\n  events_to_trace: all\n'));
    expect(all[0]!.message).toContain('did you mean "ALL"?');
  });

  it('an environment selected without a block', () => {
    const e = errors(parseStudioConfig('environment: prod\nproduction:\n  trace_settings:\n    enabled: false\n'));
    expect(e).toEqual([{ message: 'environment "prod" has no block (defined: production) — did you mean "production"?', line: 1, column: 14, path: 'environment' }]);
  });

  it('environments under environments: are merged with the top-level blocks; a duplicate is an error', () => {
    const ok = parseStudioConfig('environments:\n  staging:\n    trace_settings:\n      max_events: 5\n');
    expect(ok.ok && Object.keys(ok.config.environments)).toEqual(['staging']);
    const dup = errors(parseStudioConfig('development:\n  trace_settings: {}\nenvironments:\n  development:\n    trace_settings: {}\n'));
    expect(dup[0]).toMatchObject({ line: 4, path: 'environments.development' });
  });

  it('a document holding only a container\'s event_tracing block is explained', () => {
    const e = errors(parseStudioConfig('event_tracing:\n  mode: full\n'));
    expect(e[0]).toMatchObject({ line: 1, column: 1, path: 'event_tracing' });
    expect(e[0]!.message).toContain('parseEventTracingBlock');
    expect(e[0]!.message).toContain('containers:');
  });

  it('data: bad source and dates', () => {
    const e = errors(parseStudioConfig('data:\n  source: sp50\n  start: 2020-13\n'));
    expect(e.map((x) => [x.line, x.path])).toEqual([
      [2, 'data.source'],
      [3, 'data.start'],
    ]);
    expect(e[0]!.message).toContain('did you mean "sp500"?');
    const order = errors(parseStudioConfig('data:\n  start: 2021-01-01\n  end: 2020-01-01\n'));
    expect(order[0]).toMatchObject({ line: 3, path: 'data.end' });
    expect(parseStudioConfig('data:\n  source: csv:my_prices\n').ok).toBe(true);
  });

  it('risk_per_trade sizing needs a stop', () => {
    const e = errors(parseStudioConfig(`${STRATEGY_AND_PORTFOLIO}    sizing: {type: risk_per_trade, percent: 1}\n`));
    expect(e[0]).toMatchObject({ line: 10, path: 'containers[1].sizing' });
    const ok = parseStudioConfig(`${STRATEGY_AND_PORTFOLIO}    sizing: {type: risk_per_trade, percent: 1}\n    risk: {stop_loss: 0.05}\n`);
    expect(ok.ok).toBe(true);
  });

  it('reports several errors at once, in source order', () => {
    const e = errors(parseStudioConfig('name: ""\nexecution:\n  slippage_bps: -1\n  fill_model: open\n'));
    expect(e.map((x) => x.line)).toEqual([1, 3, 4]);
  });
});

describe('parseStudioConfig: a full document', () => {
  it('maps every section to the camelCase model', () => {
    const r = parseStudioConfig(`name: full
environment: development
initial_capital: 50000
data:
  source: stocks
  symbols: [AAPL, MSFT]
  timeframes: [1d]
  start: 2015-01-01
  end: 2020-12-31
execution:
  commission_per_trade: 1
  commission_percent: 0.1
  slippage_bps: 5
  fill_model: close
containers:
  - id: strategy_ma
    type: strategy
    strategy: ma_crossover
    params: {fast: 10, slow: 30}
    symbols: [AAPL]
  - id: portfolio_main
    type: portfolio
    strategies: [strategy_ma]
    sizing: {type: fixed, quantity: 10}
    allow_short: true
    risk: {max_position: 100, stop_loss: 0.05, take_profit: 0.2}
    barriers:
      data_alignment: {symbols: [AAPL, MSFT], timeframes: [1d]}
      order_control: {prevent_duplicates: true}
      timing:
        max_signals_per_minute: 30
        trading_hours: {start: "09:30", end: "16:00", timezone: America/New_York}
    event_tracing: {level: debug, max_events: 50}
development:
  trace_settings:
    events_to_trace: ALL
`);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const c = r.config;
    expect(c).toMatchObject({
      name: 'full',
      environment: 'development',
      initialCapital: 50000,
      data: { source: 'stocks', symbols: ['AAPL', 'MSFT'], timeframes: ['1d'], start: '2015-01-01', end: '2020-12-31' },
      execution: { commissionPerTrade: 1, commissionPercent: 0.1, slippageBps: 5, fillModel: 'close' },
    });
    expect(c.containers[0]).toMatchObject({ id: 'strategy_ma', type: 'strategy', strategy: 'ma_crossover', params: { fast: 10, slow: 30 }, symbols: ['AAPL'], line: 16 });
    expect(c.containers[1]).toMatchObject({
      id: 'portfolio_main',
      type: 'portfolio',
      strategies: ['strategy_ma'],
      sizing: { type: 'fixed', quantity: 10 },
      allowShort: true,
      risk: { maxPosition: 100, stopLoss: 0.05, takeProfit: 0.2 },
      barriers: {
        dataAlignment: { symbols: ['AAPL', 'MSFT'], timeframes: ['1d'] },
        orderControl: { preventDuplicates: true },
        timing: { maxSignalsPerMinute: 30, tradingHours: { start: '09:30', end: '16:00', timezone: 'America/New_York' } },
      },
      eventTracing: { level: 'debug', maxEvents: 50 },
    });
  });

  it('a strategy symbol that data does not load is an error', () => {
    const e = errors(parseStudioConfig('data:\n  symbols: [AAPL]\ncontainers:\n  - id: s\n    type: strategy\n    strategy: m\n    symbols: [APPL]\n'));
    expect(e[0]).toMatchObject({ line: 7, path: 'containers[0].symbols[0]' });
    expect(e[0]!.message).toContain('did you mean "AAPL"?');
  });
});

describe('parseStudioConfig: hostile and broken input returns errors quickly, never throws', () => {
  it('empty text and comment-only text', () => {
    for (const t of ['', '   \n', '# just a comment\n']) {
      const e = errors(parseStudioConfig(t));
      expect(e[0]!.message).toContain('empty');
    }
  });

  it('garbage', () => {
    const samples = ['}{][', ':::', '- a\n- b', 'just text', '42', '!!binary xyz', '[1, 2', '"unterminated', '\u0000\u0001\u0002', '{a: 1, a: 2}'];
    for (const s of samples) {
      const r = parseStudioConfig(s);
      expect(r.ok, s).toBe(false);
      expect(errors(r).every((e) => typeof e.message === 'string' && e.message.length > 0 && Number.isInteger(e.line) && Number.isInteger(e.column))).toBe(true);
    }
    expect(errors(parseStudioConfig('- a\n- b'))[0]!.message).toContain('must be a mapping');
  });

  it('random bytes never throw (seeded fuzz)', () => {
    let seed = 12345;
    const rand = (): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    const alphabet = 'ab:- \n\t[]{}"\'#&*!|>%@`,?0.5\\';
    for (let i = 0; i < 300; i++) {
      const len = Math.floor(rand() * 80);
      let s = '';
      for (let j = 0; j < len; j++) s += alphabet[Math.floor(rand() * alphabet.length)];
      const r = parseStudioConfig(s);
      expect(typeof r.ok).toBe('boolean');
    }
  });

  it('a 5 MB document is refused before parsing', () => {
    const big = `name: x\n${'# padding padding padding padding padding padding padding\n'.repeat(90_000)}`;
    expect(big.length).toBeGreaterThan(5_000_000);
    const e = errors(parseStudioConfig(big));
    expect(e).toHaveLength(1);
    expect(e[0]!.message).toContain('at most 1,000,000');
  });

  it('deep nesting (flow and block) is refused', () => {
    const flow = `name: ${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    expect(errors(parseStudioConfig(flow))[0]!.message).toContain('nests deeper than 64');
    let block = '';
    for (let i = 0; i < 200; i++) block += `${' '.repeat(i)}k${i}:\n`;
    const e = errors(parseStudioConfig(block));
    expect(e[0]!.message).toContain('nests deeper than 64');
    expect(e[0]!.line).toBeGreaterThan(60);
    const dashes = `containers:\n  ${'- '.repeat(300)}x\n`;
    expect(errors(parseStudioConfig(dashes))[0]!.message).toContain('nests deeper');
  });

  it('a billion-laughs alias bomb is refused', () => {
    const bomb = [
      'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
      'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
      'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
      'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
      'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
      'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
      'g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]',
      'h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]',
      'i: [*h,*h,*h,*h,*h,*h,*h,*h,*h]',
    ].join('\n');
    const e = errors(parseStudioConfig(bomb));
    expect(e).toHaveLength(1);
    expect(e[0]!.message).toContain('alias bomb');
  });

  it('ordinary anchors and merge keys still work', () => {
    const r = parseStudioConfig(`trace_settings:
  container_settings:
    "portfolio_*": &traced
      enabled: true
      retention_policy: trade_complete
    "execution_*":
      <<: *traced
      max_events: 10
`);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.config.traceSettings.patterns[1]!.settings).toEqual({ enabled: true, retentionPolicy: 'trade_complete', maxEvents: 10 });
  });

  it('a non-string argument is an error, not an exception', () => {
    expect(parseStudioConfig(undefined as unknown as string).ok).toBe(false);
  });
});

describe('data.synthetic', () => {
  it('accepts the generator options as written, lists included', () => {
    const parsed = parseStudioConfig(
      'data:\n  source: synthetic\n  synthetic: {seed: 7, symbols: [SYN_A, SYN_B], timeframes: [1m, 5m], start_price: [100, 50], correlation: [[1, 0.5], [0.5, 1]]}\n',
    );
    expect(parsed.ok && parsed.config.data.synthetic).toEqual({
      seed: 7,
      symbols: ['SYN_A', 'SYN_B'],
      timeframes: ['1m', '5m'],
      start_price: [100, 50],
      correlation: [
        [1, 0.5],
        [0.5, 1],
      ],
    });
  });
});
