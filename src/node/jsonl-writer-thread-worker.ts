// The events writer thread (see JsonlWriterThread): per stream, decodes the run's chunks into
// JSON lines and appends them to the stream's events.jsonl.gz segments as gzip members.
// Loaded by pool/thread-worker.mjs through tsx; talks over the port and the shared control array.
import { workerData, type MessagePort } from 'node:worker_threads';
import { EventRecordDecoder } from './event-record-decoder';
import { JsonlSegments } from './jsonl-segments';
import { FAILED, IN_FLIGHT, REPLIES, type FromWriterThread, type ToWriterThread } from './jsonl-writer-thread';

interface Stream {
  segments: JsonlSegments;
  decoder: EventRecordDecoder;
  batchBytes: number;
  lines: number;
  busyMs: number;
  failed: boolean;
}

const { control, port } = workerData as { control: Int32Array; port: MessagePort };
const streams = new Map<number, Stream>();

function reply(message: FromWriterThread): void {
  port.postMessage(message);
  Atomics.add(control, REPLIES, 1);
  Atomics.notify(control, REPLIES);
}

function fail(id: number, stream: Stream | undefined, error: unknown): void {
  if (stream !== undefined) stream.failed = true;
  Atomics.store(control, FAILED, 1);
  reply({ type: 'failed', stream: id, message: `writing events failed: ${error instanceof Error ? error.message : String(error)}` });
}

function writeOut(s: Stream): void {
  s.lines += s.decoder.pendingLines;
  s.segments.append(s.decoder.take());
}

port.on('message', (message: ToWriterThread) => {
  const stream = streams.get(message.stream);
  if (message.type === 'open') {
    streams.set(message.stream, {
      segments: new JsonlSegments(message.options, message.position),
      decoder: new EventRecordDecoder(),
      batchBytes: message.batchBytes,
      lines: 0,
      busyMs: 0,
      failed: false,
    });
    return;
  }
  if (message.type === 'chunk') {
    try {
      if (stream !== undefined && !stream.failed) {
        const t0 = performance.now();
        // A gzip member per batchBytes of lines (the unit segments roll over at).
        stream.decoder.decode(message.chunk, stream.batchBytes, (lines, count) => {
          stream.lines += count;
          stream.segments.append(lines);
        });
        stream.busyMs += performance.now() - t0;
      }
    } catch (error) {
      fail(message.stream, stream, error);
    } finally {
      Atomics.sub(control, IN_FLIGHT, 1);
      Atomics.notify(control, IN_FLIGHT);
    }
    // The buffer goes back to be filled again (the run's thread allocates none while it flows).
    const buffer = message.chunk.buffer as ArrayBuffer;
    port.postMessage({ type: 'recycle', stream: message.stream, buffer } satisfies FromWriterThread, [buffer]);
    return;
  }
  if (stream === undefined) {
    fail(message.stream, undefined, new Error(`no stream ${message.stream}`));
    return;
  }
  // Its failure was reported when it happened; the run's thread raises it on close.
  if (stream.failed) return;
  try {
    const t0 = performance.now();
    writeOut(stream);
    stream.busyMs += performance.now() - t0;
    streams.delete(message.stream);
    reply({ type: 'closed', stream: message.stream, files: stream.segments.files, lines: stream.lines, busyMs: stream.busyMs });
  } catch (error) {
    fail(message.stream, stream, error);
  }
});
