// Chrome trace of 10 taps on a bench checklist loaded into the demo page (serve www/ on :8090
// first: node scripts/serve.mjs 8090). Usage: node scripts/profile/tap-trace.mjs [N]
import { openBenchChecklist } from './bench-page.mjs';
const n = process.argv[2] || '3000';
const { browser, page, template: tpl } = await openBenchChecklist(n);
// Trace a fully built form: wait until idle building has made every item.
const total = JSON.parse(tpl).sections.reduce((n, s) => n + s.items.length, 0);
await page.waitForFunction((total) => document.querySelector('ready-check').shadowRoot.querySelectorAll('[data-item]').length >= total, total, { timeout: 20000 }).catch(async () => console.log("built", await page.evaluate(() => document.querySelector("ready-check").shadowRoot.querySelectorAll("[data-item]").length), "of", total));
const ids = await page.evaluate(() => [...document.querySelector('ready-check').shadowRoot.querySelectorAll('[data-item] [data-value="no"]')].map(b => b.closest('[data-item]').dataset.item).filter((_, i, all) => i % Math.max(1, Math.floor(all.length / 10)) === 0).slice(0, 10));
const cdp = await page.context().newCDPSession(page);
// THROTTLE: CPU slow-down during the taps (the bench's 4x and 6x).
await cdp.send('Emulation.setCPUThrottlingRate', { rate: Number(process.env.THROTTLE || 1) });
const events = [];
cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
// Only the tap is traced: the item is scrolled into view and its button located first, then
// the trace covers a bare mouse click (no actionability checks) and 300 ms after it.
for (const id of ids) {
  const box = await page.evaluate((id) => {
    const b = document.querySelector('ready-check').shadowRoot.querySelector(`[data-item="${id}"] [data-value="no"]`);
    b.scrollIntoView({ block: 'center' });
    const r = b.getBoundingClientRect();
    return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
  }, id);
  await page.waitForTimeout(300);
  await cdp.send('Tracing.start', { categories: process.env.CATS || 'devtools.timeline,v8.execute', transferMode: 'ReportEvents' });
  await page.mouse.click(box.x, box.y);
  await page.waitForTimeout(300);
  const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
  await cdp.send('Tracing.end');
  await done;
}
const sum = {};
for (const e of events) if (e.ph === 'X' && e.dur && ['UpdateLayoutTree','Layout','Paint','PrePaint','Layerize','EventDispatch','FunctionCall','v8.callFunction','ParseHTML','RunTask','HitTest','Commit','ScrollLayer','UpdateLayer','v8.compile','MajorGC','MinorGC','V8.GC_SCAVENGER','V8.GC_MARK_COMPACTOR'].includes(e.name)) sum[e.name] = (sum[e.name] || 0) + e.dur / 1000;
console.log(Object.entries(sum).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${(v / ids.length).toFixed(1)} ms/tap  ${k}`).join('\n'));
if (process.env.DETAIL) {
  // Where a tap's time goes by event type (EventDispatch) and how many hit tests it makes.
  const by = {};
  for (const e of events) {
    if (e.ph !== 'X' || !e.dur) continue;
    const key = e.name === 'EventDispatch' ? `EventDispatch ${e.args?.data?.type}` : e.name === 'HitTest' ? 'HitTest' : null;
    if (!key) continue;
    by[key] ??= [0, 0];
    by[key][0] += e.dur / 1000;
    by[key][1] += 1;
  }
  for (const [k, [ms, n]] of Object.entries(by).sort((a, b) => b[1][0] - a[1][0])) {
    console.log(`  ${(ms / ids.length).toFixed(2)} ms/tap  ${(n / ids.length).toFixed(1)}×  ${k}`);
  }
}
if (process.env.DETAIL === '3') {
  // Every traced slice by name (all categories asked for with CATS), total per tap.
  const by = {};
  for (const e of events) if (e.ph === 'X' && e.dur) by[e.name] = (by[e.name] ?? 0) + e.dur / 1000;
  for (const [k, ms] of Object.entries(by).sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(`  ${(ms / ids.length).toFixed(2)} ms/tap  ${k}`);
}
if (process.env.DETAIL === '4') {
  // The last tap's main-thread timeline: each style, layout, paint, script and input slice
  // in order, with its start (ms after the first) and duration.
  const names = new Set(['UpdateLayoutTree', 'Layout', 'Paint', 'PrePaint', 'Layerize', 'HitTest', 'FunctionCall',
    'EventDispatch', 'FireAnimationFrame', 'TimerFire', 'EventHandler::handleMousePressEvent',
    'EventHandler::handleMouseReleaseEvent', 'BeginMainFrame', 'Commit']);
  const last = events.filter((e) => e.ph === 'X' && names.has(e.name)).sort((a, b) => a.ts - b.ts);
  const t0 = last.length ? last[last.length - 1].ts - 400000 : 0;
  const tail = last.filter((e) => e.ts >= t0);
  const start = tail[0]?.ts ?? 0;
  for (const e of tail) {
    const d = e.args?.data ?? {};
    console.log(`  +${((e.ts - start) / 1000).toFixed(1).padStart(6)} ${(e.dur / 1000).toFixed(2).padStart(6)} ms  ${e.name} ${d.type ?? d.functionName ?? ''}`);
  }
}
if (process.env.INSIDE) {
  // What runs inside a given slice (INSIDE=name): slices nested in it, by name, per tap.
  const outer = events.filter((e) => e.ph === 'X' && e.name === process.env.INSIDE);
  const by = {};
  for (const e of events) {
    if (e.ph !== 'X' || !e.dur || e.name === process.env.INSIDE) continue;
    if (outer.some((o) => o.tid === e.tid && e.ts >= o.ts && e.ts + e.dur <= o.ts + o.dur)) by[e.name] = (by[e.name] ?? 0) + e.dur / 1000;
  }
  for (const [k, ms] of Object.entries(by).sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  in ${process.env.INSIDE}: ${(ms / ids.length).toFixed(2)} ms/tap  ${k}`);
}
if (process.env.DETAIL === '2') {
  // How much each style recalc and layout touched: elements restyled, objects laid out.
  const per = (name, f) => events.filter((e) => e.ph === 'X' && e.name === name && e.dur).map(f);
  const recalc = per('UpdateLayoutTree', (e) => `${(e.dur / 1000).toFixed(1)}ms/${e.args?.elementCount ?? '?'}el`);
  const layout = events.filter((e) => e.name === 'Layout' && e.ph === 'E' || (e.name === 'Layout' && e.ph === 'X'))
    .map((e) => `${e.dur ? (e.dur / 1000).toFixed(1) + 'ms/' : ''}${e.args?.endData?.layoutRoots?.length ?? '?'}roots`);
  const begin = events.filter((e) => e.name === 'Layout' && (e.ph === 'B' || e.ph === 'X'))
    .map((e) => `${e.args?.beginData?.dirtyObjects ?? '?'}/${e.args?.beginData?.totalObjects ?? '?'}`);
  console.log('style recalcs:', recalc.join(' '));
  // Recalcs forced by script (with the JavaScript stack that asked for style or layout).
  const forced = {};
  for (const e of events) {
    if (!['UpdateLayoutTree', 'Layout'].includes(e.name)) continue;
    const st = e.args?.beginData?.stackTrace ?? e.args?.data?.stackTrace;
    if (!st?.length) continue;
    const k = `${e.name} ← ${st.slice(0, 3).map((f) => f.functionName || '?').join(' ← ')}`;
    forced[k] = (forced[k] ?? 0) + e.dur / 1000;
  }
  for (const [k, ms] of Object.entries(forced)) console.log(`  forced ${(ms / ids.length).toFixed(2)} ms/tap  ${k}`);
  console.log('layouts (dirty/total objects):', begin.join(' '));
  const inv = {};
  for (const e of events) {
    if (!/Invalidation|StyleRecalc|ScheduleStyle/.test(e.name)) continue;
    const d = e.args?.data ?? {};
    const k = `${e.name} ${d.reason ?? ''} ${d.nodeName ?? ''} ${d.changedAttribute ?? d.changedClass ?? d.changedId ?? d.changedPseudo ?? ''}`;
    inv[k] = (inv[k] || 0) + 1;
  }
  for (const [k, c] of Object.entries(inv).sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`  ${(c / ids.length).toFixed(1)}×  ${k}`);
}
await browser.close();
