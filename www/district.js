// The district page: what `readycheck serve` has received for a template, and links to its
// roll-up (§9) as a page and as CSV. Everything from the service is inserted as text.
import { builtinTemplates, default as init } from './pkg/readycheck.js';
import { forgetToken, serviceHeaders } from './token.js';

const picker = document.getElementById('template-picker');
const status = document.getElementById('district-status');
const rows = document.getElementById('rows');
// The verdict words of the element and the report (text::messages::verdict_word, SPEC §9 1.2).
const VERDICT = { ready: '具备条件', conditional: '基本具备，需整改', not_ready: '不具备条件', incomplete: '未完成' };
const MODE = { self: '自查', inspection: '督查' };

await init();
const config = await fetch('collect.json').then((r) => r.json()).catch(() => ({}));
const { rollup } = config;
const headers = await serviceHeaders(config, status.parentElement);

/** A GET of the service's API with the token; a 401 forgets it and reloads to ask again. */
async function api(url) {
  const r = await fetch(url, { headers });
  if (r.status === 401) {
    forgetToken();
    location.reload();
  }
  return r;
}

/** The report and CSV links: fetched with the token, then opened from memory. */
for (const id of ['report-link', 'csv-link']) {
  document.getElementById(id).addEventListener('click', async (e) => {
    if (!config.token) return;
    e.preventDefault();
    const blob = await api(e.currentTarget.href).then((r) => r.blob());
    window.open(URL.createObjectURL(blob), '_blank', 'noopener');
  });
}
for (const t of builtinTemplates('zh-CN')) picker.append(new Option(t.title, t.id));
picker.value = new URLSearchParams(location.search).get('template') || 'school-reopening';

async function show() {
  const id = picker.value;
  rows.replaceChildren();
  if (!rollup) {
    status.textContent = '没有收集服务：请用 bash scripts/demo.sh 启动 (no collect service)';
    return;
  }
  document.getElementById('report-link').href = `${rollup}?template=${encodeURIComponent(id)}&format=html`;
  document.getElementById('csv-link').href = `${rollup}?template=${encodeURIComponent(id)}&format=csv`;
  const list = await api(`/api/submissions?template=${encodeURIComponent(id)}`).then((r) => r.json());
  status.textContent = `${list.length} 份提交 submissions`;
  for (const s of list) {
    const tr = document.createElement('tr');
    const site = [s.site?.code, s.site?.name].filter(Boolean).join(' ');
    for (const cell of [s.id, site || '—', MODE[s.mode] ?? s.mode, s.as_of ?? '—', s.score ?? '—', VERDICT[s.verdict] ?? s.verdict, s.received_at]) {
      const td = document.createElement('td');
      td.textContent = String(cell);
      tr.append(td);
    }
    if (s.tampered) tr.classList.add('tampered');
    rows.append(tr);
  }
}
picker.addEventListener('change', show);
await show();
