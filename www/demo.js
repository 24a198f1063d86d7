// Demo page: a template picker beside one <ready-check>, and the offline service worker.
// Served by `readycheck serve` (scripts/demo.sh), a submission is posted to the collect
// service; served as plain files, collect.json says there is none and submitting only
// fires the event.
import { listDrafts, deleteDraft } from './readycheck.js';
import { builtinTemplates, verdictWord } from './pkg/readycheck.js';
import { serviceHeaders, forgetToken } from './token.js';

const el = document.getElementById('check');
// The page speaks the element's language, one at a time (issue 28).
const WORDS = {
  'zh-CN': {
    title: 'readycheck · 开学复课疫情防控条件核查', template: '模板', drafts: '本机草稿', district: '区县汇总',
    draftsTitle: '本机草稿', noDrafts: '没有草稿', site: '学校', mode: '模式', answered: '已答', verdict: '结论',
    updated: '最近修改', outbox: '发送', actions: '操作', noSite: '未填写学校', self: '自查', inspection: '督查',
    open: '打开', delete: '删除', confirmDelete: (site) => `删除“${site}”的草稿？`, submitted: '已提交',
    queued: '待发送', sending: '发送中', sent: '已送达区县', failed: '未被接收',
    tokenRefused: '口令无效：请重新输入口令，再点“提交”',
  },
  en: {
    title: 'readycheck · school reopening readiness', template: 'Template', drafts: 'Drafts', district: 'District',
    draftsTitle: 'Drafts on this device', noDrafts: 'No drafts yet', site: 'Site', mode: 'Mode', answered: 'Answered',
    verdict: 'Verdict', updated: 'Last change', outbox: 'Outbox', actions: 'Actions', noSite: 'No site yet', self: 'Self-check',
    inspection: 'Inspection', open: 'Open', delete: 'Delete', confirmDelete: (site) => `Delete the draft of ${site}?`,
    submitted: 'Submitted', queued: 'Queued', sending: 'Sending', sent: 'Sent to the district', failed: 'Not accepted',
    tokenRefused: 'The token was refused: enter it again, then tap Submit',
  },
};
const lang = () => (el.getAttribute('locale') === 'en' ? 'en' : 'zh-CN');
const w = (k) => WORDS[lang()][k];
const picker = document.getElementById('template-picker');
const status = document.getElementById('demo-status');
const collect = fetch('collect.json').then((r) => r.json()).catch(() => ({}));

// A template named in the address; a bureau's link to its published checklist
// (`server:<id>`) is set once the element knows the service, below. Set before the element
// has loaded anything: it fetches only the template it shows.
const chosen = new URLSearchParams(location.search).get('template');
if (chosen && !chosen.startsWith('server:')) el.setAttribute('template', chosen);

await el.ready;
/** Writes the page's words and the picker's titles in the element's language. */
function speak() {
  document.documentElement.lang = lang();
  document.title = w('title');
  for (const n of document.querySelectorAll('[data-word]')) n.textContent = w(n.dataset.word);
  const value = picker.value || el.getAttribute('template');
  picker.replaceChildren(...builtinTemplates(lang()).map((t) => new Option(t.title, `builtin:${t.id}`)),
    ...published.map((t) => new Option(t.title || t.id, `server:${t.id}`)));
  picker.value = value;
  if (!panel.hidden) showDrafts();
}

// With a collect service, submissions go through the element's outbox (§8): queued on the
// device first, sent when there is a network, never lost.
const config = await collect;
/** Templates the bureau published on the collect service (SPEC §10.3), opened as `server:<id>`. */
let published = [];
if (config.submissions) {
  el.submitHeaders = await serviceHeaders(config, status.parentElement);
  el.setAttribute('submit-url', config.submissions);
  if (chosen?.startsWith('server:')) el.setAttribute('template', chosen);
  try {
    const r = await fetch(new URL('templates', new URL(config.submissions, location.href).href.replace(/submissions\/?$/, '')), { headers: el.submitHeaders });
    if (r.ok) published = (await r.json()).filter((t) => !t.builtin);
  } catch { /* offline: the built-in templates only */ }
}
picker.value = el.getAttribute('template');
picker.addEventListener('change', () => el.setAttribute('template', picker.value));
el.addEventListener('readycheck-submit', (e) => {
  const { result } = e.detail;
  status.textContent = `${w('submitted')}: ${verdictWord(result.verdict, lang())} ${result.score ?? '—'}`;
});
let askingToken = false;
el.addEventListener('readycheck-outbox', async (e) => {
  const { state, message, status: code } = e.detail;
  status.textContent = `${w(state)}${state === 'failed' && message ? `: ${message}` : ''}`;
  if (!panel.hidden) showDrafts();
  // A mistyped token: the submission is kept (failed, on this device); the page asks for the
  // token again, and the next 提交 sends with it.
  if (state === 'failed' && code === 401 && config.token) {
    status.textContent = w('tokenRefused');
    if (askingToken) return;
    forgetToken();
    askingToken = true;
    el.submitHeaders = await serviceHeaders(config, status.parentElement);
    askingToken = false;
  }
});

// The drafts on this device: one per template, mode and site; a tap opens one.
const panel = document.getElementById('drafts');
const toggle = document.getElementById('drafts-toggle');
const cell = (text) => Object.assign(document.createElement('td'), { textContent: text ?? '—' });
async function showDrafts() {
  const drafts = await listDrafts();
  const titles = new Map([...builtinTemplates(lang()), ...published].map((t) => [t.id, t.title || t.id]));
  const body = panel.querySelector('tbody');
  body.replaceChildren();
  document.getElementById('drafts-empty').hidden = drafts.length > 0;
  for (const d of drafts) {
    const tr = document.createElement('tr');
    tr.dataset.key = d.key;
    const site = d.site?.name || d.site?.code || w('noSite');
    tr.append(cell(site), cell(titles.get(d.template?.id) ?? d.template?.id), cell(w(d.mode === 'inspection' ? 'inspection' : 'self')),
      cell(d.applicable == null ? d.answered : `${d.answered}/${d.applicable}`),
      cell(d.verdict ? `${verdictWord(d.verdict, lang())} ${d.score ?? ''}` : null),
      cell(d.updated_at ? new Date(d.updated_at).toLocaleString(lang(), { hour12: false }) : null),
      cell(d.outbox ? w(d.outbox) : null));
    if (!d.site?.name && !d.site?.code) tr.cells[0].className = 'demo-nosite';
    const actions = document.createElement('td');
    const open = Object.assign(document.createElement('button'), { type: 'button', className: 'demo-button', textContent: w('open') });
    open.setAttribute('aria-label', `${w('open')} ${site}`);
    open.addEventListener('click', () => openDraft(d));
    const del = Object.assign(document.createElement('button'), { type: 'button', className: 'demo-button', textContent: w('delete') });
    del.setAttribute('aria-label', `${w('delete')} ${site}`);
    del.addEventListener('click', async () => {
      if (!confirm(w('confirmDelete')(site))) return;
      await deleteDraft(d.key);
      showDrafts();
    });
    actions.append(open, del);
    tr.append(actions);
    body.append(tr);
  }
}
/**
 * Where a draft's template comes from: built in, else published on the collect service
 * (`server:`, also from the device's copy when the list could not be fetched).
 */
function sourceOf(id) {
  const builtin = builtinTemplates(lang()).some((t) => t.id === id);
  return !builtin && config.submissions ? `server:${id}` : `builtin:${id}`;
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
  const source = d.template?.id && sourceOf(d.template.id);
  if (source && el.getAttribute('template') !== source) el.setAttribute('template', source);
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
speak();
new MutationObserver(speak).observe(el, { attributes: true, attributeFilter: ['locale'] });
if (new URLSearchParams(location.search).has('drafts')) setPanel(true);

if ('serviceWorker' in navigator && location.protocol !== 'file:') {
  navigator.serviceWorker.register('sw.js').catch(() => {});
  // Online, with the form in: the worker refreshes its offline copies as one set (sw.js).
  if (navigator.onLine) navigator.serviceWorker.controller?.postMessage('refresh');
}
