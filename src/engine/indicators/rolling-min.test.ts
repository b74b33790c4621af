import { describe, expect, it } from 'vitest';
import { RollingMin } from './rolling-min';

describe('RollingMin', () => {
  it('expires the old minimum when it leaves the window', () => {
    const min = new RollingMin(2);
    expect([3, 1, 2, 5, 4].map((x) => min.update(x))).toEqual([undefined, 1, 1, 2, 4]);
  });
});
