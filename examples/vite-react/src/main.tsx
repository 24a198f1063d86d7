// A React 19 portal page with <ready-check>: attributes as JSX props (typed by
// 'readycheck/react'), events through a ref, the result summarised by the page itself.
import { StrictMode, useEffect, useRef, useState } from 'react';
import { createRoot } from 'react-dom/client';
import 'readycheck';
import type { ReadyCheckElement } from 'readycheck';
import type {} from 'readycheck/react';
import { keepOffline } from '../../offline.js';
import { record } from './record';

function App() {
  const ref = useRef<ReadyCheckElement>(null);
  const [summary, setSummary] = useState('—');
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const onChange = (e: CustomEvent<{ verdict: string; score: number | null }>) => setSummary(`${e.detail.verdict} ${e.detail.score ?? '—'}`);
    el.addEventListener('readycheck-change', onChange as EventListener);
    return () => el.removeEventListener('readycheck-change', onChange as EventListener);
  }, []);
  return (
    <main>
      <h1>Vite + React</h1>
      <p id="summary">{summary}</p>
      <ready-check ref={ref} template="builtin:school-reopening" locale="zh-CN" modes="self" site-code="R1" site-name="React 小学" submit-url="/api/submit" />
    </main>
  );
}

record();
createRoot(document.getElementById('root')!).render(<StrictMode><App /></StrictMode>);
keepOffline();
