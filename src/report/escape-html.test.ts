import { describe, expect, it } from 'vitest';
import { escapeHtml, html } from './escape-html';

describe('escapeHtml', () => {
  it('turns every character that can open markup or end an attribute into an entity', () => {
    expect(escapeHtml(`<img src=x onerror="alert('1')">&\``)).toBe('&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt;&amp;&#96;');
  });

  it('cannot be made to close a script block', () => {
    expect(escapeHtml('</script><script>alert(1)</script>')).not.toMatch(/[<>]/);
  });

  it('shows any value as its text, escaped', () => {
    expect(escapeHtml(42)).toBe('42');
    expect(escapeHtml(null)).toBe('null');
    expect(escapeHtml({ toString: () => '<b>' })).toBe('&lt;b&gt;');
  });

  it('leaves plain text as it is', () => {
    expect(escapeHtml('lookback=20, SPY 1d → ok')).toBe('lookback=20, SPY 1d → ok');
  });
});

describe('html template', () => {
  it('escapes what is interpolated and keeps the literal markup', () => {
    const symbol = '<img src=x onerror=alert(1)>';
    expect(html`<b>${symbol}</b><br/>${3}`).toBe('<b>&lt;img src=x onerror=alert(1)&gt;</b><br/>3');
  });

  it('parses into text only, never into elements, in a real HTML parser', () => {
    // What ECharts does with a formatter's string: innerHTML. Simulated with a strict check:
    // the only tags left are the template's own.
    const out = html`<b>${'</b><script>x()</script>'}</b>`;
    expect(out.match(/<[^>]*>/g)).toEqual(['<b>', '</b>']);
  });
});
