// What the frames do while a large checklist is built in idle time: loads the N-item bench
// checklist under CPU throttling, traces 3 s with no input, and prints the idle build steps
// and the style and layout passes (elements restyled, objects dirty/total) with their times.
// Serve www/ on :8090 first.   node scripts/profile/idle-build.mjs [N] [cpu throttle]
// ONLY=yesno (item types, comma-separated) keeps only those items: a checklist without
// text or date fields shows none of the per-section layout passes.
import { openBenchChecklist } from './bench-page.mjs';
const [n = '3000', rate = '4'] = process.argv.slice(2);
const { browser, cdp } = await openBenchChecklist(n, { throttle: rate, only: process.env.ONLY?.split(',') });
const events = [];
cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
await cdp.send('Tracing.start', { categories: 'devtools.timeline', transferMode: 'ReportEvents' });
await new Promise((r) => setTimeout(r, 3000));
const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
await cdp.send('Tracing.end');
await done;
const slices = (name) => events.filter((e) => e.name === name && e.ph === 'X' && e.dur);
const t0 = Math.min(...events.filter((e) => e.ts).map((e) => e.ts));
const at = (e) => `@${Math.round((e.ts - t0) / 1000)}`;
const ms = (e) => (e.dur / 1000).toFixed(1);
console.log(`N=${n} CPU ${rate}x, 3 s after ready, no input`);
console.log('idle build steps:', slices('FireIdleCallback').map((e) => `${at(e)} ${ms(e)}ms`).join('  '));
console.log('style passes:', slices('UpdateLayoutTree').map((e) => `${at(e)} ${ms(e)}ms/${e.args?.elementCount ?? '?'}el`).join('  '));
console.log('layouts:', slices('Layout').map((e) => `${at(e)} ${ms(e)}ms ${e.args?.beginData?.dirtyObjects}/${e.args?.beginData?.totalObjects}`).join('  '));
await browser.close();
