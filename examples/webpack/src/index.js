// A plain page bundled by webpack 5 with <ready-check>.
import 'readycheck';
import { keepOffline } from '../../offline.js';

window.__events = [];
for (const t of ['readycheck-ready', 'readycheck-change', 'readycheck-error', 'readycheck-outbox', 'readycheck-submit']) {
  document.addEventListener(t, (e) => window.__events.push({ type: t, detail: e.detail }));
}
document.addEventListener('readycheck-change', (e) => {
  document.getElementById('summary').textContent = `${e.detail.verdict} ${e.detail.score ?? '—'}`;
});
keepOffline();
