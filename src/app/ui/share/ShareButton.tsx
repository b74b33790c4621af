// The header's "Share link": copies a link that carries the study (config, strategies, an
// imported CSV); when the study is too big for a link it says so and offers a run zip.
import { useState } from 'react';
import { makeShareLink } from './share-actions';
import { useShareStore } from './share-store';
import { ShareDialogs } from './ShareDialogs';

export function ShareButton() {
  const [state, setState] = useState<'idle' | 'working' | 'copied'>('idle');
  return (
    <>
      <button
        disabled={state === 'working'}
        onClick={async () => {
          setState('working');
          const link = await makeShareLink();
          if (!link.ok) {
            setState('idle');
            useShareStore.setState({ tooLong: { message: link.message } });
            return;
          }
          window.history.replaceState(null, '', link.url);
          try {
            await navigator.clipboard.writeText(link.url);
          } catch {
            // Clipboard refused (permissions): the link is in the address bar.
          }
          setState('copied');
          setTimeout(() => setState('idle'), 1500);
        }}
        title="Copy a link that carries this config, its strategies and its data"
        data-testid="share-button"
      >
        {state === 'copied' ? '✓ Link copied' : 'Share link'}
      </button>
      <ShareDialogs />
    </>
  );
}
