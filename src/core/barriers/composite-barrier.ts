// CompositeBarrier: AND / OR of barriers in two phases — ask every child (check), then
// let every child learn the composite's final outcome (commit) — so a rate limiter in an
// 'all' composite never counts a signal that another barrier blocked.
import type { TradingEvent } from '../events';
import { PROCEED, block } from './barrier';
import type { Barrier, BarrierVerdict } from './barrier';

export type CompositeMode = 'all' | 'any';

/**
 * 'all': proceeds when every child would; 'any': when at least one would. An empty
 * composite proceeds in both modes (no barrier, no restriction). Every child is checked
 * (no short-circuit) so custom barriers without check/commit still see every event and
 * the reason lists every blocker. Composites nest: an inner composite commits the outer
 * outcome to its children.
 */
export class CompositeBarrier implements Barrier {
  readonly name: string;
  readonly barriers: readonly Barrier[];
  readonly mode: CompositeMode;
  private reason: string | undefined;

  constructor(barriers: readonly Barrier[], mode: CompositeMode = 'all') {
    if (mode !== 'all' && mode !== 'any') {
      throw new RangeError(`CompositeBarrier mode must be 'all' or 'any', got '${String(mode)}'.`);
    }
    for (const [i, b] of barriers.entries()) {
      if (b === null || typeof b !== 'object' || typeof b.shouldProceed !== 'function') {
        throw new TypeError(`CompositeBarrier: barriers[${i}] is not a barrier (it needs shouldProceed(event)).`);
      }
    }
    this.barriers = [...barriers];
    this.mode = mode;
    this.name = `CompositeBarrier(${mode})`;
  }

  get lastReason(): string | undefined {
    return this.reason;
  }

  shouldProceed(event: TradingEvent): boolean {
    const verdict = this.check(event);
    this.commit(event, verdict.proceed);
    return verdict.proceed;
  }

  check(event: TradingEvent): BarrierVerdict {
    const children = this.barriers;
    let passed = 0;
    let reasons: string[] | undefined;
    for (let i = 0; i < children.length; i++) {
      const child = children[i];
      let ok: boolean;
      let why: string | undefined;
      if (child.check !== undefined) {
        const v = child.check(event);
        ok = v.proceed;
        why = v.proceed ? undefined : v.reason;
      } else {
        ok = child.shouldProceed(event);
        why = ok ? undefined : child.lastReason;
      }
      if (ok) passed++;
      else (reasons ??= []).push(`${child.name ?? `barriers[${i}]`}: ${why ?? 'blocked'}`);
    }
    const proceed = this.mode === 'all' ? passed === children.length : passed > 0 || children.length === 0;
    if (proceed) {
      this.reason = undefined;
      return PROCEED;
    }
    this.reason = this.mode === 'all' ? reasons!.join('; ') : `no barrier let it through: ${reasons!.join('; ')}`;
    return block(this.reason);
  }

  commit(event: TradingEvent, proceeded: boolean): void {
    const children = this.barriers;
    for (let i = 0; i < children.length; i++) {
      const child = children[i];
      // A child without check() already learned inside its own shouldProceed.
      if (child.check !== undefined) child.commit?.(event, proceeded);
    }
  }

  reset(): void {
    for (const b of this.barriers) b.reset?.();
    this.reason = undefined;
  }

  describe(): string {
    return `CompositeBarrier(${this.mode}) [${this.barriers.map((b) => b.describe()).join(' | ')}]`;
  }
}
