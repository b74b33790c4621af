import { describe, expect, it } from 'vitest';
import { parseEventTracingBlock } from './parse-event-tracing-block';

describe('parseEventTracingBlock', () => {
  it('accepts the block wrapped in event_tracing: or bare, or a level name', () => {
    expect(parseEventTracingBlock('event_tracing:\n  max_events: 5\n')).toEqual({ ok: true, settings: { maxEvents: 5 } });
    expect(parseEventTracingBlock('max_events: 5\nmode: all\n')).toEqual({ ok: true, settings: { maxEvents: 5, retentionPolicy: 'full' } });
    expect(parseEventTracingBlock('event_tracing: debug\n')).toEqual({ ok: true, settings: { level: 'debug' } });
  });

  it('reports errors with positions inside the block', () => {
    const r = parseEventTracingBlock('event_tracing:\n  mode: minimal\n  max_event: 3\n');
    expect(r).toEqual({
      ok: false,
      errors: [{ message: 'unknown key "max_event" — did you mean "max_events"?', line: 3, column: 3, path: 'event_tracing.max_event' }],
    });
    const cond = parseEventTracingBlock('event_tracing:\n  dynamic_rules:\n    - condition: metrics.total_pnl >\n      action: debug\n');
    expect(cond.ok).toBe(false);
    if (!cond.ok) expect(cond.errors[0]).toMatchObject({ line: 3, column: 37, path: 'event_tracing.dynamic_rules[0].condition' });
  });

  it('garbage and empty input are errors', () => {
    expect(parseEventTracingBlock('').ok).toBe(false);
    expect(parseEventTracingBlock('- 1\n- 2\n').ok).toBe(false);
    expect(parseEventTracingBlock('{{{{').ok).toBe(false);
  });
});
