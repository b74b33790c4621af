// A share link carries the whole config in the URL hash (deflate + base64url), so
// it needs no server and opening it restores exactly what was shared.
import { deflateSync, inflateSync, strFromU8, strToU8 } from 'fflate';

export interface SharedStudio {
  configText: string;
  datasetId: string;
  /** Sources of the `user:<name>` strategies the config runs (saved on open, so the run repeats). */
  userStrategies?: { name: string; source: string }[];
}

function toBase64Url(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4);
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** The hash part, e.g. `#cfg=…&ds=sp500`. */
export function encodeShareHash(s: SharedStudio): string {
  const cfg = toBase64Url(deflateSync(strToU8(s.configText), { level: 9 }));
  const us = s.userStrategies?.length ? `&us=${toBase64Url(deflateSync(strToU8(JSON.stringify(s.userStrategies)), { level: 9 }))}` : '';
  return `#cfg=${cfg}&ds=${encodeURIComponent(s.datasetId)}${us}`;
}

/** Null when the hash carries no config; an error message when it is corrupt. */
export function decodeShareHash(hash: string): SharedStudio | { error: string } | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const cfg = params.get('cfg');
  if (!cfg) return null;
  try {
    const configText = strFromU8(inflateSync(fromBase64Url(cfg)));
    const us = params.get('us');
    const userStrategies = us ? parseStrategies(strFromU8(inflateSync(fromBase64Url(us)))) : undefined;
    return { configText, datasetId: params.get('ds') ?? 'sp500', ...(userStrategies ? { userStrategies } : {}) };
  } catch (e) {
    return { error: `This share link is damaged (${e instanceof Error ? e.message : String(e)}); copy the whole link again.` };
  }
}

function parseStrategies(json: string): { name: string; source: string }[] {
  const value: unknown = JSON.parse(json);
  if (!Array.isArray(value) || !value.every((x: unknown) => typeof x === 'object' && x !== null && typeof (x as { name?: unknown }).name === 'string' && typeof (x as { source?: unknown }).source === 'string')) {
    throw new Error('its strategies are not a list of {name, source}');
  }
  return (value as { name: string; source: string }[]).map((x) => ({ name: x.name, source: x.source }));
}
