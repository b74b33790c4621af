// The studio: header, YAML editor on the left, result tabs on the right. Global
// keyboard shortcuts (Ctrl/⌘+Enter run, Escape cancel) and the theme live here.
import { useEffect } from 'react';
import { useStudioStore } from './ui/state/studio-store';
import { cancelRun, initStudio, runBacktest } from './ui/state/studio-actions';
import { HeaderBar } from './ui/HeaderBar';
import { EditorPane } from './ui/EditorPane';
import { ResultTabs } from './ui/ResultTabs';

export function App() {
  const theme = useStudioStore((s) => s.theme);
  const runName = useStudioStore((s) => s.result?.configName);

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);

  useEffect(() => {
    document.title = runName ? `${runName} · Event Studio` : 'Event Studio';
  }, [runName]);

  useEffect(() => {
    void initStudio();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        void runBacktest();
      } else if (e.key === 'Escape' && useStudioStore.getState().status !== 'idle') {
        e.preventDefault();
        cancelRun();
      }
    };
    // Capture phase: CodeMirror would otherwise take Ctrl+Enter as "insert blank line".
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);

  return (
    <div className="studio" data-testid="studio">
      <HeaderBar />
      <main className="workspace">
        <EditorPane />
        <ResultTabs />
      </main>
    </div>
  );
}
