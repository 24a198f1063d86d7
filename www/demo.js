// Demo page: a template picker beside one <ready-check>, and the offline service worker.
// Served by `readycheck serve` (scripts/demo.sh), a submission is posted to the collect
// service; served as plain files, collect.json says there is none and submitting only
// fires the event.
import { listDrafts, deleteDraft } from './readycheck.js';
import { builtinTemplates } from './pkg/readycheck.js';
import { serviceHeaders } from './token.js';

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

// With a collect service, submissions go through the element's outbox (§8): queued on the
// device first, sent when there is a network, never lost.
const config = await collect;
if (config.submissions) {
  el.submitHeaders = await serviceHeaders(config, status.parentElement);
  el.setAttribute('submit-url', config.submissions);
}
el.addEventListener('readycheck-submit', (e) => {
  const { result } = e.detail;
  status.textContent = `已提交 submitted: ${result.verdict} ${result.score ?? '—'}`;
});
const OUTBOX_WORDS = { queued: '待发送 queued', sending: '发送中 sending', sent: '已送达区县 sent', failed: '未被接收 not accepted' };
el.addEventListener('readycheck-outbox', (e) => {
  const { state, message } = e.detail;
  status.textContent = `${OUTBOX_WORDS[state]}${state === 'failed' && message ? `: ${message}` : ''}`;
  if (!panel.hidden) showDrafts();
});

// The drafts on this device: one per template, mode and site; a tap opens one.
const panel = document.getElementById('drafts');
const toggle = document.getElementById('drafts-toggle');
// The verdict words of the element and the report (text::messages::verdict_word, SPEC §9 1.2).
const VERDICTS = { ready: '具备条件', conditional: '基本具备，需整改', not_ready: '不具备条件', incomplete: '未完成' };
const cell = (text) => Object.assign(document.createElement('td'), { textContent: text ?? '—' });
async function showDrafts() {
  const drafts = await listDrafts();
  const body = panel.querySelector('tbody');
  body.replaceChildren();
  document.getElementById('drafts-empty').hidden = drafts.length > 0;
  for (const d of drafts) {
    const tr = document.createElement('tr');
    tr.dataset.key = d.key;
    const site = d.site?.name || d.site?.code || '（未填写学校 no site yet）';
    tr.append(cell(site), cell(d.template?.id), cell(d.mode === 'inspection' ? '督查 inspection' : '自查 self'),
      cell(d.applicable == null ? d.answered : `${d.answered}/${d.applicable}`),
      cell(d.verdict ? `${VERDICTS[d.verdict] ?? d.verdict} ${d.score ?? ''}` : null),
      cell(d.updated_at ? new Date(d.updated_at).toLocaleString('zh-CN', { hour12: false }) : null),
      cell(d.outbox ? OUTBOX_WORDS[d.outbox] : null));
    const actions = document.createElement('td');
    const open = Object.assign(document.createElement('button'), { type: 'button', className: 'demo-button', textContent: '打开 Open' });
    open.setAttribute('aria-label', `打开 Open ${site}`);
    open.addEventListener('click', () => openDraft(d));
    const del = Object.assign(document.createElement('button'), { type: 'button', className: 'demo-button', textContent: '删除 Delete' });
    del.setAttribute('aria-label', `删除 Delete ${site}`);
    del.addEventListener('click', async () => {
      if (!confirm(`删除 ${site} 的草稿？ Delete this draft?`)) return;
      await deleteDraft(d.key);
      showDrafts();
    });
    actions.append(open, del);
    tr.append(actions);
    body.append(tr);
  }
}
function openDraft(d) {
  const [, id, mode, code] = d.key.split(':');
  const derived = d.key === `readycheck:${id}:${mode}:${code}` && d.template?.id === id;
  if (derived) {
    el.removeAttribute('storage-key');
    el.setAttribute('mode', mode);
    if (code === '_') el.removeAttribute('site-code');
    else el.setAttribute('site-code', code);
  } else {
    el.setAttribute('storage-key', d.key);
  }
  if (d.template?.id && el.getAttribute('template') !== `builtin:${d.template.id}`) el.setAttribute('template', `builtin:${d.template.id}`);
  picker.value = el.getAttribute('template');
  setPanel(false);
  el.scrollIntoView();
}
function setPanel(open) {
  panel.hidden = !open;
  toggle.setAttribute('aria-expanded', String(open));
  if (open) showDrafts();
}
toggle.addEventListener('click', () => setPanel(panel.hidden));
if (new URLSearchParams(location.search).has('drafts')) setPanel(true);

if ('serviceWorker' in navigator && location.protocol !== 'file:') {
  navigator.serviceWorker.register('sw.js').catch(() => {});
}
