import { describe, expect, it } from 'vitest';
import { linearScale, niceTicks } from './chart-scale';
import { downsampleMinMax } from './downsample-min-max';
import { escapeHtml } from './escape-html';
import { jsonForScript } from './json-for-script';

describe('report chart helpers', () => {
  it('maps linearly and picks round ticks', () => {
    const s = linearScale(0, 10, 100, 200);
    expect(s(5)).toBe(150);
    expect(niceTicks(0, 10, 5)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(niceTicks(99_800, 101_300, 5)).toEqual([100_000, 100_500, 101_000]);
  });

  it('keeps every extreme when downsampling per pixel column', () => {
    const n = 10_000;
    const xs = Array.from({ length: n }, (_, i) => i);
    const ys = xs.map((i) => (i === 4321 ? 1000 : i === 8765 ? -1000 : Math.sin(i / 50)));
    const idx = downsampleMinMax(xs, ys, 100);
    expect(idx.length).toBeLessThanOrEqual(400);
    expect(idx).toContain(4321);
    expect(idx).toContain(8765);
    expect(idx[0]).toBe(0);
    expect(idx[idx.length - 1]).toBe(n - 1);
    expect([...idx].sort((a, b) => a - b)).toEqual(idx);
    expect(downsampleMinMax([1, 2, 3], [1, 2, 3], 100)).toEqual([0, 1, 2]);
  });

  it('escapes text and inline JSON', () => {
    expect(escapeHtml(`<img src=x onerror="a('b')">&`)).toBe('&lt;img src=x onerror=&quot;a(&#39;b&#39;)&quot;&gt;&amp;');
    const json = jsonForScript({ name: '</script><script>alert(1)</script>', pf: Infinity });
    expect(json).not.toContain('<');
    expect(JSON.parse(json)).toEqual({ name: '</script><script>alert(1)</script>', pf: null });
  });
});
