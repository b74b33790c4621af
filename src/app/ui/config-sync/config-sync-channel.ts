// Tabs of the studio tell each other when they save the editor's config (BroadcastChannel, same
// origin), so a tab never silently overwrites — or is silently overwritten by — another's edit.
export interface ConfigSavedMessage {
  kind: 'config-saved';
  /** The saving tab (a tab ignores its own messages). */
  tab: string;
  text: string;
  savedAt: number;
}

const CHANNEL = 'event-studio.config';

/** This tab's id: random per page load. */
export const TAB_ID = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;

let channel: BroadcastChannel | null | undefined;
function open(): BroadcastChannel | null {
  if (channel === undefined) {
    channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(CHANNEL) : null;
    // Node (unit tests): an open channel must not keep the process alive.
    (channel as { unref?: () => void } | null)?.unref?.();
  }
  return channel;
}

export function announceConfigSaved(text: string, savedAt: number): void {
  open()?.postMessage({ kind: 'config-saved', tab: TAB_ID, text, savedAt } satisfies ConfigSavedMessage);
}

/** Calls `handler` for every other tab's save; returns the disposer. */
export function onOtherTabConfigSaved(handler: (m: ConfigSavedMessage) => void): () => void {
  const ch = open();
  if (!ch) return () => {};
  const listener = (e: MessageEvent<unknown>) => {
    const m = e.data as Partial<ConfigSavedMessage> | null;
    if (m?.kind === 'config-saved' && m.tab !== TAB_ID && typeof m.text === 'string' && typeof m.savedAt === 'number') {
      handler({ kind: 'config-saved', tab: m.tab ?? '', text: m.text, savedAt: m.savedAt });
    }
  };
  ch.addEventListener('message', listener);
  return () => ch.removeEventListener('message', listener);
}
