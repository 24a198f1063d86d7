// Splits one answer change on a bench checklist into its phases, in the page, with
// performance.now(): the wasm update (setAnswer until the host callback), the draft save
// (the journal, or the whole document, + localStorage.setItem), the result members read
// (ResultParts.member + JSON.parse) and the next paint. Serve www/ on :8090 first (node scripts/serve.mjs 8090).
//   node scripts/profile/change-phases.mjs [N] [cpu throttle] [changes]
import { openBenchChecklist } from './bench-page.mjs';
const [n = '3000', rate = '1', count = '30'] = process.argv.slice(2);
const { browser, page, draft } = await openBenchChecklist(n, { mode: 'inspection' });
await page.evaluate(async () => {
  const { Form, ResultParts } = await import('./pkg/readycheck.js');
  const phases = window.__phases = {};
  const wrap = (obj, name, key) => {
    const f = obj[name];
    obj[name] = function (...args) {
      const t0 = performance.now();
      try { return f.apply(this, args); } finally { phases[key] = (phases[key] || 0) + performance.now() - t0; }
    };
  };
  wrap(Form.prototype, 'assessmentJson', 'draft text');
  wrap(Form.prototype, 'draftJournal', 'draft journal');
  wrap(Storage.prototype, 'setItem', 'localStorage');
  wrap(ResultParts.prototype, 'member', 'result members');
  wrap(JSON, 'parse', 'JSON.parse');
  wrap(Form.prototype, 'setAnswer', 'setAnswer total');
});
const ids = Object.keys(JSON.parse(draft).answers);
await page.emulateMedia({});
const cdp = await page.context().newCDPSession(page);
await cdp.send('Emulation.setCPUThrottlingRate', { rate: Number(rate) });
const rows = [];
for (let i = 0; i < Number(count); i++) {
  const id = ids[(i * 37) % ids.length];
  rows.push(await page.evaluate(async (id) => {
    const el = document.querySelector('ready-check');
    const cur = JSON.parse(el.resultJson).values; // not timed
    // As the bench does: the item is brought on screen first (untimed).
    el.shadowRoot.querySelector(`[data-item="${CSS.escape(id)}"]`)?.scrollIntoView({ block: 'center' });
    for (let k = 0; k < 2; k++) await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    Object.keys(window.__phases).forEach((k) => { window.__phases[k] = 0; });
    let score;
    const h = (e) => { score = e.detail.score; };
    el.addEventListener('readycheck-change', h, { once: true });
    const t0 = performance.now();
    const a = el.assessment.answers[id];
    Object.keys(window.__phases).forEach((k) => { window.__phases[k] = 0; });
    const t1 = performance.now();
    el.setAnswer(id, a === 'yes' ? 'no' : a === 'no' ? 'yes' : a);
    const t2 = performance.now();
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    const t3 = performance.now();
    return { ...window.__phases, 'change→event': t2 - t1, 'change→paint': t3 - t1, score, cur: !!cur };
  }, id));
  await page.waitForTimeout(30);
}
const keys = Object.keys(rows[0]).filter((k) => typeof rows[0][k] === 'number' && k !== 'score');
const median = (xs) => xs.sort((a, b) => a - b)[xs.length >> 1];
console.log(`N=${n} CPU ${rate}x, ${rows.length} changes, medians (ms):`);
for (const k of keys) console.log(`  ${k.padEnd(16)} ${median(rows.map((r) => r[k])).toFixed(2)}`);
await browser.close();
