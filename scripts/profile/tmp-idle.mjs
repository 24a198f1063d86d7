import { chromium } from 'playwright-core';
import { benchChecklist } from './bench-page.mjs';
const [n = '3000', rate = '4'] = process.argv.slice(2);
let { template, draft } = benchChecklist(n);
if (process.env.YESNO) {
  const t = JSON.parse(template);
  for (const s of t.sections) { s.items = s.items.filter((it) => (it.type === 'yesno' || it.type === process.env.KEEP) && !it.visible_if && !it.required_if); }
  t.rules = [];
  for (const s of t.sections) delete s.rules;
  t.sections = t.sections.filter((s) => s.items.length);
  template = JSON.stringify(t);
  const a = JSON.parse(draft); const ids = new Set(t.sections.flatMap((s) => s.items.map((i) => i.id)));
  a.answers = Object.fromEntries(Object.entries(a.answers).filter(([k]) => ids.has(k)));
  draft = JSON.stringify(a);
}
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', ...(process.env.FLAGS ? process.env.FLAGS.split(' ') : [])] });
const page = await browser.newPage({ viewport: { width: 1024, height: 768 } });
const cdp = await page.context().newCDPSession(page);
await page.goto('http://127.0.0.1:8090/?template=builtin:example');
await page.waitForFunction(() => customElements.get('ready-check'));
await cdp.send('Emulation.setCPUThrottlingRate', { rate: Number(rate) });
if (process.env.ACOFF) await page.evaluate((v) => { const root = document.querySelector('ready-check').shadowRoot; new MutationObserver((ms) => { for (const m of ms) for (const n of m.addedNodes) if (n.querySelectorAll) for (const x of n.querySelectorAll('input,textarea,select')) x.setAttribute('autocomplete', v); }).observe(root, { childList: true, subtree: true }); }, process.env.ACOFF);
if (process.env.STRIP) await page.evaluate(() => { window.__strip = true; });
if (process.env.NOSPELL) await page.evaluate(() => { document.documentElement.spellcheck = false; document.body.spellcheck = false; document.querySelector('ready-check').spellcheck = false; });
if (process.env.EXTRA_CSS) await page.evaluate((css) => { const s = new CSSStyleSheet(); s.replaceSync(css); const root = document.querySelector('ready-check').shadowRoot; root.adoptedStyleSheets = [...root.adoptedStyleSheets, s]; }, process.env.EXTRA_CSS);
await page.evaluate(async ([t, a]) => {
  const el = document.querySelector('ready-check');
  const ready = new Promise((r) => el.addEventListener('readycheck-ready', r, { once: true }));
  el.setAttribute('storage-key', `first-${Date.now()}`);
  el.template = JSON.parse(t); el.assessment = JSON.parse(a); await ready;
  if (window.__strip) for (const s of el.shadowRoot.querySelectorAll('.rc-section')) { s.removeAttribute('aria-labelledby'); s.querySelector('h2').removeAttribute('tabindex'); s.removeAttribute('id'); }
}, [template, draft]);
console.log('cv:', await page.evaluate(() => [...document.querySelector('ready-check').shadowRoot.querySelectorAll('.rc-section')].slice(0,3).map((s) => getComputedStyle(s).contentVisibility + '/' + s.parentElement.className).join(' ')));
const events = [];
cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
await cdp.send('Tracing.start', { categories: process.env.CATS || 'devtools.timeline', transferMode: 'ReportEvents' });
await page.waitForTimeout(3000);
const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
await cdp.send('Tracing.end'); await done;
const lay = events.filter((e) => e.name === 'Layout' && e.ph === 'X');
const sty = events.filter((e) => e.name === 'UpdateLayoutTree' && e.ph === 'X');
const idle = events.filter((e) => e.name === 'FireIdleCallback' && e.ph === 'X');
console.log('idle callbacks', idle.length, 'ms', idle.reduce((a, e) => a + e.dur, 0) / 1000);
console.log('layouts', lay.length, 'ms', (lay.reduce((a, e) => a + e.dur, 0) / 1000).toFixed(1), 'max', Math.max(...lay.map((e) => e.dur)) / 1000);
console.log(lay.filter((e) => e.dur > 3000).map((e) => `${(e.dur / 1000).toFixed(1)}ms ${e.args?.beginData?.dirtyObjects}/${e.args?.beginData?.totalObjects}`).join('  '));
console.log('styles', sty.length, 'ms', (sty.reduce((a, e) => a + e.dur, 0) / 1000).toFixed(1), sty.filter((e) => e.dur > 3000).map((e) => `${(e.dur / 1000).toFixed(1)}ms/${e.args?.elementCount}`).join(' '));
const inIdle = (e) => idle.some((o) => o.tid === e.tid && e.ts >= o.ts && e.ts + e.dur <= o.ts + o.dur);
console.log('layouts inside idle callbacks:', lay.filter(inIdle).length, 'of', lay.length, '; styles inside:', sty.filter(inIdle).length);
const st = lay.map((e) => e.args?.beginData?.stackTrace?.[0]?.functionName).filter(Boolean);
console.log('forced by', [...new Set(st)].join(','));
const inv = {};
for (const e of events) {
  if (!/Invalidation|StyleRecalc|ScheduleStyle/.test(e.name)) continue;
  const d = e.args?.data ?? {};
  const k = `${e.name} ${d.reason ?? ''} ${d.nodeName ?? ''}`;
  inv[k] = (inv[k] || 0) + 1;
}
const ex = events.filter((e) => e.name === 'LayoutInvalidationTracking' && /rc-item/.test(e.args?.data?.nodeName ?? '')).slice(0, 2); console.log(JSON.stringify(ex.map((e) => e.args)));
console.log('layout args', JSON.stringify(lay[3]?.args).slice(0, 600));
const T0 = Math.min(...events.filter((e) => e.ts).map((e) => e.ts));
console.log('idle@', idle.map((e) => Math.round((e.ts - T0) / 1000) + '+' + Math.round(e.dur / 1000)).join(' '));
console.log('layout@', lay.map((e) => Math.round((e.ts - T0) / 1000)).join(' '));
if (process.env.WINDOW) {
  const [a, b] = [lay[3].ts, lay[4].ts];
  const w = {};
  for (const e of events) if (e.ts > a + lay[3].dur && e.ts < b && e.name !== 'Layout') { const k = e.name + ' ' + (e.args?.data?.reason ?? '') + ' ' + (e.args?.data?.nodeName ?? '') + ' ' + (e.args?.data?.type ?? e.args?.data?.functionName ?? ''); w[k] = (w[k] || 0) + 1; }
  console.log(Object.entries(w).sort((x, y) => y[1] - x[1]).slice(0, 30).map(([k, c]) => c + '× ' + k).join('\n'));
}
const names = {}; for (const e of events) if (/lock|Lock|DisplayLock|ContentVisibility|intersect/i.test(e.name)) names[e.name] = (names[e.name] || 0) + 1; console.log(names);
for (const [k, c] of Object.entries(inv).sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  ${c}×  ${k}`);
if (process.env.DESCRIBE) {
  const ids = [...new Set(events.filter((e) => e.name === 'LayoutInvalidationTracking' && /rc-item'/.test(e.args?.data?.nodeName ?? '')).map((e) => e.args.data.nodeId))].slice(0, 400);
  await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
  const where = {};
  for (const id of ids) {
    try {
      const { object } = await cdp.send('DOM.resolveNode', { backendNodeId: id });
      const { result } = await cdp.send('Runtime.callFunctionOn', { objectId: object.objectId, functionDeclaration: 'function(){const s=this.closest(".rc-section");const all=[...this.getRootNode().querySelectorAll(".rc-section")];return all.indexOf(s)+":"+this.checkVisibility({contentVisibilityAuto:true})}', returnByValue: true });
      where[result.value] = (where[result.value] || 0) + 1;
    } catch (e) { where.err = (where.err || 0) + 1; }
  }
  console.log(where);
}
await browser.close();
