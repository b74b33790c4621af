// The left pane: the YAML editor plus what the parser says about it (errors with
// line:column, or "valid"), and the run error when there is one.
import { useMemo, useRef, useState } from 'react';
import { useStudioStore } from './state/studio-store';
import { services } from './state/studio-services';
import { validateText } from './state/studio-actions';
import { YamlEditor } from './editor/YamlEditor';
import { useStrategyLab } from './strategy-lab/strategy-lab-store';
import { StrategyPane } from './strategy-lab/StrategyPane';
import { ConfigSyncBanner } from './config-sync/ConfigSyncBanner';
import './strategy-lab/strategy-lab.css';

const TAB_KEY = 'event-studio.tab-indents';

function initialTabIndents(): boolean {
  try {
    return localStorage.getItem(TAB_KEY) === 'true';
  } catch {
    return false;
  }
}

export function EditorPane() {
  const configText = useStudioStore((s) => s.configText);
  // Tab moves focus out of the editor (keyboard users are never trapped) unless the user opts in.
  const [tabIndents, setTabIndents] = useState(initialTabIndents);
  // No empty editor flashing before the saved text arrives: the editor mounts with its text.
  const hadText = useRef(false);
  hadText.current ||= configText !== '';
  const setConfigText = useStudioStore((s) => s.setConfigText);
  const errors = useStudioStore((s) => s.parseErrors);
  const dark = useStudioStore((s) => s.theme === 'dark');
  const runError = useStudioStore((s) => s.runError);
  const notice = useStudioStore((s) => s.notice);
  const schema = useMemo(() => services.schema(), []);
  const jump = useStudioStore((s) => s.editorJump);
  const patch = useStudioStore((s) => s.patch);
  const pane = useStrategyLab((s) => s.pane);
  const failureShown = useStrategyLab((s) => s.failure?.message ?? null);
  // A trader switches between the study (YAML) and the strategy code it runs, like files in one project.
  const switcher = (
    <div className="pane-switch" role="tablist" aria-label="Left pane">
      <button type="button" role="tab" aria-selected={pane === 'config'} data-testid="pane-config" onClick={() => useStrategyLab.setState({ pane: 'config' })}>
        config.yaml
      </button>
      <button type="button" role="tab" aria-selected={pane === 'strategy'} data-testid="pane-strategies" onClick={() => useStrategyLab.setState({ pane: 'strategy' })}>
        Strategies
      </button>
    </div>
  );
  if (pane === 'strategy') {
    return (
      <section className="editor-pane" aria-label="Strategy editor">
        {switcher}
        <StrategyPane />
        {/* A located strategy failure is already shown above its editor. */}
        {runError && runError !== failureShown && (
          <p role="alert" className="run-error" data-testid="run-error">
            {runError}
          </p>
        )}
      </section>
    );
  }
  return (
    <section className="editor-pane" aria-label="Config editor">
      {switcher}
      <div className="pane-title">
        <span>config.yaml</span>
        <span className="editor-keys" id="editor-keys" data-testid="editor-keys" title="Ctrl/⌘+] and Ctrl/⌘+[ indent and dedent the selected lines; Ctrl/⌘+Enter runs.">
          <label>
            <input
              type="checkbox"
              checked={tabIndents}
              onChange={(e) => {
                setTabIndents(e.target.checked);
                try {
                  localStorage.setItem(TAB_KEY, String(e.target.checked));
                } catch {
                  // Not kept across reloads, still applied.
                }
              }}
              data-testid="tab-indents"
            />{' '}
            Tab indents
          </label>{' '}
          · {tabIndents ? 'Esc then Tab leaves the editor' : 'Tab moves to the next control'}
        </span>
        <span className={errors.length ? 'neg' : 'pos'} data-testid="parse-status">
          {errors.length ? `${errors.length} error${errors.length > 1 ? 's' : ''}` : '✓ valid'}
        </span>
      </div>
      <ConfigSyncBanner />
      {hadText.current ? (
        <YamlEditor value={configText} onChange={setConfigText} validate={validateText} schema={schema} dark={dark} jump={jump} tabIndents={tabIndents} />
      ) : (
        <div className="yaml-editor editor-loading" role="status" data-testid="editor-loading">
          Loading the config…
        </div>
      )}
      {errors.length > 0 && (
        <ul className="error-list" data-testid="error-list">
          {errors.slice(0, 6).map((e, i) => (
            <li key={i} className="error-item">
              <button type="button" className="link error-jump" title="Show in the editor" onClick={() => patch({ editorJump: { line: e.line, column: e.column, nonce: Date.now() } })}>
                <b>
                  {e.line}:{e.column}
                </b>{' '}
                {e.message}
                {e.path ? <span className="muted"> ({e.path})</span> : null}
              </button>
            </li>
          ))}
        </ul>
      )}
      {runError && (
        <p role="alert" className="run-error" data-testid="run-error">
          {runError}
        </p>
      )}
      {notice && (
        <p className="notice" data-testid="notice">
          {notice}
        </p>
      )}
    </section>
  );
}
