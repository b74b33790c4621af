// Whether a container's events file is gzipped (events.jsonl.gz, the results layout's default)
// or plain (events.jsonl). The resolved settings cannot tell an explicit `compression: false`
// from the built-in default (false, the browser's IndexedDB default), so the layers are read:
// plain only when some layer of this container's settings writes `compression: false` last.
import { explainTraceSettings } from '../core/config/resolve-trace-settings';
import type { StudioConfig } from '../core/config/studio-config';

export function gzipsEvents(config: StudioConfig, containerId: string, environment?: string): boolean {
  let explicit: boolean | undefined;
  try {
    const explained = explainTraceSettings(config, containerId, environment !== undefined ? { environment } : {});
    for (const layer of explained.layers) {
      if (layer.kind === 'builtin') continue;
      const c = layer.settings.storageConfig?.compression;
      if (c !== undefined) explicit = c;
    }
  } catch {
    // A container the config does not list (the engine's own data feed): the layout's default.
  }
  return explicit ?? true;
}
