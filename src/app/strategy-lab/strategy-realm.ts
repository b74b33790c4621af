// The realm user strategy code runs in: SES `lockdown()` freezes every intrinsic
// (Array.prototype.push, Object.prototype, Date, …) so one strategy cannot change what
// another — or a later run — sees, and tames the sources of non-determinism (the
// shared Date.now / new Date() / Math.random throw; compartments get no Intl, no
// performance). Called once, first thing, in the dedicated strategy worker (and in
// Node tests that run strategies); the sandbox refuses to evaluate anywhere else.
import 'ses';

/** Whether this realm has been locked down (by us or by a host that did it before). */
export function strategyRealmReady(): boolean {
  return typeof Compartment === 'function' && Object.isFrozen(Array.prototype) && Object.isFrozen(Object.prototype) && Object.isFrozen(Function.prototype);
}

/** Locks this realm down (idempotent). Everything that must run unfrozen (globals to remove) must be done before. */
export function lockdownStrategyRealm(): void {
  if (strategyRealmReady()) return;
  lockdown({
    // Stacks stay readable (the user's line comes from them); what a strategy assigns to
    // Error.prepareStackTrace in its compartment is inert (SES never calls it).
    errorTaming: 'unsafe',
    stackFiltering: 'verbose',
    consoleTaming: 'unsafe',
    // The engine's own classes assign methods over inherited ones ('moderate' keeps that working).
    overrideTaming: 'moderate',
    // Node's domain check is meaningless here; in a browser there is no process.
    domainTaming: 'unsafe',
    // Not a console line per removed non-standard intrinsic (iterator helpers) in every strategy worker.
    reporting: 'none',
  });
}

/** Throws unless this realm is locked down: user code is never evaluated in an open realm. */
export function assertStrategyRealm(): void {
  if (!strategyRealmReady()) {
    throw new Error('User strategy code runs only in a locked-down realm (the strategy worker): call lockdownStrategyRealm() first.');
  }
}
