// Rolling co-moments of two series over a window — correlation, OLS beta (y on x)
// and the z-score of the spread y − β·x — for pairs trading. Sums are kept on values
// shifted by a reference point (so Σx² − (Σx)²/n does not cancel to noise), and once per
// `period` updates the buffer is re-centred on the window means and the sums rebuilt,
// which bounds drift however far prices wander; O(1) amortized.
import { checkPeriod } from './streaming-indicator';

export class RollingCorrelation {
  private readonly xs: Float64Array;
  private readonly ys: Float64Array;
  private count = 0;
  private index = 0;
  private sinceResum = 0;
  private kx = 0;
  private ky = 0;
  private sx = 0;
  private sy = 0;
  private sxx = 0;
  private syy = 0;
  private sxy = 0;

  constructor(readonly period: number) {
    checkPeriod('RollingCorrelation', period, 2);
    this.xs = new Float64Array(period);
    this.ys = new Float64Array(period);
  }

  get isReady(): boolean {
    return this.count >= this.period;
  }

  /** Adds a pair; returns the correlation once the window is full (undefined before, or when either side is flat). */
  update(x: number, y: number): number | undefined {
    const p = this.period;
    if (this.count === 0) {
      this.kx = x;
      this.ky = y;
    }
    const dx = x - this.kx;
    const dy = y - this.ky;
    if (this.count < p) {
      this.count++;
    } else {
      const ox = this.xs[this.index]!;
      const oy = this.ys[this.index]!;
      this.sx -= ox;
      this.sy -= oy;
      this.sxx -= ox * ox;
      this.syy -= oy * oy;
      this.sxy -= ox * oy;
    }
    this.sx += dx;
    this.sy += dy;
    this.sxx += dx * dx;
    this.syy += dy * dy;
    this.sxy += dx * dy;
    this.xs[this.index] = dx;
    this.ys[this.index] = dy;
    this.index = this.index + 1 === p ? 0 : this.index + 1;
    if (++this.sinceResum >= p && this.count >= p) {
      this.sinceResum = 0;
      this.resum();
    }
    return this.correlation;
  }

  private resum(): void {
    // Re-centre the stored values on the window means, so shifted sums stay small
    // even when prices wander far from the first pair seen.
    let cx = 0;
    let cy = 0;
    for (let i = 0; i < this.period; i++) {
      cx += this.xs[i]!;
      cy += this.ys[i]!;
    }
    cx /= this.period;
    cy /= this.period;
    for (let i = 0; i < this.period; i++) {
      this.xs[i] = this.xs[i]! - cx;
      this.ys[i] = this.ys[i]! - cy;
    }
    this.kx += cx;
    this.ky += cy;
    let sx = 0;
    let sy = 0;
    let sxx = 0;
    let syy = 0;
    let sxy = 0;
    for (let i = 0; i < this.period; i++) {
      const x = this.xs[i]!;
      const y = this.ys[i]!;
      sx += x;
      sy += y;
      sxx += x * x;
      syy += y * y;
      sxy += x * y;
    }
    this.sx = sx;
    this.sy = sy;
    this.sxx = sxx;
    this.syy = syy;
    this.sxy = sxy;
  }

  get meanX(): number | undefined {
    return this.isReady ? this.kx + this.sx / this.period : undefined;
  }

  get meanY(): number | undefined {
    return this.isReady ? this.ky + this.sy / this.period : undefined;
  }

  /** Population variance of x over the window. */
  get varianceX(): number | undefined {
    if (!this.isReady) return undefined;
    const m = this.sx / this.period;
    return Math.max(0, this.sxx / this.period - m * m);
  }

  get varianceY(): number | undefined {
    if (!this.isReady) return undefined;
    const m = this.sy / this.period;
    return Math.max(0, this.syy / this.period - m * m);
  }

  /** Population covariance of x and y over the window. */
  get covariance(): number | undefined {
    if (!this.isReady) return undefined;
    return this.sxy / this.period - (this.sx / this.period) * (this.sy / this.period);
  }

  get correlation(): number | undefined {
    const vx = this.varianceX;
    const vy = this.varianceY;
    if (vx === undefined || vy === undefined || vx === 0 || vy === 0) return undefined;
    return Math.max(-1, Math.min(1, this.covariance! / Math.sqrt(vx * vy)));
  }

  /** OLS slope of y on x over the window (the hedge ratio); undefined when x is flat. */
  get beta(): number | undefined {
    const vx = this.varianceX;
    if (vx === undefined || vx === 0) return undefined;
    return this.covariance! / vx;
  }

  /** OLS intercept: meanY − β·meanX. */
  get alpha(): number | undefined {
    const b = this.beta;
    return b === undefined ? undefined : this.meanY! - b * this.meanX!;
  }

  /**
   * z-score of the spread s = y − β·x at the pair (x, y) against the window's spreads
   * computed with the same β: mean = meanY − β·meanX, var = varY − 2β·cov + β²·varX.
   * With β = the OLS beta this is the z of the regression residual. 0 when the spread is flat.
   */
  spreadZScore(x: number, y: number, beta: number): number | undefined {
    if (!this.isReady) return undefined;
    const v = this.varianceY! - 2 * beta * this.covariance! + beta * beta * this.varianceX!;
    const mean = this.meanY! - beta * this.meanX!;
    // Below this relative size the variance is rounding noise of a (near-)perfect fit.
    const scale = this.varianceY! + beta * beta * this.varianceX!;
    if (!(v > scale * 1e-12)) return 0;
    return (y - beta * x - mean) / Math.sqrt(v);
  }

  reset(): void {
    this.count = this.index = this.sinceResum = 0;
    this.kx = this.ky = this.sx = this.sy = this.sxx = this.syy = this.sxy = 0;
    this.xs.fill(0);
    this.ys.fill(0);
  }
}
