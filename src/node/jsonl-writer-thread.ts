// A worker thread that turns event streams into events.jsonl.gz beside the run: the run's
// thread only encodes each event (EventRecordEncoder) and hands over 1 MB chunks; the thread
// writes the JSON text, gzips and appends. A run is synchronous, so nothing here waits on the
// event loop: back-pressure and replies go through a SharedArrayBuffer (Atomics.wait) and
// receiveMessageOnPort, and a thread that stops answering is reported, not waited on forever.
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { JsonlSegmentsOptions, JsonlSegmentsPosition } from './jsonl-segments';

/** Slots of the shared control array. */
export const IN_FLIGHT = 0;
export const REPLIES = 1;
export const FAILED = 2;
const CONTROL_SLOTS = 3;

export type ToWriterThread =
  | { type: 'open'; stream: number; options: JsonlSegmentsOptions; position: JsonlSegmentsPosition; batchBytes: number }
  | { type: 'chunk'; stream: number; chunk: Uint8Array }
  | { type: 'close'; stream: number };

export type FromWriterThread =
  | { type: 'recycle'; stream: number; buffer: ArrayBuffer }
  | { type: 'closed'; stream: number; files: string[]; lines: number; busyMs: number }
  | { type: 'failed'; stream: number; message: string };

export interface JsonlWriterThreadOptions {
  /** Chunks handed over and not yet written before the run's thread waits (default 32, ~32 MB). */
  maxChunksInFlight?: number;
  /** How long the thread may make no progress before it is reported as stuck (default 60 s). */
  stallTimeoutMs?: number;
  /** Gzip members written per this many bytes of JSON lines (default 1 MiB). */
  batchBytes?: number;
  /** The worker module (tests substitute one that misbehaves). */
  entry?: URL;
}

export interface ClosedJsonlStream {
  files: string[];
  lines: number;
  /** Time the thread spent writing this stream (JSON text, gzip, append). */
  threadBusyMs: number;
}

const BOOTSTRAP = new URL('./pool/thread-worker.mjs', import.meta.url);
const ENTRY = new URL('./jsonl-writer-thread-worker.ts', import.meta.url);

export class JsonlWriterThreadError extends Error {}

export class JsonlWriterThread {
  private worker?: Worker;
  private port?: MessagePort;
  private readonly control = new Int32Array(new SharedArrayBuffer(CONTROL_SLOTS * 4));
  private readonly maxInFlight: number;
  private readonly stallTimeoutMs: number;
  private readonly batchBytes: number;
  private readonly entry: URL;
  private nextStream = 0;
  private readonly closed = new Map<number, ClosedJsonlStream>();
  private readonly failures = new Map<number, string>();
  private readonly recyclers = new Map<number, (buffer: ArrayBuffer) => void>();
  private terminated = false;

  constructor(options: JsonlWriterThreadOptions = {}) {
    this.maxInFlight = options.maxChunksInFlight ?? 32;
    this.stallTimeoutMs = options.stallTimeoutMs ?? 60_000;
    this.batchBytes = options.batchBytes ?? 1 << 20;
    this.entry = options.entry ?? ENTRY;
  }

  /** Starts a stream that continues the files at `position`; returns its id. */
  open(options: JsonlSegmentsOptions, position: JsonlSegmentsPosition, recycle: (buffer: ArrayBuffer) => void): number {
    if (this.terminated) throw new JsonlWriterThreadError('the events writer thread was already stopped');
    const port = this.start();
    const stream = this.nextStream++;
    this.recyclers.set(stream, recycle);
    port.postMessage({ type: 'open', stream, options, position, batchBytes: this.batchBytes } satisfies ToWriterThread);
    return stream;
  }

  /** Hands a chunk over (its buffer is transferred); waits while too many are unwritten. */
  post(stream: number, chunk: Uint8Array): void {
    const port = this.start();
    this.check(stream);
    this.waitUntil(() => Atomics.load(this.control, IN_FLIGHT) < this.maxInFlight, IN_FLIGHT, stream);
    Atomics.add(this.control, IN_FLIGHT, 1);
    port.postMessage({ type: 'chunk', stream, chunk } satisfies ToWriterThread, [chunk.buffer as ArrayBuffer]);
  }

  /** Waits until the stream is written and its files closed. */
  close(stream: number): ClosedJsonlStream {
    const port = this.start();
    port.postMessage({ type: 'close', stream } satisfies ToWriterThread);
    this.waitUntil(() => this.closed.has(stream), REPLIES, stream);
    const result = this.closed.get(stream)!;
    this.closed.delete(stream);
    this.recyclers.delete(stream);
    return result;
  }

  /** Stops the thread (streams not closed are abandoned). */
  terminate(): void {
    this.terminated = true;
    if (this.worker === undefined) return;
    void this.worker.terminate();
    this.port?.close();
    this.worker = undefined;
    this.port = undefined;
  }

  private start(): MessagePort {
    if (this.port !== undefined) return this.port;
    if (this.terminated) throw new JsonlWriterThreadError('the events writer thread was already stopped');
    const { port1, port2 } = new MessageChannel();
    this.worker = new Worker(BOOTSTRAP, {
      workerData: { entry: this.entry.href, control: this.control, port: port2 },
      transferList: [port2],
    });
    // Neither keeps the process alive: every wait here is synchronous, nothing is left to await.
    this.worker.unref();
    port1.unref();
    this.port = port1;
    return port1;
  }

  private drain(): void {
    if (this.port === undefined) return;
    for (let m = receiveMessageOnPort(this.port); m !== undefined; m = receiveMessageOnPort(this.port)) {
      const message = m.message as FromWriterThread;
      if (message.type === 'recycle') this.recyclers.get(message.stream)?.(message.buffer);
      else if (message.type === 'closed') this.closed.set(message.stream, { files: message.files, lines: message.lines, threadBusyMs: message.busyMs });
      else this.failures.set(message.stream, message.message);
    }
  }

  private check(stream: number): void {
    if (Atomics.load(this.control, FAILED) === 0) return;
    this.drain();
    const failure = this.failures.get(stream);
    if (failure !== undefined) throw new JsonlWriterThreadError(failure);
  }

  /** Blocks until `done()`, waking on changes of the control slot; reports a thread that stalls. */
  private waitUntil(done: () => boolean, slot: number, stream: number): void {
    this.drain();
    let last = Atomics.load(this.control, slot);
    let lastProgress = performance.now();
    while (!done()) {
      this.check(stream);
      Atomics.wait(this.control, slot, last, 50);
      this.drain();
      const now = Atomics.load(this.control, slot);
      if (now !== last) {
        last = now;
        lastProgress = performance.now();
      } else if (performance.now() - lastProgress > this.stallTimeoutMs) {
        throw new JsonlWriterThreadError(`the events writer thread made no progress for ${Math.round(this.stallTimeoutMs / 1000)} s; events.jsonl.gz is incomplete`);
      }
    }
    this.check(stream);
  }
}
