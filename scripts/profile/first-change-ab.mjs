// The bench's first change (reveal, two frames, setAnswer → the end of the next frame) on its
// readycheck page, over many loads, to compare two builds where the bench's three loads per
// cell cannot. It uses the bench's server, probe and data, so copy it into a copy of
// ../shared/bench (after `npm ci` there) and run it from that folder:
//   node first-change-ab.mjs PROJECT_DIR [N=300] [CPU throttle=4] [loads=1]
// TRACE=1 prints the first load's main-thread slices (CATS: trace categories; MINDUR: the
// shortest slice shown, µs).
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { startServer } from './lib/server.mjs';
const [project, n = '300', rate = '4', reps = '1'] = process.argv.slice(2);
process.env.BENCH_PROJECT = project;
const srv = await startServer(0);
const port = srv.port;
const PROBE = readFileSync('lib/probe.js', 'utf8');
const template = JSON.parse(readFileSync(`data/checklist-${n}.readycheck.json`, 'utf8'));
const answers = JSON.parse(readFileSync(`data/checklist-${n}.assessment.json`, 'utf8')).answers;
const cand = template.sections.slice(1).flatMap((s) => s.items).find((it) => it.type === 'yesno' && !it.visible_if && it.points > 0 && answers[it.id] === 'yes');
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-quic',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
const times = [];
for (let r = 0; r < Number(reps); r++) {
  const ctx = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  const page = await ctx.newPage();
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: Number(rate) });
  await page.addInitScript({ content: PROBE });
  await page.goto(`http://127.0.0.1:${port}/engines/readycheck/index.html?n=${n}&data=/data`, { waitUntil: 'load' });
  await page.waitForFunction(() => window.__benchProbe && window.__benchProbe.paintAt !== null);
  await page.evaluate(async (id) => { await window.__bench.reveal(id); for (let i = 0; i < 2; i++) await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))); }, cand.id);
  const events = [];
  const trace = r === 0 && process.env.TRACE;
  if (trace) {
    cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
    await cdp.send('Tracing.start', { categories: process.env.CATS || 'devtools.timeline,v8.execute,disabled-by-default-devtools.timeline', transferMode: 'ReportEvents' });
  }
  const t = await page.evaluate(async (id) => {
    let hook; const fired = new Promise((r) => { hook = r; });
    let tModel = null;
    const off = window.__bench.onScore(() => { if (tModel === null) { tModel = performance.now(); hook(); } });
    const t0 = performance.now();
    await window.__bench.setAnswer(id, 'no');
    await fired;
    await new Promise((r) => setTimeout(r, 0));
    document.documentElement.getBoundingClientRect();
    const tDom = performance.now();
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    off();
    return { model: tModel - t0, dom: tDom - t0, paint: performance.now() - t0 };
  }, cand.id);
  times.push(t);
  if (trace) {
    const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
    await cdp.send('Tracing.end');
    await done;
    const main = events.filter((e) => e.ph === 'X' && e.dur > Number(process.env.MINDUR || 300)).sort((a, b) => a.ts - b.ts);
    const t0 = main[0]?.ts ?? 0;
    for (const e of main) console.log(`  +${((e.ts - t0) / 1000).toFixed(1).padStart(6)} ${(e.dur / 1000).toFixed(2).padStart(7)} ms tid${e.tid} ${e.name} ${e.args?.data?.functionName ?? e.args?.data?.url?.slice(-30) ?? e.args?.data?.type ?? ''}`);
  }
  await ctx.close();
}
const med = (k) => times.map((t) => t[k]).sort((a, b) => a - b)[Math.floor(times.length / 2)];
console.log(`${project} N=${n} ${rate}x: first change model ${med('model').toFixed(1)} dom ${med('dom').toFixed(1)} paint ${med('paint').toFixed(1)} ms (median of ${times.length}: ${times.map((t) => t.paint.toFixed(0)).join(' ')})`);
await browser.close();
srv.close();
