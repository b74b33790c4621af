// What a finished point sends back through Redis: its outcome with the whole result (every
// container's metrics, trades, equity curve and kept events), as lossless JSON (Infinity/NaN
// kept), gzipped and base64'd — an equity curve of 5 000 daily bars is ~650 kB of JSON, ~8x
// less compressed, which matters for Redis memory and for the submitter reading it back.
import { gunzipSync, gzipSync } from 'node:zlib';
import type { PointSuccess } from '../../engine/optimization/pool-protocol';
import { fromLosslessJson, toLosslessJson } from './lossless-json';

/** The point's outcome with its whole result, minus `traced` (the same containers again). */
export type PointResultPayload = Omit<PointSuccess, 'traced'>;

const PREFIX = 'gz1:';

export function encodePointPayload(payload: PointResultPayload): string {
  // Level 1: most of the size win for a fraction of the CPU of the default level.
  return PREFIX + gzipSync(Buffer.from(toLosslessJson(payload), 'utf8'), { level: 1 }).toString('base64');
}

export function decodePointPayload(text: string): PointResultPayload {
  if (!text.startsWith(PREFIX)) throw new Error(`a point result must start with '${PREFIX}' (written by another Event Studio version?)`);
  return fromLosslessJson<PointResultPayload>(gunzipSync(Buffer.from(text.slice(PREFIX.length), 'base64')).toString('utf8'));
}
