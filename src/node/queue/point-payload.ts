// What a finished point sends back through Redis: its outcome with the whole result (every
// container's metrics, trades, equity curve and kept events). V8's serializer keeps what JSON
// loses (Infinity and NaN metrics: a profit factor without losses is Infinity) and costs a
// fraction of a JSON replacer/reviver walk; gzip makes it small (an equity curve of 5 000
// daily bars is ~650 kB as JSON), which matters for Redis memory and the submitter reading it.
// Submitter and workers must run the same Event Studio (and Node major) version.
import { deserialize, serialize } from 'node:v8';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { PointSuccess } from '../../engine/optimization/pool-protocol';

/**
 * The point's outcome with its whole result, minus `traced` (the same containers again), and
 * the job key it was computed under (job-key.ts): the submitter checks it is the one it sent.
 */
export type PointResultPayload = Omit<PointSuccess, 'traced'> & { jobKey?: string };

const PREFIX = 'v8gz1:';

export function encodePointPayload(payload: PointResultPayload): string {
  // Level 1: most of the size win for a fraction of the CPU of the default level.
  return PREFIX + gzipSync(serialize(payload), { level: 1 }).toString('base64');
}

export function decodePointPayload(text: string): PointResultPayload {
  if (!text.startsWith(PREFIX)) throw new Error(`a point result must start with '${PREFIX}' (written by another Event Studio version?)`);
  return deserialize(gunzipSync(Buffer.from(text.slice(PREFIX.length), 'base64'))) as PointResultPayload;
}
