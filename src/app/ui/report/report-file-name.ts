// The download's name: the run's name made safe for every file system.
/** A file name from the run's name: 'S&P 500 momentum' → 'S-P-500-momentum.html'. */
export function reportFileName(name: string): string {
  const base = name.normalize('NFKD').replace(/[^\w.-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '').slice(0, 80);
  return `${base || 'report'}.html`;
}
