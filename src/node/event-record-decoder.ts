// The events writer thread's side of EventRecordEncoder: turns its token stream back into the
// JSON lines JSON.stringify would have written, byte for byte, without building objects —
// dictionary entries were escaped once, a batch's unread strings arrive as UTF-16 code units
// and are escaped here (as JSON.stringify does, lone surrogates as \u escapes), safe integers
// are written digit by digit and other numbers with String() (JSON.stringify's own algorithm).
import { Tag } from './event-record-tags';

/** The encoder nests at most 64 levels below a record; a little headroom beyond that. */
const MAX_NESTING = 80;
const IN_ARRAY = 1;
const IN_OBJECT = 2;
/** An object of a known shape: its keys come from the shape, its values from the stream. */
const IN_SHAPED = 3;

export class EventRecordDecoder {
  private readonly dictionary: Uint8Array[] = [];
  private input: Buffer = Buffer.alloc(0);
  private view: DataView = new DataView(new ArrayBuffer(0));
  private pos = 0;
  /** The open batch's string block: the next code unit's offset in the input, and its end. */
  private block = 0;
  private blockEnd = 0;
  private out: Buffer;
  private o = 0;
  private lines = 0;
  // Per open array/object: its kind, members written, and (objects) whether a key comes next.
  private readonly kinds = new Uint8Array(MAX_NESTING);
  private readonly counts = new Int32Array(MAX_NESTING);
  private readonly keyNext = new Uint8Array(MAX_NESTING);
  private sp = -1;
  /** Shapes by id: each key's JSON text followed by ':'. */
  private readonly shapes: Uint8Array[][] = [];
  /** Per open level: the shape being followed (IN_SHAPED) or being learnt (IN_OBJECT), else undefined. */
  private readonly levelShapes: (Uint8Array[] | undefined)[] = new Array<Uint8Array[] | undefined>(MAX_NESTING).fill(undefined);

  constructor(initialOutputBytes = 1 << 21) {
    this.out = Buffer.allocUnsafe(initialOutputBytes);
  }

  /** Lines decoded and not yet taken. */
  get pendingLines(): number {
    return this.lines;
  }

  /** The lines decoded so far (each ending in \n); valid until the next decode. */
  take(): Uint8Array {
    const lines = this.out.subarray(0, this.o);
    this.o = 0;
    this.lines = 0;
    return lines;
  }

  /**
   * Decodes one chunk of whole records; returns how many records it held. With `onLines`, the
   * lines are handed over (take()) whenever they reach `flushBytes`, between records.
   */
  decode(chunk: Uint8Array, flushBytes = Infinity, onLines?: (lines: Uint8Array, count: number) => void): number {
    this.input = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    this.view = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    this.pos = 0;
    let records = 0;
    const end = chunk.byteLength;
    while (this.pos < end) {
      const tag = this.input[this.pos++];
      if (tag !== Tag.Batch) {
        records += this.item(tag);
      } else {
        const recordBytes = this.u32();
        const blockBytes = this.u32();
        const recordsEnd = this.pos + recordBytes;
        this.block = recordsEnd;
        this.blockEnd = recordsEnd + blockBytes;
        if (this.blockEnd > end || (blockBytes & 1) !== 0) this.corrupt(tag);
        while (this.pos < recordsEnd) {
          records += this.item(this.input[this.pos++]);
          this.handOverAt(flushBytes, onLines);
        }
        // Every record's tokens and every string of the block used, none past them.
        if (this.pos !== recordsEnd || this.block !== this.blockEnd) this.corrupt(tag);
        this.pos = this.blockEnd;
        this.block = this.blockEnd = 0;
      }
      this.handOverAt(flushBytes, onLines);
    }
    return records;
  }

  /** Hands the decoded lines to `onLines` once they reach `flushBytes` (called between records). */
  private handOverAt(flushBytes: number, onLines: ((lines: Uint8Array, count: number) => void) | undefined): void {
    if (this.o < flushBytes || onLines === undefined) return;
    const count = this.lines;
    onLines(this.take(), count);
  }

  /** A Define, Line or Record (its tag already read); returns the records it held. */
  private item(tag: number | undefined): number {
    if (tag === Tag.Define) {
      this.define();
      return 0;
    }
    if (tag === Tag.Line) {
      this.copyLengthPrefixed();
      this.endLine();
      return 1;
    }
    if (tag === Tag.Record) {
      this.record();
      this.endLine();
      return 1;
    }
    return this.corrupt(tag);
  }

  private corrupt(tag: number | undefined): never {
    throw new Error(`events writer: unexpected byte ${tag ?? 'end of chunk'} at ${this.pos - 1} of a chunk (the encoder and decoder disagree)`);
  }

  private endLine(): void {
    this.room(1);
    this.out[this.o++] = 10;
    this.lines++;
  }

  private room(n: number): void {
    if (this.o + n <= this.out.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.out.length * 2, this.o + n));
    this.out.copy(bigger, 0, 0, this.o);
    this.out = bigger;
  }

  private u32(): number {
    if (this.pos + 4 > this.input.length) this.corrupt(undefined);
    const n = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return n;
  }

  private define(): void {
    const n = this.u32();
    // A copy: the chunk's buffer goes back to the run's thread.
    this.dictionary.push(Uint8Array.prototype.slice.call(this.input, this.pos, this.pos + n));
    this.pos += n;
  }

  private copy(from: Uint8Array, a: number, b: number): void {
    const n = b - a;
    this.room(n);
    if (a === 0 && b === from.length && n >= 32) {
      // A whole dictionary entry or shape key: no subarray to allocate.
      this.out.set(from, this.o);
      this.o += n;
    } else if (n < 32) {
      const out = this.out;
      let o = this.o;
      for (let i = a; i < b; i++) out[o++] = from[i]!;
      this.o = o;
    } else {
      this.out.set(from.subarray(a, b), this.o);
      this.o += n;
    }
  }

  private copyLengthPrefixed(): void {
    const n = this.u32();
    if (this.pos + n > this.input.length) this.corrupt(undefined);
    this.copy(this.input, this.pos, this.pos + n);
    this.pos += n;
  }

  /**
   * The next `n` code units of the batch's string block as a JSON string: UTF-8, with the
   * escapes JSON.stringify writes (\" \\ \b \t \n \f \r, \u00xx for other controls, \udxxx
   * for a lone surrogate).
   */
  private blockString(n: number): void {
    let b = this.block;
    const end = b + 2 * n;
    if (end > this.blockEnd) this.corrupt(Tag.BlockString);
    // At most 6 bytes a code unit (\u escapes), and the quotes.
    this.room(2 + 6 * n);
    const input = this.input;
    const out = this.out;
    let o = this.o;
    out[o++] = 0x22;
    for (; b < end; b += 2) {
      const c = input[b]! | (input[b + 1]! << 8);
      if (c < 0x80) {
        if (c >= 0x20 && c !== 0x22 && c !== 0x5c) out[o++] = c;
        else o = escapeAscii(out, o, c);
      } else if (c < 0x800) {
        out[o++] = 0xc0 | (c >> 6);
        out[o++] = 0x80 | (c & 0x3f);
      } else if (c < 0xd800 || c > 0xdfff) {
        out[o++] = 0xe0 | (c >> 12);
        out[o++] = 0x80 | ((c >> 6) & 0x3f);
        out[o++] = 0x80 | (c & 0x3f);
      } else {
        const d = c <= 0xdbff && b + 2 < end ? input[b + 2]! | (input[b + 3]! << 8) : 0;
        if (d >= 0xdc00 && d <= 0xdfff) {
          const cp = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
          out[o++] = 0xf0 | (cp >> 18);
          out[o++] = 0x80 | ((cp >> 12) & 0x3f);
          out[o++] = 0x80 | ((cp >> 6) & 0x3f);
          out[o++] = 0x80 | (cp & 0x3f);
          b += 2;
        } else o = unicodeEscape(out, o, c);
      }
    }
    out[o++] = 0x22;
    this.o = o;
    this.block = end;
  }

  private ascii(s: string): void {
    this.room(s.length);
    const out = this.out;
    let o = this.o;
    for (let i = 0; i < s.length; i++) out[o++] = s.charCodeAt(i);
    this.o = o;
  }

  /**
   * A safe integer's decimal digits, as String() writes them, without making a string
   * (timestamps and sequence numbers are most of a record's numbers).
   */
  private integer(n: number): void {
    this.room(17);
    const out = this.out;
    let o = this.o;
    if (n < 0) {
      out[o++] = 0x2d;
      n = -n;
    }
    // Digits from the lowest; then reversed in place.
    const start = o;
    do {
      const q = Math.floor(n / 10);
      out[o++] = 0x30 + (n - q * 10);
      n = q;
    } while (n > 0);
    for (let i = start, j = o - 1; i < j; i++, j--) {
      const t = out[i]!;
      out[i] = out[j]!;
      out[j] = t;
    }
    this.o = o;
  }

  private byte(b: number): void {
    this.room(1);
    this.out[this.o++] = b;
  }

  /** Writes the separator a value (or key) needs where it stands; true if it is an object's key. */
  private beforeValue(): boolean {
    const sp = this.sp;
    if (sp < 0) return false;
    const kind = this.kinds[sp];
    if (kind === IN_ARRAY) {
      if (this.counts[sp]!++ > 0) this.byte(0x2c);
      return false;
    }
    if (kind === IN_SHAPED) {
      const i = this.counts[sp]!++;
      const key = this.levelShapes[sp]![i];
      if (key === undefined) this.corrupt(undefined);
      if (i > 0) this.byte(0x2c);
      this.copy(key, 0, key.length);
      return false;
    }
    if (this.keyNext[sp] === 1) {
      if (this.counts[sp]!++ > 0) this.byte(0x2c);
      this.keyNext[sp] = 0;
      return true;
    }
    this.keyNext[sp] = 1;
    return false;
  }

  private open(kind: number, bracket: number, shape?: Uint8Array[]): void {
    if (this.sp + 1 >= MAX_NESTING) this.corrupt(bracket);
    this.byte(bracket);
    const sp = ++this.sp;
    this.kinds[sp] = kind;
    this.counts[sp] = 0;
    this.keyNext[sp] = 1;
    this.levelShapes[sp] = shape;
  }

  private close(bracket: number): void {
    const sp = this.sp;
    const kind = this.kinds[sp];
    if (sp < 0 || (bracket === 0x5d) !== (kind === IN_ARRAY)) this.corrupt(bracket);
    const shape = this.levelShapes[sp];
    if (shape !== undefined) {
      if (kind === IN_SHAPED) {
        if (this.counts[sp] !== shape.length) this.corrupt(bracket);
      } else this.shapes.push(shape);
      this.levelShapes[sp] = undefined;
    }
    this.sp--;
    this.byte(bracket);
  }

  private record(): void {
    this.sp = -1;
    do {
      const tag = this.input[this.pos++];
      if (tag === Tag.Define) {
        this.define();
        continue;
      }
      if (tag === Tag.ArrayEnd) {
        this.close(0x5d);
        continue;
      }
      if (tag === Tag.ObjectEnd) {
        this.close(0x7d);
        continue;
      }
      if (this.sp < 0 && tag !== Tag.ObjectStart && tag !== Tag.ShapeObjectStart && tag !== Tag.ShapedObject) this.corrupt(tag);
      const keyAt = this.o;
      const isKey = this.beforeValue();
      // Where the key's own text starts (after any comma).
      const keyStart = isKey && this.o > keyAt ? keyAt + 1 : keyAt;
      switch (tag) {
        case Tag.Reference: {
          const entry = this.dictionary[this.u32()];
          if (entry === undefined) this.corrupt(tag);
          this.copy(entry, 0, entry.length);
          break;
        }
        case Tag.BlockString:
          this.blockString(this.u32());
          break;
        case Tag.Number: {
          if (isKey || this.pos + 8 > this.input.length) this.corrupt(tag);
          const n = this.view.getFloat64(this.pos, true);
          this.pos += 8;
          if (Number.isSafeInteger(n) && !Object.is(n, -0)) this.integer(n);
          else this.ascii(Number.isFinite(n) ? String(n) : 'null');
          break;
        }
        case Tag.True:
          this.ascii('true');
          break;
        case Tag.False:
          this.ascii('false');
          break;
        case Tag.Null:
          this.ascii('null');
          break;
        case Tag.ArrayStart:
          this.open(IN_ARRAY, 0x5b);
          break;
        case Tag.ObjectStart:
          this.open(IN_OBJECT, 0x7b);
          break;
        case Tag.ShapeObjectStart:
          this.open(IN_OBJECT, 0x7b, []);
          break;
        case Tag.ShapedObject: {
          const shape = this.shapes[this.u32()];
          if (shape === undefined) this.corrupt(tag);
          this.open(IN_SHAPED, 0x7b, shape);
          break;
        }
        default:
          this.corrupt(tag);
      }
      if (isKey) {
        if (tag !== Tag.Reference && tag !== Tag.BlockString) this.corrupt(tag);
        this.byte(0x3a);
        // A shape being learnt keeps each key's text with its ':'.
        const learning = this.levelShapes[this.sp];
        if (learning !== undefined) learning.push(Uint8Array.prototype.slice.call(this.out, keyStart, this.o));
      }
    } while (this.sp >= 0);
  }
}

const HEX = '0123456789abcdef';

/** JSON.stringify's escape for a control character, quote or backslash. */
function escapeAscii(out: Uint8Array, o: number, c: number): number {
  const short = c === 0x22 ? 0x22 : c === 0x5c ? 0x5c : c === 0x08 ? 0x62 : c === 0x09 ? 0x74 : c === 0x0a ? 0x6e : c === 0x0c ? 0x66 : c === 0x0d ? 0x72 : 0;
  if (short === 0) return unicodeEscape(out, o, c);
  out[o++] = 0x5c;
  out[o++] = short;
  return o;
}

/** \uxxxx in lower-case hex, as JSON.stringify writes it. */
function unicodeEscape(out: Uint8Array, o: number, c: number): number {
  out[o++] = 0x5c;
  out[o++] = 0x75;
  out[o++] = HEX.charCodeAt(c >> 12);
  out[o++] = HEX.charCodeAt((c >> 8) & 15);
  out[o++] = HEX.charCodeAt((c >> 4) & 15);
  out[o++] = HEX.charCodeAt(c & 15);
  return o;
}
