import { describe, expect, it } from 'vitest';
import { reportFileName } from './report-file-name';

describe('reportFileName', () => {
  it('keeps letters, digits, dots and dashes; everything else becomes one dash', () => {
    expect(reportFileName('S&P 500 momentum')).toBe('S-P-500-momentum.html');
    // No hidden files, no leading dots: a name never reads as a path.
    expect(reportFileName('../../etc/passwd')).toBe('etc-passwd.html');
    expect(reportFileName('a/b\\c:d*e?f"g<h>i|j')).toBe('a-b-c-d-e-f-g-h-i-j.html');
  });

  it('never yields an empty name', () => {
    expect(reportFileName('«»')).toBe('report.html');
    expect(reportFileName('')).toBe('report.html');
  });
});
