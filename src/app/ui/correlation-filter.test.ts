import { describe, expect, it } from 'vitest';
import { matchesCorrelation } from './correlation-filter';

describe('matchesCorrelation', () => {
  const ids = ['t1', 't18', 't180', 't189', 't2', undefined];
  it('matches a trade id exactly, never its longer neighbours', () => {
    expect(ids.filter((id) => matchesCorrelation(id, 't18'))).toEqual(['t18']);
    expect(ids.filter((id) => matchesCorrelation(id, ' t18 '))).toEqual(['t18']);
  });
  it('lists a prefix only when asked with a trailing *', () => {
    expect(ids.filter((id) => matchesCorrelation(id, 't18*'))).toEqual(['t18', 't180', 't189']);
  });
  it('passes everything when empty', () => {
    expect(ids.filter((id) => matchesCorrelation(id, ''))).toEqual(ids);
  });
});
