import { describe, expect, it } from 'vitest';
import { EventRecordDecoder } from './event-record-decoder';
import { EventRecordEncoder, type EventRecordEncoderOptions } from './event-record-encoder';

/**
 * Encodes records (one by one, or `batch` at a time through addAll as the tracer's archive
 * does), decodes every chunk the encoder hands over, returns the text and the chunk count.
 */
function roundTrip(records: readonly unknown[], options: EventRecordEncoderOptions & { batch?: number } = {}): { text: string; chunks: number; records: number } {
  const decoder = new EventRecordDecoder(64);
  let text = '';
  let chunks = 0;
  let decoded = 0;
  const encoder = new EventRecordEncoder((chunk, n) => {
    chunks++;
    const got = decoder.decode(chunk);
    expect(got).toBe(n);
    decoded += got;
    text += Buffer.from(decoder.take()).toString('utf8');
  }, options);
  const batch = options.batch;
  if (batch === undefined) for (const r of records) encoder.add(r);
  else for (let i = 0; i < records.length; i += batch) encoder.addAll(records.slice(i, i + batch));
  encoder.flush();
  return { text, chunks, records: decoded };
}

const lines = (records: readonly unknown[]): string => records.map((r) => `${JSON.stringify(r) ?? 'null'}\n`).join('');

function event(i: number): Record<string, unknown> {
  return {
    eventId: `study-${i}`,
    type: i % 50 === 0 ? 'SIGNAL' : 'FEATURES',
    timestamp: 1704189600000 + i * 60_000,
    sourceId: 'strategy_momentum_1',
    containerId: 'strategy_momentum_1',
    ...(i % 50 === 0 ? { correlationId: `portfolio_1-t${i}` } : {}),
    causationId: `study-${i - 1}`,
    sequence: i,
    payload: { symbol: 'SYN', features: { roc: Math.sin(i) / 1000 } },
    metadata: { busId: 'strategy_momentum_1', containerId: 'strategy_momentum_1', traceId: 'study' },
  };
}

describe('EventRecordEncoder → EventRecordDecoder', () => {
  it('writes exactly the JSON lines JSON.stringify writes for a stream of engine-like events', () => {
    const records = Array.from({ length: 5000 }, (_, i) => event(i));
    const { text, records: n } = roundTrip(records);
    expect(n).toBe(5000);
    expect(text).toBe(lines(records));
  });

  it('matches JSON.stringify on the values it treats specially', () => {
    const withGetter = { a: 1 };
    Object.defineProperty(withGetter, 'b', { enumerable: true, get: () => 'got' });
    Object.defineProperty(withGetter, 'hidden', { enumerable: false, value: 'no' });
    const protoless = Object.assign(Object.create(null) as object, { z: 1, a: [1, 2] });
    class Point {
      constructor(
        readonly x: number,
        readonly y: number,
      ) {}
    }
    const sparse = [1, , 3]; // eslint-disable-line no-sparse-arrays
    const records: unknown[] = [
      { s: 'quote " backslash \\ newline \n tab \t nul \u0000 del \u007f', k: 'é ü 中文 😀 \u2028 \u2029' },
      { lone: 'a\ud800b', low: '\udc00', pair: '\ud83d\ude00', ['key "with" \\ escapes\n']: 1 },
      { n: [0, -0, -17, 1704189600000, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 2 ** 53, 1.5, -1e-7, 1e21, 123456789012345680000, Number.MAX_VALUE, Number.MIN_VALUE, NaN, Infinity, -Infinity] },
      { u: undefined, f: () => 1, sym: Symbol('x'), kept: null, t: true, fa: false },
      { arr: [undefined, () => 1, Symbol('y'), null, [], {}, [[[]]]], sparse },
      { 2: 'two', 1: 'one', b: 'b', a: 'a', '-1': 'minus' },
      { date: new Date(Date.UTC(2024, 0, 2, 3, 4, 5)) },
      { wrapped: [new Number(3), new String('s'), new Boolean(false)] },
      { point: new Point(1, 2) },
      { withToJson: { toJSON: (key: string) => `key:${key}` } },
      { withGetter, protoless },
      { map: new Map([[1, 2]]), set: new Set([1]), re: /x/g },
      'a bare string',
      42,
      null,
      [1, 'two', { three: 3 }],
      new Point(3, 4),
      undefined,
      {},
      { empty: '', emptyKey: { '': '' } },
    ];
    const { text } = roundTrip(records);
    expect(text).toBe(lines(records));
    expect(roundTrip(records, { batch: 5 }).text).toBe(lines(records));
  });

  it('sends ever-changing strings unread, in their batch\'s UTF-16 block, escaped there as JSON.stringify does', () => {
    // Every code unit JSON treats specially, at a position whose string changes every record
    // (so after a few records it is no longer compared or kept: it goes to the block).
    const specials = [...Array.from({ length: 0x20 }, (_, c) => String.fromCharCode(c)), '"', '\\', '\u007f', '\u0080', '\u07ff', '\u0800', '\u2028', '\u2029', '\uffff', '\ud800', '\udbff', '\udc00', '\udfff', '\ud83d\ude00', '\ude00\ud83d', 'é', '中'];
    const prefix = 'a-long-enough-prefix-for-a-rope';
    const records = Array.from({ length: 600 }, (_, i) => ({
      // Template strings this long are ropes, as the engine's ids are.
      eventId: `${prefix}-${i}`,
      text: `${specials[i % specials.length]!}${i}${specials[(i * 7) % specials.length]!}`,
      // A lone high surrogate at the very end of one string, a low one opening the next.
      tail: i % 2 === 0 ? `x${i}\ud83d` : `\ude00y${i}`,
      [`key-${i % 3}`]: i,
    }));
    for (const batch of [1, 7, 32, 600]) {
      for (const chunkBytes of [64, 256, 1 << 20]) {
        const { text, records: n } = roundTrip(records, { batch, chunkBytes });
        expect(n).toBe(records.length);
        expect(text).toBe(lines(records));
      }
    }
  });

  it('keeps the records of a batch before one that throws, and none of the one that threw', () => {
    const throwing = { id: 'fresh-string-before-the-throw', other: 'another fresh one' };
    Object.defineProperty(throwing, 'boom', {
      enumerable: true,
      get: () => {
        throw new Error('getter failed');
      },
    });
    const decoder = new EventRecordDecoder();
    let text = '';
    const encoder = new EventRecordEncoder((chunk) => {
      decoder.decode(chunk);
      text += Buffer.from(decoder.take()).toString('utf8');
    });
    const before = Array.from({ length: 10 }, (_, i) => event(i));
    expect(() => encoder.addAll([...before, throwing, event(99)])).toThrow('getter failed');
    encoder.addAll([event(10), event(11)]);
    encoder.flush();
    expect(text).toBe(lines([...before, event(10), event(11)]));
  });

  it('leaves out inherited keys even when Object.prototype has enumerable ones', () => {
    const records = [event(1), { a: 1, nested: { b: [{ c: 2 }] } }, event(2)];
    Object.defineProperty(Object.prototype, 'polluted', { value: 'x', enumerable: true, configurable: true, writable: true });
    try {
      expect(roundTrip(records).text).toBe(lines(records));
    } finally {
      delete (Object.prototype as Record<string, unknown>).polluted;
    }
  });

  it('throws what JSON.stringify throws (cycles, BigInt) and keeps the stream whole', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = { inner: cyclic };
    const decoder = new EventRecordDecoder();
    let text = '';
    const encoder = new EventRecordEncoder((chunk) => {
      decoder.decode(chunk);
      text += Buffer.from(decoder.take()).toString('utf8');
    });
    encoder.add(event(1));
    expect(() => encoder.add(cyclic)).toThrow(TypeError);
    expect(() => encoder.add({ ok: 'x', big: 10n })).toThrow(TypeError);
    const throwing = { a: 'new string defined before the throw' };
    Object.defineProperty(throwing, 'boom', {
      enumerable: true,
      get: () => {
        throw new Error('getter failed');
      },
    });
    expect(() => encoder.add(throwing)).toThrow('getter failed');
    encoder.add(event(2));
    encoder.add({ a: 'new string defined before the throw' });
    encoder.flush();
    expect(text).toBe(lines([event(1), event(2), { a: 'new string defined before the throw' }]));
  });

  it('splits at whole records across small chunks and gives an oversized record a chunk of its own', () => {
    const big = { huge: 'x'.repeat(10_000), list: Array.from({ length: 500 }, (_, i) => ({ i, s: `v${i}` })) };
    const records = [...Array.from({ length: 300 }, (_, i) => event(i)), big, ...Array.from({ length: 300 }, (_, i) => event(300 + i))];
    const { text, chunks } = roundTrip(records, { chunkBytes: 1024 });
    expect(chunks).toBeGreaterThan(50);
    expect(text).toBe(lines(records));
  });

  it('stays exact when the dictionary is full (new strings then go raw)', () => {
    const records = Array.from({ length: 400 }, (_, i) => ({ [`key${i % 97}`]: `value${i % 89}`, type: i % 3 === 0 ? 'A' : 'B' }));
    expect(roundTrip(records, { maxDictionary: 16 }).text).toBe(lines(records));
  });

  it('sends a position whose string changes every record raw, and a repeating one by reference', () => {
    const records = Array.from({ length: 1000 }, (_, i) => event(i));
    let bytes = 0;
    const encoder = new EventRecordEncoder((chunk) => void (bytes += chunk.byteLength));
    for (const r of records) encoder.add(r);
    encoder.flush();
    // Well under the JSON text: repeated keys and ids are 5-byte references.
    expect(bytes).toBeLessThan(lines(records).length * 0.6);
  });

  it('matches JSON.stringify on random nested records, with tiny chunks and a tiny dictionary', () => {
    let seed = 12345;
    const rand = (): number => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    const pieces = ['a', 'b', 'é', '"', '\\', '\n', '\u0001', '\ud800', '😀', 'id-', ''];
    const str = (): string => Array.from({ length: Math.floor(rand() * 4) }, () => pieces[Math.floor(rand() * pieces.length)]).join('');
    const value = (depth: number): unknown => {
      const r = rand();
      if (r < 0.2) return str();
      if (r < 0.35) return [0, -0, 1.5, 1e21, -3e-9, NaN, Infinity, 2 ** 53 + 2][Math.floor(rand() * 8)];
      if (r < 0.45) return [true, false, null, undefined][Math.floor(rand() * 4)];
      if (depth > 4) return str();
      if (r < 0.6) return Array.from({ length: Math.floor(rand() * 4) }, () => value(depth + 1));
      const o: Record<string, unknown> = {};
      for (let i = Math.floor(rand() * 5); i > 0; i--) o[rand() < 0.2 ? String(Math.floor(rand() * 3)) : str()] = value(depth + 1);
      return o;
    };
    const records = Array.from({ length: 2000 }, () => value(0));
    expect(roundTrip(records, { chunkBytes: 256, maxDictionary: 8 }).text).toBe(lines(records));
    expect(roundTrip(records).text).toBe(lines(records));
    expect(roundTrip(records, { batch: 32, chunkBytes: 256, maxDictionary: 8 }).text).toBe(lines(records));
    expect(roundTrip(records, { batch: 32 }).text).toBe(lines(records));
  });

  it('sends a shared frozen record once, and stays exact for frozen objects whose JSON can still change', () => {
    const shared = Object.freeze({ busId: 'b', containerId: 'c', traceId: 't' });
    const inner = { n: 1 };
    const frozenOuter = Object.freeze({ inner });
    let flips = 0;
    const getter = Object.freeze(Object.defineProperty({}, 'g', { enumerable: true, get: () => ++flips }));
    const records: unknown[] = [];
    const expected: string[] = [];
    const encoderLines: string[] = [];
    const decoder = new EventRecordDecoder();
    let bytes = 0;
    const encoder = new EventRecordEncoder((chunk) => {
      bytes += chunk.byteLength;
      decoder.decode(chunk);
      encoderLines.push(Buffer.from(decoder.take()).toString('utf8'));
    });
    for (let i = 0; i < 500; i++) {
      inner.n = i;
      const r = { i, metadata: shared, frozenOuter, getter };
      records.push(r);
      // The getter counts up on every read: read by the encoder, then (rewound) by JSON.stringify.
      const before = flips;
      encoder.add(r);
      flips = before;
      expected.push(`${JSON.stringify(r)}\n`);
    }
    encoder.flush();
    expect(encoderLines.join('')).toBe(expected.join(''));
    expect(bytes).toBeGreaterThan(0);
    // The shared record crosses once, then as a 5-byte reference: fewer bytes than an equal
    // record that is not frozen (its values then cross as a reference each).
    const size = (meta: () => object): number => {
      let n = 0;
      const e = new EventRecordEncoder((chunk) => void (n += chunk.byteLength));
      for (let i = 0; i < 500; i++) e.add({ i, metadata: meta() });
      e.flush();
      return n;
    };
    expect(size(() => shared)).toBeLessThan(size(() => ({ ...shared })) - 500 * 10);
  });

  it('refuses a corrupt chunk with an error instead of writing garbage', () => {
    expect(() => new EventRecordDecoder().decode(new Uint8Array([0x03, 0x19, 0x10, 7, 0, 0, 0]))).toThrow(/unexpected byte/);
    expect(() => new EventRecordDecoder().decode(new Uint8Array([0x7f]))).toThrow(/unexpected byte 127/);
    // A batch ({"A":"B"}: a key and a value from its string block) read whole, then batches
    // whose records use more of the block than it holds, or leave some of it unread.
    const record = [0x03, 0x19, 0x11, 1, 0, 0, 0, 0x11, 1, 0, 0, 0, 0x1a];
    const whole = new EventRecordDecoder();
    expect(whole.decode(new Uint8Array([0x04, 13, 0, 0, 0, 4, 0, 0, 0, ...record, 0x41, 0, 0x42, 0]))).toBe(1);
    expect(Buffer.from(whole.take()).toString('utf8')).toBe('{"A":"B"}\n');
    expect(() => new EventRecordDecoder().decode(new Uint8Array([0x04, 13, 0, 0, 0, 2, 0, 0, 0, ...record, 0x41, 0]))).toThrow(/unexpected byte 17/);
    expect(() => new EventRecordDecoder().decode(new Uint8Array([0x04, 3, 0, 0, 0, 4, 0, 0, 0, 0x03, 0x19, 0x1a, 0x41, 0, 0x42, 0]))).toThrow(/unexpected byte 4/);
  });
});
