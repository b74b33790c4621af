// A share link carries the whole study in the URL hash (deflate + base64url): the config, the
// sources of the user strategies it runs and, for an imported CSV, the CSV itself, so it needs
// no server and opening it repeats the sender's run exactly. A link is hostile input: its size
// is capped before decoding and every part is inflated as a stream that stops at a byte cap, so
// a deflate bomb is refused instead of freezing the tab.
import { deflateSync, Inflate, strToU8 } from 'fflate';
import { concatBytes } from '../../storage/concat-bytes';

export interface SharedCsv {
  /** The file name the sender imported it under (`csv:<name>` in the config). */
  name: string;
  /** The CSV exactly as imported (parsed again by the recipient: same bars, same run). */
  text: string;
}

export interface SharedStudio {
  configText: string;
  datasetId: string;
  /** Sources of the `user:<name>` strategies the config runs (saved on open, so the run repeats). */
  userStrategies?: { name: string; source: string }[];
  /** The imported CSV the config's data.source names, when it came with the link. */
  csv?: SharedCsv;
}

/** The longest link the studio writes (Chromium refuses URLs past 2 MB; chat apps cut far shorter ones). */
export const MAX_SHARE_LINK_CHARS = 1_000_000;
/** What every part of a link may inflate to together; past it the link is refused unread. */
export const MAX_SHARE_INFLATED_BYTES = 32 * 1024 * 1024;
/** Inflating in slices bounds the work one slice can do (deflate expands at most ~1032×). */
const INFLATE_SLICE = 1024;

export type ShareDecodeError = { error: string; kind: 'damaged' | 'too-large' };

export class ShareTooLargeError extends Error {}

function toBase64Url(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string, what: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error(`its ${what} part holds characters a link never has`);
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4);
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function pack(text: string): string {
  return toBase64Url(deflateSync(strToU8(text), { level: 9 }));
}

/**
 * Inflates `bytes` slice by slice and throws ShareTooLargeError as soon as the output (with
 * `budget.used` from earlier parts) passes the cap: the tab never holds a bomb's output.
 */
export function inflateCapped(bytes: Uint8Array, budget: { used: number; cap: number }, what: string): Uint8Array {
  const parts: Uint8Array[] = [];
  let ended = false;
  const inflate = new Inflate((chunk, final) => {
    budget.used += chunk.length;
    if (budget.used > budget.cap) throw new ShareTooLargeError(`its ${what} expands past ${Math.round(budget.cap / 1024 / 1024)} MB`);
    parts.push(chunk);
    if (final) ended = true;
  });
  if (bytes.length === 0) throw new Error(`its ${what} part is empty`);
  for (let i = 0; i < bytes.length; i += INFLATE_SLICE) inflate.push(bytes.subarray(i, i + INFLATE_SLICE), i + INFLATE_SLICE >= bytes.length);
  if (!ended) throw new Error(`its ${what} part is cut short`);
  return concatBytes(parts);
}

/** The hash part, e.g. `#cfg=…&ds=sp500` (`&us=…` strategy sources, `&csv=…` the imported CSV). */
export function encodeShareHash(s: SharedStudio): string {
  const us = s.userStrategies?.length ? `&us=${pack(JSON.stringify(s.userStrategies))}` : '';
  const csv = s.csv && s.datasetId === `csv:${s.csv.name}` ? `&csv=${pack(s.csv.text)}` : '';
  return `#cfg=${pack(s.configText)}&ds=${encodeURIComponent(s.datasetId)}${us}${csv}`;
}

function utf8(bytes: Uint8Array, what: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new Error(`its ${what} is not text`);
  }
}

/** Null when the hash carries no config; an error (damaged, or too large to open) otherwise. */
export function decodeShareHash(hash: string, cap = MAX_SHARE_INFLATED_BYTES): SharedStudio | ShareDecodeError | null {
  // A truncated link can lose its "cfg=" too: any hash that names a share part is a share link.
  if (!/(?:^#?|&)(?:cfg|ds|us|csv)=/.test(hash)) return null;
  if (hash.length > MAX_SHARE_LINK_CHARS * 2) {
    return { kind: 'too-large', error: `This share link was refused: it is ${(hash.length / 1e6).toFixed(1)} million characters long, more than a share link may be (${MAX_SHARE_LINK_CHARS.toLocaleString('en')}).` };
  }
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const budget = { used: 0, cap };
  try {
    const cfg = params.get('cfg');
    if (!cfg) throw new Error('its config part is missing');
    const datasetId = params.get('ds');
    if (!datasetId) throw new Error('its dataset part is missing');
    const configText = utf8(inflateCapped(fromBase64Url(cfg, 'config'), budget, 'config'), 'config');
    const us = params.get('us');
    const userStrategies = us !== null ? parseStrategies(utf8(inflateCapped(fromBase64Url(us, 'strategy'), budget, 'strategies'), 'strategy list')) : undefined;
    const csvPart = params.get('csv');
    let csv: SharedCsv | undefined;
    if (csvPart !== null) {
      if (!datasetId.startsWith('csv:')) throw new Error('it carries a CSV for a dataset that is not an imported file');
      csv = { name: datasetId.slice(4), text: utf8(inflateCapped(fromBase64Url(csvPart, 'CSV'), budget, 'CSV'), 'CSV') };
    }
    return { configText, datasetId, ...(userStrategies ? { userStrategies } : {}), ...(csv ? { csv } : {}) };
  } catch (e) {
    if (e instanceof ShareTooLargeError) {
      return { kind: 'too-large', error: `This share link was refused: ${e.message}, more than a share link may hold. Nothing was opened; ask the sender for a run zip instead.` };
    }
    return { kind: 'damaged', error: `This share link is damaged (${e instanceof Error ? e.message : String(e)}). Nothing was opened from it: copy the whole link again.` };
  }
}

function parseStrategies(json: string): { name: string; source: string }[] {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new Error('its strategy list is not readable');
  }
  if (!Array.isArray(value) || !value.every((x: unknown) => typeof x === 'object' && x !== null && typeof (x as { name?: unknown }).name === 'string' && typeof (x as { source?: unknown }).source === 'string')) {
    throw new Error('its strategies are not a list of {name, source}');
  }
  return (value as { name: string; source: string }[]).map((x) => ({ name: x.name, source: x.source }));
}
