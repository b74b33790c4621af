// The share flow's dialogs: a link that was refused (damaged, too large, unreadable data) is
// said until the user dismisses it; a link that runs someone else's strategy code shows it and
// runs it only on "Run it"; a study too big for a link offers the run zip that carries it.
import { useEffect, useRef, useState } from 'react';
import { useShareStore } from './share-store';
import { dismissShareProblem, shareRunZip } from './share-actions';
import './share.css';

function useFocusOnOpen(open: boolean) {
  const ref = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (open) ref.current?.focus();
  }, [open]);
  return ref;
}

function ProblemDialog() {
  const problem = useShareStore((s) => s.problem);
  const focus = useFocusOnOpen(problem !== null);
  if (!problem) return null;
  const title = problem.kind === 'too-large' ? 'Share link refused' : problem.kind === 'data' ? 'Shared data not imported' : 'Damaged share link';
  return (
    <div className="share-backdrop">
      <div className="share-dialog" role="alertdialog" aria-modal="true" aria-labelledby="share-problem-title" aria-describedby="share-problem-text" data-testid="share-problem">
        <h2 id="share-problem-title">{title}</h2>
        <p id="share-problem-text" className="share-error">
          {problem.message}
        </p>
        <p>Your own study is open behind this message.</p>
        <div className="share-actions">
          <button ref={focus} onClick={dismissShareProblem} data-testid="share-problem-dismiss">
            Dismiss
          </button>
        </div>
      </div>
    </div>
  );
}

function ConsentDialog() {
  const consent = useShareStore((s) => s.consent);
  const [viewing, setViewing] = useState(false);
  const focus = useFocusOnOpen(consent !== null);
  if (!consent) return null;
  const sources = consent.shared.userStrategies ?? [];
  return (
    <div className="share-backdrop">
      <div className="share-dialog" role="alertdialog" aria-modal="true" aria-labelledby="share-consent-title" data-testid="share-consent">
        <h2 id="share-consent-title">This link runs code written by someone else</h2>
        <p className="share-warn">
          Its config runs the strategy {consent.strategyNames.length > 1 ? 'scripts' : 'script'} <strong>{consent.strategyNames.join(', ')}</strong>. It runs in the
          strategy sandbox, but only run code you trust. Nothing from the link has run or been saved yet.
        </p>
        {viewing && (
          <div data-testid="share-consent-code">
            {sources.map((u) => (
              <div key={u.name}>
                <p>
                  <strong>{u.name}</strong>
                </p>
                <pre>{u.source}</pre>
              </div>
            ))}
            {sources.length === 0 && <p>The link carries no strategy source: the config uses a saved strategy of yours with that name.</p>}
            <p>
              <strong>Config</strong>
            </p>
            <pre>{consent.shared.configText}</pre>
          </div>
        )}
        <div className="share-actions">
          <button onClick={() => consent.answer('decline')} data-testid="share-consent-decline">
            Don’t run it
          </button>
          {/* Focus starts on View, not Run: Enter alone never runs someone else's code. */}
          <button ref={focus} onClick={() => setViewing((v) => !v)} aria-expanded={viewing} data-testid="share-consent-view">
            {viewing ? 'Hide the code' : 'View it'}
          </button>
          <button className="primary" onClick={() => consent.answer('run')} data-testid="share-consent-run">
            Run it
          </button>
        </div>
      </div>
    </div>
  );
}

function TooLongDialog() {
  const tooLong = useShareStore((s) => s.tooLong);
  const patch = useShareStore((s) => s.patch);
  const [error, setError] = useState<string | null>(null);
  const focus = useFocusOnOpen(tooLong !== null);
  if (!tooLong) return null;
  return (
    <div className="share-backdrop">
      <div className="share-dialog" role="alertdialog" aria-modal="true" aria-labelledby="share-toolong-title" data-testid="share-too-long">
        <h2 id="share-toolong-title">No link for this study</h2>
        <p>{tooLong.message}</p>
        {error && <p className="share-error">{error}</p>}
        <div className="share-actions">
          <button onClick={() => patch({ tooLong: null })}>Close</button>
          <button
            ref={focus}
            className="primary"
            data-testid="share-download-zip"
            onClick={async () => {
              try {
                const { blob, fileName } = await shareRunZip();
                const a = document.createElement('a');
                a.href = URL.createObjectURL(blob);
                a.download = fileName;
                a.click();
                setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
                patch({ tooLong: null });
              } catch (e) {
                setError(e instanceof Error ? e.message : String(e));
              }
            }}
          >
            Download run zip
          </button>
        </div>
      </div>
    </div>
  );
}

export function ShareDialogs() {
  return (
    <>
      <ProblemDialog />
      <ConsentDialog />
      <TooLongDialog />
    </>
  );
}
