// The npm package (SPEC §7.4) as a portal uses it: the tarball installed into a scratch
// project outside the repository, its types checked with tsc, bundled with esbuild, served
// with the strict CSP, and the element working in headless chromium.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch } from './chromium.mjs';

const root = new URL('../../', import.meta.url).pathname;
const bin = (name) => join(root, 'node_modules/.bin', name);
const tarball = join(root, 'target/npm', readdirSync(join(root, 'target/npm')).find((f) => f.endsWith('.tgz')));
const scratch = mkdtempSync(join(tmpdir(), 'rc-portal-'));
let server;

after(() => {
  server?.kill();
  rmSync(scratch, { recursive: true, force: true });
});

test('package.json is the one SPEC §7.4 describes', () => {
  const pkg = JSON.parse(execFileSync('tar', ['xzOf', tarball, 'package/package.json'], { encoding: 'utf8' }));
  const version = readFileSync(join(root, 'Cargo.toml'), 'utf8').match(/^version = "(.+)"/m)[1];
  assert.equal(pkg.name, 'readycheck');
  assert.equal(pkg.version, version);
  assert.equal(pkg.type, 'module');
  assert.deepEqual(Object.keys(pkg.exports).slice(0, 3), ['.', './engine', './readycheck.css']);
  assert.equal(pkg.exports['.'].types, './readycheck.d.ts');
  assert.equal(pkg.exports['./engine'].types, './engine.d.ts');
  assert.ok(Array.isArray(pkg.files) && pkg.files.includes('pkg/'));
  assert.deepEqual(pkg.sideEffects, ['./readycheck.js', './fieldkit.js']);
  const files = execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' });
  for (const f of ['readycheck.js', 'store.js', 'drafts.js', 'outbox.js', 'fieldkit.js', 'readycheck.d.ts', 'engine.d.ts', 'readycheck.css', 'pkg/readycheck_bg.wasm', 'pkg/templates/school-reopening.json']) {
    assert.ok(files.includes(`package/${f}`), f);
  }
});

test('readycheck/precache lists every file the element may load, each in the package', () => {
  const pkg = JSON.parse(execFileSync('tar', ['xzOf', tarball, 'package/package.json'], { encoding: 'utf8' }));
  assert.equal(pkg.exports['./precache'].default, './precache.js');
  const text = execFileSync('tar', ['xzOf', tarball, 'package/precache.js'], { encoding: 'utf8' });
  const list = JSON.parse(text.slice(text.indexOf('[')).replace(/;\s*$/, ''));
  const files = execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' });
  for (const f of list) assert.ok(files.includes(`package/${f}\n`), `${f} is in the package`);
  for (const want of ['readycheck.js', 'store.js', 'drafts.js', 'outbox.js', 'fieldkit.js', 'pkg/readycheck.js', 'pkg/readycheck_bg.wasm', 'pkg/readycheck.css', 'pkg/builtin-files.js']) {
    assert.ok(list.includes(want), `${want} is listed`);
  }
  // Every built-in template, and the module that fetches them by one literal URL each.
  for (const t of readdirSync(join(root, 'templates')).filter((f) => f.endsWith('.json'))) {
    assert.ok(list.includes(`pkg/templates/${t}`), t);
    assert.ok(readFileSync(join(root, 'www/builtin-files.js'), 'utf8').includes(`new URL('./templates/${t}', import.meta.url)`), `builtin-files.js names ${t}`);
  }
});

test('installed from the tarball: types check, a bundle works under the strict CSP', async () => {
  writeFileSync(join(scratch, 'package.json'), JSON.stringify({ name: 'portal', private: true, type: 'module' }));
  execFileSync('npm', ['install', tarball, '--offline', '--no-audit', '--no-fund', '--silent'], { cwd: scratch });

  // Every typed attribute, property, method and event, and two misuses tsc must refuse.
  writeFileSync(join(scratch, 'usage.ts'), `
import 'readycheck';
import type { ReadyCheckSubmitDetail } from 'readycheck';
import init, { loadTemplate, builtinTemplates, type Result, type Template } from 'readycheck/engine';
const el = document.createElement('ready-check');
el.setAttribute('template', 'builtin:school-reopening');
el.setAttribute('locale', 'en');
el.setAttribute('mode', 'inspection');
el.setAttribute('storage-key', 'portal:CG-01');
el.setAttribute('readonly', '');
await el.ready;
const t: Template = { format: 'readycheck/1', id: 't', version: '1', title: 'T', sections: [{ id: 's', title: 'S', items: [{ id: 'a', type: 'yesno', title: 'A', points: 2 }] }] };
el.template = t;
el.assessment = { format: 'readycheck-assessment/1', answers: { a: 'yes' } };
const r: Result | null = el.result;
const text: string | null = el.resultJson;
el.setAnswer('a', 'no');
const csv: string = el.export('csv');
el.reset();
el.loadSelfCheck({ format: 'readycheck-assessment/1', answers: {} });
el.addEventListener('readycheck-ready', (e) => { const v: string = e.detail.verdict; });
el.addEventListener('readycheck-change', (e) => { const u: number = e.detail.actions.uncovered; const h: string = e.detail.receipt.inputs_sha256; });
el.addEventListener('readycheck-submit', (e) => { const d: ReadyCheckSubmitDetail = e.detail; const id: string | undefined = d.assessment.site?.code; });
el.addEventListener('readycheck-error', (e) => { const c: string = e.detail.code; const m: string = e.detail.message; });
document.querySelector('ready-check')?.setAnswer('a', null);
// @ts-expect-error the detail of a change is a result: its score is a number or null
el.addEventListener('readycheck-change', (e) => { const s: string = e.detail.score; });
// @ts-expect-error an item id is a string
el.setAnswer(5, 'yes');
await init();
const list = builtinTemplates('zh-CN').map((b) => b.id);
loadTemplate(t).evaluate({ format: 'readycheck-assessment/1', answers: {} }, 'en');
export { r, text, csv, list };
`);
  execFileSync(bin('tsc'), ['--noEmit', '--strict', '--target', 'es2022', '--module', 'nodenext', '--moduleResolution', 'nodenext',
    '--lib', 'es2022,dom,dom.iterable,esnext.disposable', 'usage.ts'], { cwd: scratch, stdio: 'pipe' });

  writeFileSync(join(scratch, 'app.js'), "import 'readycheck';\nimport { engineVersion } from 'readycheck/engine';\nwindow.__engineVersion = engineVersion;\n");
  execFileSync(bin('esbuild'), ['app.js', '--bundle', '--format=esm', '--outfile=dist/app.js', '--log-level=warning'], { cwd: scratch });
  writeFileSync(join(scratch, 'index.html'), `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<link rel="icon" href="/favicon.svg"><meta name="readycheck-assets" content="/node_modules/readycheck/">
<script type="module" src="/dist/app.js"></script></head>
<body><ready-check template="builtin:example"></ready-check></body></html>`);

  writeFileSync(join(scratch, 'favicon.svg'), readFileSync(join(root, 'www/favicon.svg')));
  const port = 8800 + (process.pid % 400);
  server = spawn('node', [join(root, 'scripts/serve.mjs'), String(port), scratch], { stdio: 'ignore' });
  for (let i = 0; i < 50; i++) {
    try { if ((await fetch(`http://127.0.0.1:${port}/`)).ok) break; } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  const browser = await launch();
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.addInitScript(() => {
      window.__v = [];
      document.addEventListener('securitypolicyviolation', (e) => window.__v.push(e.violatedDirective));
    });
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForFunction(() => document.querySelector('ready-check')?.result?.template?.id === 'example', null, { timeout: 30000 });
    const verdict = await page.evaluate(() => {
      const el = document.querySelector('ready-check');
      el.setAnswer('org_group', 'no');
      return el.result.verdict;
    });
    assert.equal(verdict, 'not_ready');
    assert.ok(await page.locator('ready-check [data-item="org_group"]').isVisible(), 'rendered and styled');
    assert.deepEqual(await page.evaluate(() => window.__v), []);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});
