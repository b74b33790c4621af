// Issue 14: seed settings with a defined meaning or a positioned error, never silently ignored —
// `mode` beside `retention_policy`, and portfolio_settings.sliding_window_size.
import { describe, expect, it } from 'vitest';
import { parseEventTracingBlock } from './parse-event-tracing-block';
import { parseStudioConfig } from './parse-studio-config';
import { resolveTraceSettings } from './resolve-trace-settings';

const PORTFOLIO = `containers:
  - {id: s1, type: strategy, strategy: momentum}
  - {id: portfolio_1, type: portfolio, strategies: [s1]}
`;

describe('mode beside retention_policy', () => {
  it("the seed's minimal mode beside trade_complete means trade_complete, without an error or warning", () => {
    const r = parseEventTracingBlock('event_tracing:\n  mode: minimal\n  retention_policy: trade_complete\n');
    expect(r).toEqual({ ok: true, settings: { retentionPolicy: 'trade_complete' } });
  });

  it('agreeing spellings are accepted (all = full)', () => {
    expect(parseEventTracingBlock('mode: all\nretention_policy: full\n')).toEqual({ ok: true, settings: { retentionPolicy: 'full' } });
  });

  it('any other disagreement is an error at the mode line, naming both', () => {
    const r = parseStudioConfig(
      'containers:\n  - {id: s1, type: strategy, strategy: momentum}\n  - id: portfolio_1\n    type: portfolio\n    strategies: [s1]\n' +
        '    event_tracing:\n      retention_policy: full\n      mode: minimal\n',
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ line: 8, path: 'containers[1].event_tracing.mode' });
    expect(r.errors[0]!.message).toMatch(/mode: minimal contradicts retention_policy: full/);
    const block = parseEventTracingBlock('mode: sliding_window\nretention_policy: trade_complete\n');
    expect(block.ok).toBe(false);
    if (!block.ok) expect(block.errors[0]).toMatchObject({ line: 1, path: 'mode' });
  });

  it('also in trace_settings patterns', () => {
    const r = parseStudioConfig(`${PORTFOLIO}trace_settings:\n  container_settings:\n    "portfolio_*":\n      mode: full\n      retention_policy: trade_complete\n`);
    expect(!r.ok && r.errors[0]).toMatchObject({ line: 7, path: 'trace_settings.container_settings["portfolio_*"].mode' });
  });
});

describe('portfolio_settings.sliding_window_size', () => {
  const doc = (block: string) => parseStudioConfig(`${PORTFOLIO}portfolio_settings:\n${block}`);

  it("seed 07: 0 beside trade_complete means no history besides open trades — what trade_complete keeps", () => {
    const r = doc('  event_tracing: ["POSITION_OPEN", "POSITION_CLOSE"]\n  retention_policy: "trade_complete"\n  sliding_window_size: 0\n');
    expect(r.ok).toBe(true);
    if (r.ok) expect(resolveTraceSettings(r.config, 'portfolio_1')).toMatchObject({ retentionPolicy: 'trade_complete', eventsToTrace: ['POSITION_OPEN', 'POSITION_CLOSE'] });
  });

  it('is the window under sliding_window', () => {
    const r = doc('  retention_policy: sliding_window\n  sliding_window_size: 250\n');
    expect(r.ok && resolveTraceSettings(r.config, 'portfolio_1')).toMatchObject({ retentionPolicy: 'sliding_window', maxEvents: 250 });
  });

  it('every combination that would be ignored is an error at the key', () => {
    const cases: [string, RegExp][] = [
      ['  retention_policy: sliding_window\n  sliding_window_size: 0\n', /a sliding window of 0 events keeps nothing/],
      ['  retention_policy: trade_complete\n  sliding_window_size: 50\n', /trade_complete keeps no history besides open trades.*retention_policy: sliding_window/],
      ['  retention_policy: full\n  sliding_window_size: 0\n', /full keeps every event/],
      ['  sliding_window_size: 0\n', /needs retention_policy beside it/],
    ];
    for (const [block, message] of cases) {
      const r = doc(block);
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      const line = 4 + block.split('\n').findIndex((l) => l.includes('sliding_window_size')) + 1;
      expect(r.errors[0]).toMatchObject({ line, path: 'portfolio_settings.sliding_window_size' });
      expect(r.errors[0]!.message).toMatch(message);
    }
  });
});
