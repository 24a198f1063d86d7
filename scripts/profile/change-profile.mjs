// CPU profile (V8 sampling, wasm function names need a build with a name section) of answer
// changes on a bench checklist, by inclusive time of chosen frames. Serve www/ on :8090.
//   bash scripts/profile/names.sh   # first: a module that names its functions
//   node scripts/profile/change-profile.mjs [N] [cpu throttle] [changes]
import { openBenchChecklist } from './bench-page.mjs';
const [n = '3000', rate = '4', count = '30'] = process.argv.slice(2);
const { browser, page, draft } = await openBenchChecklist(n, { mode: 'inspection' });
const ids = Object.keys(JSON.parse(draft).answers);
const cdp = await page.context().newCDPSession(page);
await cdp.send('Emulation.setCPUThrottlingRate', { rate: Number(rate) });
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
await cdp.send('Profiler.start');
for (let i = 0; i < Number(count); i++) {
  const id = ids[(i * 37) % ids.length];
  await page.evaluate(async (id) => {
    const el = document.querySelector('ready-check');
    const a = el.assessment.answers[id];
    el.setAnswer(id, a === 'yes' ? 'no' : a === 'no' ? 'yes' : a);
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  }, id);
  await page.waitForTimeout(30);
}
const { profile } = await cdp.send('Profiler.stop');
const nodes = new Map(profile.nodes.map((x) => [x.id, x]));
const parent = new Map();
for (const x of profile.nodes) for (const c of x.children ?? []) parent.set(c, x.id);
const self = new Map();
profile.samples.forEach((s, k) => self.set(s, (self.get(s) ?? 0) + (profile.timeDeltas[k] ?? 0)));
const name = (id) => nodes.get(id).callFrame.functionName || '(anonymous)';
const incl = new Map();
const selfBy = new Map();
for (const [id, t] of self) {
  selfBy.set(name(id), (selfBy.get(name(id)) ?? 0) + t);
  const seen = new Set();
  for (let x = id; x !== undefined; x = parent.get(x)) {
    const f = name(x).replace(/::h[0-9a-f]{16}$/, '');
    if (!seen.has(f)) { seen.add(f); incl.set(f, (incl.get(f) ?? 0) + t); }
  }
}
const per = (us) => (us / 1000 / Number(count)).toFixed(2);
const pick = (process.env.FRAMES || 'setAnswer,set_answer,refresh_after,State::update,summarize,panel,patch_live,patch_item,patch_sections,to_json,answers_sha256,resultJson,assessmentJson,parse,stringify,dispatchEvent').split(',');
console.log(`N=${n} CPU ${rate}x, ${count} changes: inclusive ms per change`);
for (const [f, t] of [...incl].sort((a, b) => b[1] - a[1])) if (pick.some((p) => f.includes(p))) console.log(`  ${per(t).padStart(7)}  ${f.slice(0, 110)}`);
console.log('top self time:');
for (const [f, t] of [...selfBy].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  ${per(t).padStart(7)}  ${f.slice(0, 110)}`);
await browser.close();
