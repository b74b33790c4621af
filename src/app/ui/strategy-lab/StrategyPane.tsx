// The left pane's strategy view: the saved strategies (IndexedDB), new ones from a
// template per built-in, rename/delete, the TypeScript editor, the declared params,
// and "Use in config" (optionally with a sweep over the params' ranges).
import { useEffect, useMemo, useState } from 'react';
import { compileUserStrategy } from '../../../engine/user-strategy/compile-user-strategy';
import { USER_STRATEGY_TEMPLATES } from '../../../engine/user-strategy/user-strategy-templates';
import { useStudioStore } from '../state/studio-store';
import { validateText } from '../state/studio-actions';
import { useStrategyLab } from './strategy-lab-store';
import {
  createFromTemplate,
  deleteStrategy,
  editDraft,
  loadStrategies,
  openStrategy,
  renameStrategy,
  useInConfig,
} from './strategy-lab-actions';
import { StrategyEditor } from './StrategyEditor';
import type { TypeDiagnostic } from './strategy-type-check';
import { typeDiagnostics } from './strategy-type-client';
import './strategy-lab.css';

const NO_DIAGNOSTICS: readonly TypeDiagnostic[] = [];

function formatValue(v: unknown): string {
  return v === undefined ? '—' : String(v);
}

export function StrategyPane() {
  const s = useStrategyLab();
  const dark = useStudioStore((st) => st.theme === 'dark');
  const template = s.template;
  const setTemplate = (t: string) => useStrategyLab.setState({ template: t });
  const [renaming, setRenaming] = useState<string | null>(null);

  useEffect(() => {
    if (!s.loaded) void loadStrategies();
  }, [s.loaded]);

  // Opening the pane with saved strategies but none chosen shows the most recently edited one.
  useEffect(() => {
    if (s.loaded && s.selected === null && s.strategies.length > 0) {
      const latest = s.strategies.reduce((a, b) => (b.updatedAt > a.updatedAt ? b : a));
      openStrategy(latest.name);
    }
  }, [s.loaded, s.selected, s.strategies]);

  const compiled = useMemo(() => (s.selected ? compileUserStrategy(s.draft, s.selected) : null), [s.draft, s.selected]);
  const failure = s.failure && s.selected && s.failure.strategy === `user:${s.selected}` ? s.failure : null;

  // TypeScript's verdict on the draft (a worker, a moment after typing stops): an undefined
  // function or a type error is reported before the run, not by it.
  const [typed, setTyped] = useState<{ source: string; list: TypeDiagnostic[] } | null>(null);
  const compiles = compiled?.ok === true;
  useEffect(() => {
    if (!s.selected || !compiles) return;
    const source = s.draft;
    let live = true;
    const timer = setTimeout(() => {
      void typeDiagnostics(source).then((list) => {
        if (live && list) setTyped({ source, list });
      });
    }, 300);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [s.draft, s.selected, compiles]);
  const typeList = compiles && typed?.source === s.draft ? typed.list : null;
  const typeErrors = typeList?.filter((d) => d.severity === 'error').length ?? 0;
  const typeWarnings = (typeList?.length ?? 0) - typeErrors;

  const applyConfig = (alsoSweep: boolean) => {
    const text = useInConfig(useStudioStore.getState().configText, alsoSweep);
    if (text === null) return;
    useStudioStore.setState({ configText: text });
    validateText(text);
    useStrategyLab.setState({ pane: 'config' });
  };

  const rename = async () => {
    if (!s.selected || renaming === null || renaming === s.selected) {
      setRenaming(null);
      return;
    }
    const text = await renameStrategy(s.selected, renaming.trim(), useStudioStore.getState().configText);
    if (text !== null) {
      setRenaming(null);
      if (text !== useStudioStore.getState().configText) {
        useStudioStore.setState({ configText: text });
        validateText(text);
      }
    }
  };

  return (
    <div className="strategy-pane" data-testid="strategy-pane">
      <div className="strategy-toolbar">
        <select aria-label="Template" data-testid="template-select" value={template} onChange={(e) => setTemplate(e.target.value)}>
          {USER_STRATEGY_TEMPLATES.map((t) => (
            <option key={t.builtin} value={t.builtin}>
              {t.title}
            </option>
          ))}
        </select>
        <button type="button" data-testid="new-strategy" onClick={() => void createFromTemplate(template)}>
          New from template
        </button>
      </div>
      <ul className="strategy-list" data-testid="strategy-list" aria-label="Saved strategies">
        {s.strategies.length === 0 && s.loaded && <li className="muted">No saved strategies yet: start from a template.</li>}
        {s.strategies.map((x) => (
          <li key={x.name} className={x.name === s.selected ? 'selected' : ''}>
            <button type="button" className="linklike" data-testid="strategy-item" onClick={() => openStrategy(x.name)}>
              user:{x.name}
            </button>
          </li>
        ))}
      </ul>
      {s.message && (
        <p className="notice" data-testid="strategy-message">
          {s.message}
        </p>
      )}
      {s.selected && (
        <>
          <div className="pane-title">
            {renaming !== null ? (
              <span>
                <input aria-label="New name" data-testid="rename-input" value={renaming} onChange={(e) => setRenaming(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && void rename()} />
                <button type="button" onClick={() => void rename()}>
                  OK
                </button>
              </span>
            ) : (
              <span data-testid="strategy-name">user:{s.selected}</span>
            )}
            <span className={compiled && !compiled.ok ? 'neg' : 'pos'} data-testid="compile-status">
              {compiled && !compiled.ok ? `${compiled.errors.length} error${compiled.errors.length > 1 ? 's' : ''}` : '✓ compiles'}
            </span>
            {compiles && (
              <span className={typeErrors ? 'neg' : typeWarnings ? 'muted' : 'pos'} data-testid="type-status" title="TypeScript, checked against the strategy API">
                {typeList === null
                  ? 'checking types…'
                  : typeErrors || typeWarnings
                    ? [typeErrors && `${typeErrors} type error${typeErrors > 1 ? 's' : ''}`, typeWarnings && `${typeWarnings} warning${typeWarnings > 1 ? 's' : ''}`].filter(Boolean).join(', ')
                    : '✓ types'}
              </span>
            )}
          </div>
          <div className="strategy-actions">
            <button type="button" data-testid="use-in-config" onClick={() => applyConfig(false)}>
              Use in config
            </button>
            <button type="button" data-testid="use-and-sweep" onClick={() => applyConfig(true)} title="Also set optimization.parameters from the params' ranges">
              Use + sweep params
            </button>
            <button type="button" data-testid="rename-strategy" onClick={() => setRenaming(s.selected)}>
              Rename
            </button>
            <button
              type="button"
              data-testid="delete-strategy"
              onClick={() => {
                if (window.confirm(`Delete strategy '${s.selected}'? Configs that use user:${s.selected} will fail to run.`)) void deleteStrategy(s.selected!);
              }}
            >
              Delete
            </button>
          </div>
          {failure && (
            <p role="alert" className="run-error" data-testid="strategy-failure" onClick={() => useStrategyLab.setState({ jump: { line: failure.line, column: 1, nonce: Date.now() } })}>
              Line {failure.line}: {failure.message}
            </p>
          )}
          <StrategyEditor
            docKey={s.selected}
            value={s.draft}
            onChange={editDraft}
            check={(text) => {
              const r = compileUserStrategy(text, s.selected!);
              return r.ok ? [] : r.errors;
            }}
            dark={dark}
            jump={s.jump}
            failure={failure}
            typeDiagnostics={typeList ?? NO_DIAGNOSTICS}
          />
          {typeList && typeList.length > 0 && (
            <ul className="error-list" data-testid="type-errors">
              {typeList.slice(0, 6).map((e, i) => (
                <li key={i} className={`error-item ${e.severity === 'warning' ? 'muted' : ''}`} onClick={() => useStrategyLab.setState({ jump: { line: e.line, column: e.column, nonce: Date.now() } })}>
                  <b>
                    {e.line}:{e.column}
                  </b>{' '}
                  {e.severity === 'warning' ? 'warning: ' : ''}
                  {e.message}
                </li>
              ))}
            </ul>
          )}
          {compiled && !compiled.ok && (
            <ul className="error-list" data-testid="compile-errors">
              {compiled.errors.slice(0, 6).map((e, i) => (
                <li key={i} className="error-item" onClick={() => useStrategyLab.setState({ jump: { line: e.line, column: e.column, nonce: Date.now() } })}>
                  <b>
                    {e.line}:{e.column}
                  </b>{' '}
                  {e.message}
                </li>
              ))}
            </ul>
          )}
          {compiled?.ok && (
            <table className="params-table" data-testid="strategy-params">
              <thead>
                <tr>
                  <th>param</th>
                  <th>type</th>
                  <th>default</th>
                  <th>min</th>
                  <th>max</th>
                  <th>step</th>
                </tr>
              </thead>
              <tbody>
                {compiled.params.map((p) => (
                  <tr key={p.name} title={p.description} data-testid="strategy-param">
                    <td>{p.name}</td>
                    <td>{p.type}</td>
                    <td>{formatValue(p.default)}</td>
                    <td>{formatValue(p.min)}</td>
                    <td>{formatValue(p.max)}</td>
                    <td>{formatValue(p.step)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </div>
  );
}
