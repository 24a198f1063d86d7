// The first answer change after a cold load, as the bench makes it (its "1st change paint"):
// the checklist loads under CPU throttling, then one setAnswer is traced to the next frame
// and its main-thread slices printed in order. Serve www/ on :8090 first.
//   node scripts/profile/first-change.mjs [N] [cpu throttle]
import { openBenchChecklist } from './bench-page.mjs';
const [n = '3000', rate = '4'] = process.argv.slice(2);
const { browser, page, cdp, draft } = await openBenchChecklist(n, { mode: 'inspection', throttle: rate });
await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
await cdp.send('HeapProfiler.collectGarbage');
const id = Object.keys(JSON.parse(draft).answers).find((k) => /^[a-z]+_\d+_\d+$/.test(k)) ?? Object.keys(JSON.parse(draft).answers)[0];
const events = [];
cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
await cdp.send('Tracing.start', { categories: 'devtools.timeline,v8.execute', transferMode: 'ReportEvents' });
const ms = await page.evaluate((id) => new Promise((resolve) => {
  const el = document.querySelector('ready-check');
  const a = el.assessment.answers[id];
  performance.mark('change');
  const t0 = performance.now();
  el.setAnswer(id, a === 'yes' ? 'no' : 'yes');
  requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0), 0));
}), id);
const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
await cdp.send('Tracing.end');
await done;
console.log(`N=${n} CPU ${rate}x: first change ${id} → next frame ${ms.toFixed(1)} ms`);
const names = new Set(['UpdateLayoutTree', 'Layout', 'Paint', 'PrePaint', 'Layerize', 'HitTest', 'FunctionCall',
  'FireAnimationFrame', 'TimerFire', 'FireIdleCallback', 'MajorGC', 'MinorGC', 'v8.compile', 'wasm.CompileLazy', 'EventDispatch']);
const slices = events.filter((e) => e.ph === 'X' && e.dur > 300 && (names.has(e.name) || process.env.ALL)).sort((a, b) => a.ts - b.ts);
const t0 = slices[0]?.ts ?? 0;
for (const e of slices) console.log(`  +${((e.ts - t0) / 1000).toFixed(1).padStart(6)} ${(e.dur / 1000).toFixed(2).padStart(7)} ms  ${e.name} ${e.args?.data?.functionName ?? e.args?.data?.type ?? ''}`);
await browser.close();
