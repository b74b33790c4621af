import { describe, expect, it } from 'vitest';
import { fromLosslessJson, toLosslessJson } from './lossless-json';

describe('lossless JSON', () => {
  it('keeps Infinity, -Infinity and NaN where plain JSON writes null', () => {
    const value = { profitFactor: Infinity, worst: -Infinity, buyAndHold: NaN, nested: [1, Infinity, { x: NaN }], zero: -0.5, text: 'Infinity' };
    const text = toLosslessJson(value);
    expect(JSON.parse(JSON.stringify(value)).profitFactor).toBeNull();
    const back = fromLosslessJson<typeof value>(text);
    expect(back.profitFactor).toBe(Infinity);
    expect(back.worst).toBe(-Infinity);
    expect(back.buyAndHold).toBeNaN();
    expect(back.nested[1]).toBe(Infinity);
    expect((back.nested[2] as { x: number }).x).toBeNaN();
    expect(back.zero).toBe(-0.5);
    expect(back.text).toBe('Infinity');
  });

  it('leaves objects that merely have a similar key alone', () => {
    const value = { a: { $nonFinite: 'Infinity', other: 1 } };
    expect(fromLosslessJson(toLosslessJson(value))).toEqual(value);
  });
});
