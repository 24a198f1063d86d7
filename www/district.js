// The district's page on `readycheck serve` (SPEC §10.2–10.4): the roster with each site's
// latest self-check and inspection and its review state, the sites that sent nothing, what
// was received, and one submission opened whole — answers, findings, photos, signatures and
// ledger in a read-only <ready-check>, the review history in local time, and the review
// buttons. Everything from the service is inserted as text.
import { builtinTemplates, verdictWord, default as init } from './pkg/readycheck.js';
import { forgetToken, serviceHeaders } from './token.js';
import './readycheck.js';

const $ = (id) => document.getElementById(id);
const picker = $('template-picker');
const status = $('district-status');
const MODE = { self: '自查', inspection: '督查' };
const REVIEW = { accepted: '验收通过', returned: '已退回整改', reinspect: '需复查' };
const local = (t) => (t ? new Date(t).toLocaleString('zh-CN', { hour12: false }) : '—');

await init();
const config = await fetch('collect.json').then((r) => r.json()).catch(() => ({}));
const headers = config.submissions ? await serviceHeaders(config, status.parentElement) : {};
const api = config.submissions ? new URL('./', new URL(config.submissions, location.href)) : null;

/** A request to the service's API with the token; a 401 forgets it and reloads to ask again. */
async function call(path, init = {}) {
  const r = await fetch(new URL(path, api), { ...init, headers: { ...headers, ...init.headers } });
  if (r.status === 401) {
    forgetToken();
    location.reload();
  }
  return r;
}
const json = (path) => call(path).then((r) => (r.ok ? r.json() : Promise.reject(new Error(`${path}: HTTP ${r.status}`))));

const cell = (text) => Object.assign(document.createElement('td'), { textContent: text == null || text === '' ? '—' : String(text) });
const button = (text, label, onClick) => {
  const b = Object.assign(document.createElement('button'), { type: 'button', className: 'demo-button', textContent: text });
  b.setAttribute('aria-label', label);
  b.addEventListener('click', onClick);
  return b;
};
/** A site's latest submission in a mode, as a cell: verdict, score and day, or 未提交. */
const state = (s) => (s ? `${verdictWord(s.verdict, 'zh-CN')} ${s.score ?? '—'}（${s.as_of ?? '—'}）` : '未提交');

/**
 * The report and CSV links: fetched with the token, then opened from memory. The tab opens
 * at the tap (a browser blocks one opened after a roll-up that takes longer than the tap
 * lasts) and is shown the report when it is in; a failure is said there and on the page.
 */
for (const id of ['report-link', 'csv-link']) {
  $(id).addEventListener('click', async (e) => {
    if (!config.token) return;
    e.preventDefault();
    const href = /** @type {HTMLAnchorElement} */ (e.currentTarget).href;
    const tab = window.open('', '_blank');
    if (tab) {
      tab.opener = null;
      tab.document.title = '正在生成汇总…';
      tab.document.body.textContent = '正在生成汇总…';
    }
    try {
      const r = await call(href);
      if (!r.ok) throw new Error(`HTTP ${r.status}`);
      const url = URL.createObjectURL(await r.blob());
      if (tab) tab.location.href = url;
      else location.href = url;
    } catch (err) {
      const said = `未能生成汇总：${err.message}`;
      status.textContent = said;
      if (tab) tab.document.body.textContent = said;
    }
  });
}

const templates = [...builtinTemplates('zh-CN').map((t) => ({ ...t, value: `builtin:${t.id}` }))];
if (api) {
  try {
    for (const t of await json('templates')) if (!t.builtin) templates.push({ ...t, value: `server:${t.id}` });
  } catch { /* the built-in ones */ }
}
for (const t of templates) picker.append(new Option(t.title || t.id, t.id));
picker.value = new URLSearchParams(location.search).get('template') || 'school-reopening';
const templateOf = (id) => templates.find((t) => t.id === id)?.value ?? `builtin:${id}`;

async function showRoster() {
  const body = $('roster-rows');
  body.replaceChildren();
  const sites = await json('sites');
  $('roster').hidden = sites.length === 0;
  let missing = 0;
  for (const s of sites) {
    const tr = document.createElement('tr');
    const none = !s.self && !s.inspection;
    if (none) {
      missing++;
      tr.className = 'district-missing';
    }
    const reviews = ['self', 'inspection'].map((m) => s[m]?.review && `${MODE[m]}${REVIEW[s[m].review] ?? s[m].review}`).filter(Boolean);
    tr.append(cell(s.code), cell(s.name), cell(Object.entries(s.attributes || {}).map(([k, v]) => `${k}：${v}`).join('，')),
      cell(state(s.self)), cell(state(s.inspection)), cell(reviews.join('；') || (none ? '未提交' : '待审核')));
    const acts = document.createElement('td');
    for (const m of ['self', 'inspection']) if (s[m]) acts.append(button(`查看${MODE[m]}`, `查看 ${s.name || s.code} 的${MODE[m]}`, () => openSubmission(s[m].id)));
    tr.append(acts);
    body.append(tr);
  }
  return { sites: sites.length, missing };
}

async function showReceived(id) {
  const body = $('rows');
  body.replaceChildren();
  const list = await json(`submissions?template=${encodeURIComponent(id)}`);
  for (const s of list) {
    const tr = document.createElement('tr');
    const site = [s.site?.code, s.site?.name].filter(Boolean).join(' ');
    tr.append(cell(s.id), cell(site), cell(MODE[s.mode] ?? s.mode), cell(s.as_of), cell(s.score), cell(verdictWord(s.verdict, 'zh-CN')), cell(local(s.received_at)));
    const acts = document.createElement('td');
    acts.append(button('查看', `查看第 ${s.id} 份`, () => openSubmission(s.id)));
    tr.append(acts);
    if (s.tampered) tr.classList.add('tampered');
    body.append(tr);
  }
  return list.length;
}

let open = null; // the submission on screen

/**
 * One submission whole: its document with its photos and signatures (fetched from the
 * service and handed to the element as a package, SPEC §8), its review history.
 */
async function openSubmission(id) {
  const doc = await json(`submissions/${id}`);
  open = doc;
  const a = doc.assessment || {};
  $('site').hidden = false;
  $('site-title').textContent = `${a.site?.name || ''}（${a.site?.code || '—'}）${MODE[a.mode] ?? ''}`;
  $('site-meta').textContent = `第 ${doc.id} 份 · 收到 ${local(doc.received_at)} · 日期 ${a.as_of ?? '—'} · ${verdictWord(doc.result?.verdict ?? '', 'zh-CN')} ${doc.result?.score ?? '—'}${doc.tampered ? ' · 结果与复算不符' : ''}`;
  showReviews(doc.reviews || []);
  const el = $('site-form');
  if (el.getAttribute('template') !== templateOf(a.template?.id)) {
    if (templateOf(a.template?.id).startsWith('server:')) el.setAttribute('submit-url', config.submissions);
    el.setAttribute('template', templateOf(a.template?.id));
    await new Promise((r) => el.addEventListener('readycheck-ready', r, { once: true }));
  }
  const fd = new FormData();
  fd.append('assessment', new Blob([JSON.stringify(a)], { type: 'application/json' }), 'assessment.json');
  for (const sha of doc.blobs || []) {
    const r = await call(`blobs/${sha}`);
    if (r.ok) fd.append(sha, await r.blob(), sha);
  }
  await el.loadPackage(await new Response(fd).blob());
  $('site').scrollIntoView();
}

function showReviews(list) {
  const ol = $('review-history');
  ol.replaceChildren(...list.map((r) => Object.assign(document.createElement('li'), {
    textContent: `${local(r.at)} ${REVIEW[r.state] ?? r.state}${r.note ? `：${r.note}` : ''}${r.account ? `（${r.account}）` : ''}`,
  })));
  if (!list.length) ol.append(Object.assign(document.createElement('li'), { textContent: '尚未审核' }));
}

const reviewButtons = [...document.querySelectorAll('[data-review]')];
for (const b of reviewButtons) {
  b.addEventListener('click', async () => {
    if (!open) return;
    // One review per tap: the buttons wait for the answer. The note stays until it is recorded.
    for (const other of reviewButtons) other.disabled = true;
    let r;
    try {
      r = await call(`submissions/${open.id}/review`, { method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ state: b.dataset.review, note: $('review-note').value.trim() }) });
    } catch {
      $('review-status').textContent = '未能记录：无法连接收集服务，请检查网络后重试';
      return;
    } finally {
      for (const other of reviewButtons) other.disabled = false;
    }
    const answer = await r.json().catch(() => ({}));
    if (!r.ok) {
      $('review-status').textContent = r.status === 403 ? '本账号无权审核' : `未能记录：${answer.message ?? r.status}`;
      return;
    }
    $('review-note').value = '';
    open = await json(`submissions/${open.id}`);
    showReviews(open.reviews || []);
    // Said once the history on screen holds the review, so "recorded" is never seen beside a stale list.
    $('review-status').textContent = `已记录：${REVIEW[b.dataset.review]}`;
    show();
  });
}
$('site-close').addEventListener('click', () => { $('site').hidden = true; $('roster').scrollIntoView(); });

async function show() {
  const id = picker.value;
  if (!api) {
    status.textContent = '没有收集服务：请用 bash scripts/demo.sh 启动';
    return;
  }
  $('report-link').href = new URL(`rollup?template=${encodeURIComponent(id)}&format=html`, api).href;
  $('csv-link').href = new URL(`rollup?template=${encodeURIComponent(id)}&format=csv`, api).href;
  const [{ sites, missing }, received] = await Promise.all([showRoster(), showReceived(id)]);
  status.textContent = sites ? `名单 ${sites} 所，未提交 ${missing} 所；本模板收到 ${received} 份` : `本模板收到 ${received} 份（尚未上传学校名单）`;
}
picker.addEventListener('change', show);
await show();
