import { describe, expect, it } from 'vitest';
import { packLanes } from './pack-lanes';

describe('packLanes', () => {
  it('keeps sequential trades in one lane and splits overlapping ones', () => {
    const trades = [
      { entryTime: 0, exitTime: 10 },
      { entryTime: 5, exitTime: 20 }, // overlaps the first
      { entryTime: 11, exitTime: 15 }, // first lane is free again
      { entryTime: 12, exitTime: 30 }, // both busy
      { entryTime: 31, exitTime: 40 },
    ];
    expect(packLanes(trades)).toEqual([0, 1, 0, 2, 0]);
  });
  it('does not reuse a lane whose trade exits on the entry bar', () => {
    expect(packLanes([{ entryTime: 0, exitTime: 10 }, { entryTime: 10, exitTime: 12 }])).toEqual([0, 1]);
  });
});
