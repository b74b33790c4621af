// User code shares the worker's realm with the engine, so it could patch built-ins
// (Array.prototype.push, Object.prototype.x …) and disturb later backtests in the same
// worker. A snapshot of the built-ins' own properties is taken when this module loads;
// restoreIntrinsics() puts back whatever changed (run after each chunk of user code) and
// names what it could not (a frozen prototype cannot be thawed: that worker must be replaced).

type Descriptors = Map<PropertyKey, PropertyDescriptor>;

interface Entry {
  name: string;
  target: object;
  descriptors: Descriptors;
  extensible: boolean;
}

function intrinsics(): [string, object][] {
  const typedArray = Object.getPrototypeOf(Float64Array) as object;
  const arrayIterator = Object.getPrototypeOf([][Symbol.iterator]()) as object;
  return [
    ['Object', Object],
    ['Object.prototype', Object.prototype],
    ['Function.prototype', Function.prototype],
    ['Array', Array],
    ['Array.prototype', Array.prototype],
    ['String', String],
    ['String.prototype', String.prototype],
    ['Number', Number],
    ['Number.prototype', Number.prototype],
    ['Boolean.prototype', Boolean.prototype],
    ['Symbol', Symbol],
    ['Symbol.prototype', Symbol.prototype],
    ['BigInt.prototype', BigInt.prototype],
    ['Math', Math],
    ['JSON', JSON],
    ['Reflect', Reflect],
    ['Map.prototype', Map.prototype],
    ['Set.prototype', Set.prototype],
    ['WeakMap.prototype', WeakMap.prototype],
    ['WeakSet.prototype', WeakSet.prototype],
    ['Date', Date],
    ['Date.prototype', Date.prototype],
    ['RegExp.prototype', RegExp.prototype],
    ['Error', Error],
    ['Error.prototype', Error.prototype],
    ['TypeError.prototype', TypeError.prototype],
    ['RangeError.prototype', RangeError.prototype],
    ['Promise', Promise],
    ['Promise.prototype', Promise.prototype],
    ['TypedArray', typedArray],
    ['TypedArray.prototype', (typedArray as { prototype: object }).prototype],
    ['Float64Array.prototype', Float64Array.prototype],
    ['ArrayIterator.prototype', arrayIterator],
    ['Iterator.prototype', Object.getPrototypeOf(arrayIterator) as object],
    ['MapIterator.prototype', Object.getPrototypeOf(new Map()[Symbol.iterator]()) as object],
    ['SetIterator.prototype', Object.getPrototypeOf(new Set()[Symbol.iterator]()) as object],
    ['Generator.prototype', (Object.getPrototypeOf(function* () {}) as { prototype: object }).prototype],
  ];
}


function capture(): Entry[] {
  return intrinsics().map(([name, target]) => {
    const descriptors: Descriptors = new Map();
    for (const key of Reflect.ownKeys(target)) descriptors.set(key, Object.getOwnPropertyDescriptor(target, key)!);
    return { name, target, descriptors, extensible: Object.isExtensible(target) };
  });
}

const SNAPSHOT = capture();

function same(a: PropertyDescriptor, b: PropertyDescriptor): boolean {
  return a.value === b.value && a.get === b.get && a.set === b.set && a.writable === b.writable && a.enumerable === b.enumerable && a.configurable === b.configurable;
}

export interface IntrinsicsReport {
  /** 'Array.prototype.push' … that were changed, added or deleted and are now as before. */
  restored: string[];
  /** What could not be put back (frozen or made non-configurable): the realm stays altered. */
  stuck: string[];
}

function label(entry: Entry, key: PropertyKey): string {
  return `${entry.name}.${typeof key === 'symbol' ? key.toString() : key}`;
}

/** Puts every snapshotted built-in property back as it was when this module loaded. */
export function restoreIntrinsics(): IntrinsicsReport {
  const report: IntrinsicsReport = { restored: [], stuck: [] };
  for (const entry of SNAPSHOT) {
    const { target, descriptors } = entry;
    if (entry.extensible && !Object.isExtensible(target)) report.stuck.push(`${entry.name} (made non-extensible)`);
    for (const key of Reflect.ownKeys(target)) {
      if (target === Function.prototype && key === 'constructor') continue; // the sandbox's own lock
      const before = descriptors.get(key);
      const now = Object.getOwnPropertyDescriptor(target, key)!;
      if (before !== undefined && same(before, now)) continue;
      try {
        if (before === undefined) {
          if (!Reflect.deleteProperty(target, key)) throw new Error('not deletable');
        } else {
          Object.defineProperty(target, key, before);
        }
        report.restored.push(label(entry, key));
      } catch {
        report.stuck.push(label(entry, key));
      }
    }
    for (const [key, before] of descriptors) {
      if (Object.prototype.hasOwnProperty.call(target, key)) continue;
      try {
        Object.defineProperty(target, key, before);
        report.restored.push(label(entry, key));
      } catch {
        report.stuck.push(label(entry, key));
      }
    }
  }
  return report;
}
