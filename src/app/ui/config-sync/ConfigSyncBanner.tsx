// Above the config editor: a save that failed (and where the edit is kept instead), and another
// tab's different save with the choice of whose config to keep — never resolved silently.
import { useEffect } from 'react';
import { useStudioStore } from '../state/studio-store';
import { validateText } from '../state/studio-actions';
import { onOtherTabConfigSaved } from './config-sync-channel';
import { useConfigSync } from './config-sync-state';

export function ConfigSyncBanner() {
  const saveError = useConfigSync((s) => s.saveError);
  const conflict = useConfigSync((s) => s.conflict);

  useEffect(
    () =>
      onOtherTabConfigSaved((m) => {
        // The same text (e.g. the other tab loaded ours): nothing to choose.
        if (m.text === useStudioStore.getState().configText) useConfigSync.setState({ conflict: null });
        else useConfigSync.setState({ conflict: { text: m.text, savedAt: m.savedAt } });
      }),
    [],
  );

  const loadTheirs = () => {
    if (!conflict) return;
    useConfigSync.setState({ conflict: null });
    useStudioStore.setState({ configText: conflict.text });
    validateText(conflict.text);
  };
  const keepMine = () => {
    useConfigSync.setState({ conflict: null });
    // Saved again now: this tab's text becomes the newest copy (and the other tab is told).
    validateText(useStudioStore.getState().configText);
  };

  if (!saveError && !conflict) return null;
  return (
    <div className="config-sync">
      {saveError && (
        <p role="alert" className="run-error" data-testid="config-save-error">
          {saveError}
        </p>
      )}
      {conflict && (
        <div role="alert" className="notice config-conflict" data-testid="config-conflict">
          <span>
            This config was changed in another tab ({new Date(conflict.savedAt).toLocaleTimeString()}). Its version and yours differ; the one saved last is
            what a reload opens.
          </span>{' '}
          <button type="button" onClick={loadTheirs} data-testid="config-conflict-load-theirs" title="Replace the editor's text with the other tab's">
            Load theirs
          </button>{' '}
          <button type="button" onClick={keepMine} data-testid="config-conflict-keep-mine" title="Keep this tab's text and save it as the newest">
            Keep mine
          </button>
        </div>
      )}
    </div>
  );
}
