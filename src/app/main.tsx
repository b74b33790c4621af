// Browser entry point: mounts the studio.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import './styles.css';
import './ui/studio.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
// `?bench`: the in-browser benchmark instead of the studio (its own chunk, loaded only then).
if (new URLSearchParams(location.search).has('bench')) void import('./bench/browser-bench').then((m) => m.installBrowserBench(root));
else
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
