// Turns records (events) into a compact token stream that the events writer thread turns into
// exactly the JSON line `JSON.stringify(record)` would give — so the run's thread pays for
// walking the record instead of for JSON text (2–5 µs an event with the copying).
// Strings that repeat (keys, types, ids of buses and symbols) cross once, as dictionary
// entries. A string that keeps changing at its position in the record (an id) is not read
// here at all: records go in batches, and a batch's such strings are joined and written as
// UTF-16 in one call after its records — reading a fresh id character by character (which
// first flattens the rope its concatenation made) cost more than the rest of its record.
// The writer thread escapes them as JSON.stringify would.
// Anything JSON.stringify treats specially (toJSON, wrapper objects, class instances, sparse
// or deep values) makes the whole record go as JSON.stringify's own line: exact, never guessed.
import { Tag } from './event-record-tags';

export interface EventRecordEncoderOptions {
  /** Bytes per chunk handed over (a record larger than this gets a chunk of its own). */
  chunkBytes?: number;
  /** Most strings kept in the dictionary; later new strings go raw. */
  maxDictionary?: number;
}

/** Thrown inside the encoder when the chunk has no room: the record is rolled back and retried. */
class ChunkFull {}
/** Thrown inside the encoder for a value JSON.stringify treats specially: the record goes as its line. */
class NeedsJsonLine {}
const CHUNK_FULL = new ChunkFull();
const NEEDS_JSON_LINE = new NeedsJsonLine();

/** Tag.Batch, the u32 length of its records, the u32 length of its strings. */
const BATCH_HEADER = 9;
/** Positions in a record whose memo is consulted (deeper positions use the dictionary alone). */
const MEMO_SLOTS = 256;
/** Misses in a row after which a position's strings are taken as unique and sent raw. */
const UNIQUE_AFTER_MISSES = 4;
/** Most object shapes taught to the decoder; later objects go key by key. */
const MAX_SHAPES = 65_536;
/** Nesting past which a record goes as its JSON line (JSON.stringify then reports cycles itself). */
const MAX_DEPTH = 64;

export class EventRecordEncoder {
  private readonly chunkBytes: number;
  private readonly maxDictionary: number;
  private buf!: Buffer;
  private view!: DataView;
  private off = 0;
  /** Where tokens must stop: the chunk's end less the room the open batch's strings will take. */
  private end = 0;
  /** The open batch's header offset, or -1. */
  private batchStart = -1;
  /** The open batch's strings sent to its string block, in order. */
  private readonly pending: string[] = [];
  private records = 0;
  private readonly dictionary = new Map<string, number>();
  /** Dictionary entries by id: a string, or a frozen object whose JSON text the entry is. */
  private readonly dictionaryEntries: (string | object)[] = [];
  /** Frozen objects seen: their dictionary id, or -1 if their JSON could change (not cacheable). */
  private readonly frozenIds = new WeakMap<object, number>();
  // Per object position in the record: the last two shapes (key lists) met there and their ids.
  private readonly shapes: (string[] | undefined)[] = new Array<string[] | undefined>(MEMO_SLOTS).fill(undefined);
  private readonly shapes2: (string[] | undefined)[] = new Array<string[] | undefined>(MEMO_SLOTS).fill(undefined);
  private readonly shapeIds = new Int32Array(MEMO_SLOTS);
  private readonly shapeIds2 = new Int32Array(MEMO_SLOTS);
  private shapeCount = 0;
  private objectSlot = 0;
  /** Per nesting depth: an object's keys and values between the two passes. */
  private readonly scratch: unknown[][] = [];
  private readonly scratchKeys: string[][] = [];
  private readonly memoObjects: (object | undefined)[] = new Array<object | undefined>(MEMO_SLOTS).fill(undefined);
  private readonly memoObjectIds = new Int32Array(MEMO_SLOTS);
  // Per position in the record (keys and string values in walk order): the last string seen
  // there and its dictionary id (-1: seen, not in the dictionary), and misses in a row.
  private readonly memoStrings: (string | undefined)[] = new Array<string | undefined>(MEMO_SLOTS).fill(undefined);
  private readonly memoIds = new Int32Array(MEMO_SLOTS);
  private readonly memoMisses = new Uint8Array(MEMO_SLOTS);
  private readonly uniqueProbes = new Uint16Array(MEMO_SLOTS);
  private slot = 0;
  /** for-in over a plain object yields own keys only (Object.prototype has no enumerable keys). */
  private ownOnly = false;
  private readonly spare: ArrayBuffer[] = [];

  /** `onChunk` receives each full chunk; its buffer is handed over (the encoder never touches it again). */
  constructor(
    private readonly onChunk: (chunk: Uint8Array, records: number) => void,
    options: EventRecordEncoderOptions = {},
  ) {
    this.chunkBytes = options.chunkBytes ?? 1 << 20;
    this.maxDictionary = options.maxDictionary ?? 65_536;
    this.use(this.newBuffer(this.chunkBytes));
  }

  /** Gives back a chunk's buffer once the other side is done with it. */
  recycle(buffer: ArrayBuffer): void {
    if (buffer.byteLength === this.chunkBytes && this.spare.length < 8) this.spare.push(buffer);
  }

  add(record: unknown): void {
    this.ownOnly = !hasEnumerableKeys(Object.prototype);
    this.openBatch();
    try {
      this.addOne(record);
    } finally {
      this.closeBatch();
    }
  }

  /** add() for each record, as one batch, with the one check for inherited keys made once. */
  addAll(records: readonly unknown[]): void {
    this.ownOnly = !hasEnumerableKeys(Object.prototype);
    this.openBatch();
    try {
      for (let i = 0; i < records.length; i++) this.addOne(records[i]);
    } finally {
      this.closeBatch();
    }
  }

  private addOne(record: unknown): void {
    for (;;) {
      const start = this.off;
      const end = this.end;
      const pending = this.pending.length;
      const dictionarySize = this.dictionaryEntries.length;
      const shapeCount = this.shapeCount;
      try {
        this.encodeRecord(record);
        this.records++;
        return;
      } catch (signal) {
        // Whatever stopped the record (a getter may throw too), none of it stays behind.
        this.rollback(start, dictionarySize, shapeCount);
        this.end = end;
        this.pending.length = pending;
        if (signal !== CHUNK_FULL && signal !== NEEDS_JSON_LINE) throw signal;
        if (signal === NEEDS_JSON_LINE) {
          this.addJsonLine(record);
          return;
        }
        this.makeRoom(start);
      }
    }
  }

  /** Hands over what is encoded so far (a partial chunk), if anything. */
  flush(): void {
    if (this.batchStart >= 0) throw new Error('EventRecordEncoder.flush() inside a batch');
    this.handOver();
  }

  private handOver(): void {
    if (this.off === 0) return;
    const chunk = this.buf.subarray(0, this.off);
    const records = this.records;
    this.use(this.newBuffer(this.chunkBytes));
    this.off = 0;
    this.records = 0;
    this.onChunk(chunk, records);
  }

  private newBuffer(size: number): Buffer {
    const spare = size === this.chunkBytes ? this.spare.pop() : undefined;
    // A buffer of its own (not a slice of Node's pool), so that it can be transferred.
    return spare !== undefined ? Buffer.from(spare) : Buffer.from(new ArrayBuffer(size));
  }

  /**
   * The chunk could not hold the record (which starts at `start`, in the open batch): close the
   * batch, hand over what the chunk holds or (if the record was alone in it) grow it, and open
   * a new batch for the record to try again.
   */
  private makeRoom(start: number): void {
    const alone = this.batchStart === 0 && start === BATCH_HEADER;
    this.closeBatch();
    if (alone) {
      this.off = 0;
      this.use(this.newBuffer(this.buf.length * 2));
    } else this.handOver();
    this.openBatch();
  }

  private use(buf: Buffer): void {
    this.buf = buf;
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    this.end = buf.length;
  }

  private openBatch(): void {
    // A header with no room after it would only be closed empty again.
    if (this.off + BATCH_HEADER + 64 > this.buf.length) this.handOver();
    this.batchStart = this.off;
    this.off += BATCH_HEADER;
  }

  /** Ends the open batch: its records' length, then its strings as one UTF-16 block (room was kept for it). */
  private closeBatch(): void {
    const start = this.batchStart;
    if (start < 0) return;
    this.batchStart = -1;
    const pending = this.pending;
    if (this.off === start + BATCH_HEADER) {
      this.off = start;
      pending.length = 0;
      this.end = this.buf.length;
      return;
    }
    const recordBytes = this.off - start - BATCH_HEADER;
    let blockBytes = 0;
    if (pending.length > 0) {
      // join() copies the ropes' characters into one flat string without flattening each.
      const joined = pending.length === 1 ? pending[0]! : pending.join('');
      pending.length = 0;
      blockBytes = this.buf.write(joined, this.off, 'utf16le');
      if (blockBytes !== 2 * joined.length) throw new Error("EventRecordEncoder: no room was kept for a batch's strings");
    }
    this.buf[start] = Tag.Batch;
    this.view.setUint32(start + 1, recordBytes, true);
    this.view.setUint32(start + 5, blockBytes, true);
    this.off += blockBytes;
    this.end = this.buf.length;
  }

  /** Undoes a partly encoded record: its bytes, and the dictionary entries it defined. */
  private rollback(start: number, dictionarySize: number, shapeCount: number): void {
    this.off = start;
    for (const values of this.scratch) if (values !== undefined) values.fill(undefined);
    if (this.shapeCount !== shapeCount) {
      // Shapes the decoder never saw: forget every shape (ids restart where it stands).
      this.shapes.fill(undefined);
      this.shapes2.fill(undefined);
      this.shapeCount = shapeCount;
    }
    if (this.dictionaryEntries.length === dictionarySize) return;
    for (let i = dictionarySize; i < this.dictionaryEntries.length; i++) {
      const entry = this.dictionaryEntries[i]!;
      if (typeof entry === 'string') this.dictionary.delete(entry);
      else this.frozenIds.delete(entry);
    }
    this.dictionaryEntries.length = dictionarySize;
    this.memoStrings.fill(undefined);
    this.memoObjects.fill(undefined);
  }

  private addJsonLine(record: unknown): void {
    // JSON.stringify's own text (it throws on cycles and BigInt as it always would).
    const line = JSON.stringify(record) ?? 'null';
    for (;;) {
      const start = this.off;
      try {
        this.putBytes(Tag.Line, line);
        this.records++;
        return;
      } catch (signal) {
        if (signal !== CHUNK_FULL) throw signal;
        this.off = start;
        this.makeRoom(start);
      }
    }
  }

  private encodeRecord(record: unknown): void {
    if (!isPlainObject(record)) throw NEEDS_JSON_LINE;
    this.slot = 0;
    this.objectSlot = 0;
    this.room(1);
    this.buf[this.off++] = Tag.Record;
    this.object(record, 0);
  }

  private room(n: number): void {
    if (this.off + n > this.end) throw CHUNK_FULL;
  }

  private tag(t: Tag): void {
    this.room(1);
    this.buf[this.off++] = t;
  }

  /** A length-prefixed UTF-8 string (the caller guarantees no lone surrogates). */
  private putBytes(tag: Tag, s: string): void {
    // UTF-8 needs at most 3 bytes per UTF-16 unit.
    const o = this.off;
    if (o + 5 + s.length * 3 > this.end) {
      const exact = Buffer.byteLength(s, 'utf8');
      this.room(5 + exact);
    }
    this.buf[o] = tag;
    const n = this.buf.write(s, o + 5, 'utf8');
    this.view.setUint32(o + 1, n, true);
    this.off = o + 5 + n;
  }

  /**
   * A string sent without reading it: its length here, its characters in the batch's string
   * block (the writer thread escapes them as JSON.stringify would, lone surrogates included).
   */
  private raw(s: string): void {
    const n = s.length;
    const o = this.off;
    if (o + 5 + 2 * n > this.end) throw CHUNK_FULL;
    this.buf[o] = Tag.BlockString;
    this.view.setUint32(o + 1, n, true);
    this.off = o + 5;
    this.end -= 2 * n;
    this.pending.push(s);
  }

  /** A tag and its u32 (a dictionary reference, a shape id). */
  private tagged(tag: Tag, n: number): void {
    this.room(5);
    this.buf[this.off] = tag;
    this.view.setUint32(this.off + 1, n, true);
    this.off += 5;
  }

  private reference(id: number): void {
    this.tagged(Tag.Reference, id);
  }

  private string(s: string): void {
    const slot = this.slot++;
    if (slot >= MEMO_SLOTS) {
      this.dictionaryString(s);
      return;
    }
    // A position whose strings keep changing (ids) sends them raw without comparing or keeping
    // them (comparing two ids that share a prefix reads both, keeping one costs a write barrier);
    // one record in 64 still looks, so a position that starts repeating is noticed.
    if (this.memoMisses[slot]! >= UNIQUE_AFTER_MISSES && (++this.uniqueProbes[slot]! & 63) !== 0) {
      this.raw(s);
      return;
    }
    if (this.memoStrings[slot] === s) {
      this.memoMisses[slot] = 0;
      const id = this.memoIds[slot]!;
      if (id >= 0) this.reference(id);
      else this.memoIds[slot] = this.dictionaryString(s);
      return;
    }
    // The memo is updated only once the string is written: a record rolled back part-way must
    // not leave a string paired with another string's id.
    let id = -1;
    if (this.memoMisses[slot]! >= UNIQUE_AFTER_MISSES) {
      // This position changes every record (ids): no dictionary lookup, no entry.
      this.raw(s);
    } else {
      id = this.dictionaryString(s);
      this.memoMisses[slot]!++;
    }
    this.memoStrings[slot] = s;
    this.memoIds[slot] = id;
  }

  /** Sends `s` as a dictionary reference (defining it first if new); returns its id, or -1 if sent raw. */
  private dictionaryString(s: string): number {
    let id = this.dictionary.get(s);
    if (id === undefined) {
      if (this.dictionaryEntries.length >= this.maxDictionary) {
        this.raw(s);
        return -1;
      }
      id = this.dictionaryEntries.length;
      this.putBytes(Tag.Define, JSON.stringify(s));
      this.dictionary.set(s, id);
      this.dictionaryEntries.push(s);
    }
    this.reference(id);
    return id;
  }

  private number(n: number): void {
    this.room(9);
    this.buf[this.off] = Tag.Number;
    this.view.setFloat64(this.off + 1, n, true);
    this.off += 9;
  }

  private value(v: unknown, depth: number): void {
    switch (typeof v) {
      case 'string':
        this.string(v);
        return;
      case 'number':
        this.number(v);
        return;
      case 'boolean':
        this.tag(v ? Tag.True : Tag.False);
        return;
      case 'object':
        if (v === null) this.tag(Tag.Null);
        else if (Array.isArray(v)) this.array(v, depth + 1);
        else if (isPlainObject(v)) this.objectValue(v, depth + 1);
        else throw NEEDS_JSON_LINE;
        return;
      default:
        // bigint (JSON.stringify throws), or a function/symbol/undefined where the caller did not skip it.
        throw NEEDS_JSON_LINE;
    }
  }

  /**
   * An object value. A frozen one of primitive data (the tracer's shared metadata records) has
   * a JSON text that can never change: it crosses once, as a dictionary entry, and after that
   * as a reference — found by identity, at the same position in the record or by a WeakMap.
   */
  private objectValue(o: object, depth: number): void {
    const slot = this.slot++;
    if (slot < MEMO_SLOTS && this.memoObjects[slot] === o) {
      this.reference(this.memoObjectIds[slot]!);
      return;
    }
    if (Object.isFrozen(o)) {
      const id = this.frozenObject(o);
      if (id >= 0) {
        if (slot < MEMO_SLOTS) {
          this.memoObjects[slot] = o;
          this.memoObjectIds[slot] = id;
        }
        this.reference(id);
        return;
      }
    }
    this.object(o, depth);
  }

  /** The dictionary id of a frozen object's JSON text (defined on first sight), or -1 if it is not fixed. */
  private frozenObject(o: object): number {
    const known = this.frozenIds.get(o);
    if (known !== undefined) return known;
    if (!fixedJson(o) || this.dictionaryEntries.length >= this.maxDictionary) {
      this.frozenIds.set(o, -1);
      return -1;
    }
    const id = this.dictionaryEntries.length;
    this.putBytes(Tag.Define, JSON.stringify(o));
    this.frozenIds.set(o, id);
    this.dictionaryEntries.push(o);
    return id;
  }

  /**
   * An object, as a shape reference and its values when its keys are those of one of the last
   * two objects at its position in the record (the usual case: records of a kind share their
   * layout), else key by key, teaching the decoder its shape. Keys are compared in a first pass
   * that also takes each value once (a getter runs once, as under JSON.stringify).
   */
  private object(o: object, depth: number): void {
    if (depth > MAX_DEPTH) throw NEEDS_JSON_LINE;
    const ownOnly = this.ownOnly;
    const values = (this.scratch[depth] ??= []);
    const keys = (this.scratchKeys[depth] ??= []);
    let n = 0;
    for (const key in o) {
      // for-in also walks enumerable inherited keys; a plain object inherits some only if
      // Object.prototype was given enumerable properties (checked per add()).
      if (!ownOnly && !Object.hasOwn(o, key)) continue;
      const v = (o as Record<string, unknown>)[key];
      // JSON.stringify leaves these members out.
      if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
      keys[n] = key;
      values[n++] = v;
    }
    const slot = this.objectSlot++;
    if (slot < MEMO_SLOTS) {
      const id = this.knownShape(slot, keys, n);
      if (id >= 0) {
        this.tagged(Tag.ShapedObject, id);
        for (let i = 0; i < n; i++) this.value(values[i], depth);
        this.tag(Tag.ObjectEnd);
        this.release(values, n);
        return;
      }
    }
    const defines = slot < MEMO_SLOTS && this.shapeCount < MAX_SHAPES;
    this.tag(defines ? Tag.ShapeObjectStart : Tag.ObjectStart);
    for (let i = 0; i < n; i++) {
      this.string(keys[i]!);
      this.value(values[i], depth);
    }
    this.tag(Tag.ObjectEnd);
    if (defines) {
      // The newest shape first; the one it displaces becomes the second candidate.
      this.shapes2[slot] = this.shapes[slot];
      this.shapeIds2[slot] = this.shapeIds[slot]!;
      this.shapes[slot] = keys.slice(0, n);
      this.shapeIds[slot] = this.shapeCount++;
    }
    this.release(values, n);
  }

  /** Drops the scratch references (values must not be kept alive past the record). */
  private release(values: unknown[], n: number): void {
    for (let i = 0; i < n; i++) values[i] = undefined;
  }

  /** The id of the shape at `slot` whose keys are keys[0..n), or -1. */
  private knownShape(slot: number, keys: readonly string[], n: number): number {
    const a = this.shapes[slot];
    if (a !== undefined && sameKeys(a, keys, n)) return this.shapeIds[slot]!;
    const b = this.shapes2[slot];
    if (b !== undefined && sameKeys(b, keys, n)) {
      // Most recently used first.
      this.shapes2[slot] = a;
      this.shapes[slot] = b;
      const id = this.shapeIds2[slot]!;
      this.shapeIds2[slot] = this.shapeIds[slot]!;
      this.shapeIds[slot] = id;
      return id;
    }
    return -1;
  }

  private array(a: readonly unknown[], depth: number): void {
    if (depth > MAX_DEPTH || Object.getPrototypeOf(a) !== Array.prototype || typeof (a as { toJSON?: unknown }).toJSON === 'function') throw NEEDS_JSON_LINE;
    this.tag(Tag.ArrayStart);
    for (let i = 0; i < a.length; i++) {
      const v = a[i];
      // JSON.stringify writes these (and holes) as null inside arrays.
      if (v === undefined || typeof v === 'function' || typeof v === 'symbol') this.tag(Tag.Null);
      else this.value(v, depth);
    }
    this.tag(Tag.ArrayEnd);
  }
}

/** An object JSON.stringify walks as its own enumerable keys: no prototype but Object's (or none), no toJSON. */
function isPlainObject(v: unknown): v is object {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) return false;
  return typeof (v as { toJSON?: unknown }).toJSON !== 'function';
}

function hasEnumerableKeys(o: object): boolean {
  for (const _ in o) return true;
  return false;
}

/**
 * True if a frozen object's JSON text can never change: every own property is a data property
 * (no getter) holding a primitive, so neither it nor anything it holds can be modified.
 */
function fixedJson(o: object): boolean {
  for (const key of Reflect.ownKeys(o)) {
    const d = Object.getOwnPropertyDescriptor(o, key);
    if (d === undefined || !('value' in d)) return false;
    const v: unknown = d.value;
    if (v !== null && (typeof v === 'object' || typeof v === 'function')) return false;
  }
  return true;
}

function sameKeys(shape: readonly string[], keys: readonly string[], n: number): boolean {
  if (shape.length !== n) return false;
  for (let i = 0; i < n; i++) if (shape[i] !== keys[i]) return false;
  return true;
}
