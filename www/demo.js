// Demo page: a template picker beside one <ready-check>, and the offline service worker.
// Served by `readycheck serve` (scripts/demo.sh), a submission is posted to the collect
// service; served as plain files, collect.json says there is none and submitting only
// fires the event.
import './readycheck.js';
import { builtinTemplates } from './pkg/readycheck.js';

const el = document.getElementById('check');
const picker = document.getElementById('template-picker');
const status = document.getElementById('demo-status');
const collect = fetch('collect.json').then((r) => r.json()).catch(() => ({}));

await el.ready;
for (const t of builtinTemplates(el.getAttribute('locale') || 'zh-CN')) {
  picker.append(new Option(t.title, `builtin:${t.id}`));
}
const chosen = new URLSearchParams(location.search).get('template');
if (chosen) el.setAttribute('template', chosen);
picker.value = el.getAttribute('template');
picker.addEventListener('change', () => el.setAttribute('template', picker.value));

el.addEventListener('readycheck-submit', async (e) => {
  const { assessment, result } = e.detail;
  const { submissions } = await collect;
  if (!submissions) {
    status.textContent = `已提交 submitted: ${result.verdict} ${result.score ?? '—'}`;
    return;
  }
  status.textContent = '正在发送… sending…';
  try {
    const r = await fetch(submissions, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
      credentials: 'same-origin',
      body: JSON.stringify({ assessment, result }),
    });
    const body = await r.json();
    status.textContent = r.ok
      ? `已送达区县 received #${body.id}: ${body.verdict} ${body.score ?? '—'}${body.tampered ? ' (tampered)' : ''}`
      : `未能提交 not accepted: ${body.message}`;
  } catch (err) {
    status.textContent = `网络不可用，未发送 not sent: ${err.message}`;
  }
});

if ('serviceWorker' in navigator && location.protocol !== 'file:') {
  navigator.serviceWorker.register('sw.js').catch(() => {});
}
