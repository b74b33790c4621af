// The names a compiled strategy's code receives as parameters of its module function.
// The sandbox evaluates the code once per strategy instance in its own SES Compartment;
// a free name there is looked up through the compartment's scope chain (a `with` over
// a Proxy: ~100x slower than a local), so everything a strategy commonly touches per bar
// is bound as a parameter instead: the strategy API, and the compartment's own (frozen,
// shared) intrinsics, read from that compartment's global object.
import { GUARD_NAME } from './instrument-guards';
import { USER_INDICATOR_NAMES } from './user-strategy-api';

/** Standard globals bound from the compartment (absent ones read as undefined). `eval` cannot be a strict-mode parameter: the compartment's own is blocked. */
export const USER_SCOPE_GLOBALS = [
  'globalThis', 'Object', 'Function', 'Array', 'Number', 'String', 'Boolean', 'Symbol', 'BigInt', 'JSON', 'Reflect', 'Proxy',
  'Map', 'Set', 'WeakMap', 'WeakSet', 'WeakRef', 'Error', 'TypeError', 'RangeError', 'SyntaxError', 'ReferenceError',
  'EvalError', 'URIError', 'AggregateError', 'RegExp', 'Promise', 'ArrayBuffer', 'DataView', 'Float64Array', 'Float32Array',
  'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array', 'BigInt64Array',
  'BigUint64Array', 'isNaN', 'isFinite', 'parseFloat', 'parseInt', 'NaN', 'Infinity', 'undefined', 'encodeURIComponent',
  'decodeURIComponent', 'encodeURI', 'decodeURI',
] as const;

/** Parameter names of the compiled module function, in order: Math, Date, indicators, the guard, then USER_SCOPE_GLOBALS. */
export const USER_SCOPE_NAMES: readonly string[] = ['Math', 'Date', ...USER_INDICATOR_NAMES, GUARD_NAME, ...USER_SCOPE_GLOBALS];
