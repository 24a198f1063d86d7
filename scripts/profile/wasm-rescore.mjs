// A full re-score in the wasm module, in Node: the bench checklist's template is loaded once,
// then its draft is scored again and again. `evaluateJson` is the whole path a server or a
// portal calls (parse the assessment, evaluate every item and rule, build and print the
// result document); medians of 50 runs after 10 warm-ups.
//   node scripts/profile/wasm-rescore.mjs [N...]
import { readFileSync } from 'node:fs';
import { benchChecklist } from './bench-page.mjs';
const www = new URL('../../www/', import.meta.url);
const rc = await import(new URL('pkg/readycheck.js', www));
rc.initSync({ module: readFileSync(new URL('pkg/readycheck_bg.wasm', www)) });
const median = (xs) => xs.sort((a, b) => a - b)[xs.length >> 1];
for (const n of process.argv.slice(2).length ? process.argv.slice(2) : ['300', '1000', '3000']) {
  const { template, draft: a } = benchChecklist(n);
  const t = rc.loadTemplate(template);
  const times = [];
  for (let i = 0; i < 60; i++) {
    const t0 = performance.now();
    t.evaluateJson(a, 'zh-CN', '2026-08-25');
    if (i >= 10) times.push(performance.now() - t0);
  }
  console.log(`N=${n}: evaluateJson median ${median(times).toFixed(2)} ms (${times.length} runs)`);
  t.free();
}
