// Demo page: a template picker beside one <ready-check>, and the offline service worker.
import './readycheck.js';
import { builtinTemplates } from './pkg/readycheck.js';

const el = document.getElementById('check');
const picker = document.getElementById('template-picker');
const status = document.getElementById('demo-status');

await el.ready;
for (const t of builtinTemplates(el.getAttribute('locale') || 'zh-CN')) {
  picker.append(new Option(t.title, `builtin:${t.id}`));
}
const chosen = new URLSearchParams(location.search).get('template');
if (chosen) el.setAttribute('template', chosen);
picker.value = el.getAttribute('template');
picker.addEventListener('change', () => el.setAttribute('template', picker.value));
el.addEventListener('readycheck-submit', (e) => {
  status.textContent = `submitted: ${e.detail.result.verdict} ${e.detail.result.score ?? '—'}`;
});

if ('serviceWorker' in navigator && location.protocol !== 'file:') {
  navigator.serviceWorker.register('sw.js').catch(() => {});
}
