// The wasm core's full re-score without JSON in or out, in Node: builds the module with the
// `profile` feature (an export the shipped module does not have) into target/profile-pkg,
// then times State::compute alone and with summarize (findings, issues, receipt) on the
// bench checklists, each the median of 200 runs inside the module.
//   node scripts/profile/wasm-core.mjs [N...]
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { benchChecklist } from './bench-page.mjs';
const root = new URL('../../', import.meta.url).pathname;
const out = `${root}target/profile-pkg`;
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
run('cargo', ['build', '--quiet', '--lib', '--features', 'profile', '--profile', 'wasm-release', '--target', 'wasm32-unknown-unknown']);
// Function names are kept (-g) so that `node --cpu-prof` on this module names its frames.
run('wasm-bindgen', ['--target', 'web', '--keep-debug', '--out-dir', out, 'target/wasm32-unknown-unknown/wasm-release/readycheck.wasm']);
run('node_modules/.bin/wasm-opt', ['-Oz', '-g', '--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--enable-sign-ext',
  '--enable-mutable-globals', '--enable-reference-types', '--enable-multivalue', `${out}/readycheck_bg.wasm`, '-o', `${out}/readycheck_bg.wasm`]);
const rc = await import(`${out}/readycheck.js`);
rc.initSync({ module: readFileSync(`${out}/readycheck_bg.wasm`) });
for (const n of process.argv.slice(2).length ? process.argv.slice(2) : ['300', '1000', '3000']) {
  const { template, draft } = benchChecklist(n);
  const t = rc.loadTemplate(template);
  t.profileRescore(draft, 50, false); // warm-up
  const state = t.profileRescore(draft, 200, true);
  const full = t.profileRescore(draft, 200, false);
  console.log(`N=${n}: State::compute ${state.toFixed(3)} ms, + summarize ${full.toFixed(3)} ms (medians of 200)`);
  t.free();
}
