// The token bytes of the events writer thread's wire format (EventRecordEncoder writes them,
// EventRecordDecoder reads them). Little-endian; u32 lengths and ids, f64 numbers.
export const Tag = {
  /** u32 n, n bytes: the JSON text (quoted, escaped) of the next dictionary entry. */
  Define: 0x01,
  /** u32 n, n bytes: a whole JSON line, as JSON.stringify wrote it. */
  Line: 0x02,
  /** One record: an object's tokens follow. */
  Record: 0x03,
  /**
   * u32 r, u32 b: r bytes of Define, Line and Record tokens, then b bytes holding the UTF-16LE
   * code units of their BlockStrings, one after another.
   */
  Batch: 0x04,
  /** u32 id: a dictionary string. */
  Reference: 0x10,
  /** u32 n: a string of the next n code units of the batch's string block (escaped by the decoder). */
  BlockString: 0x11,
  /** f64: written as JSON.stringify writes numbers (non-finite as null). */
  Number: 0x13,
  True: 0x14,
  False: 0x15,
  Null: 0x16,
  ArrayStart: 0x17,
  ArrayEnd: 0x18,
  ObjectStart: 0x19,
  ObjectEnd: 0x1a,
  /** An object whose keys (key, value, key, value… up to ObjectEnd) the decoder learns as the next shape id. */
  ShapeObjectStart: 0x1b,
  /** u32 shape id: an object of that shape; its values follow (no keys), then ObjectEnd. */
  ShapedObject: 0x1c,
} as const;

export type Tag = (typeof Tag)[keyof typeof Tag];
