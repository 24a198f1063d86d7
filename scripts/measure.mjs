// Measures the element as a user meets it (a benchmark, not a test): shipped bytes, time to
// first render, and click → updated score → next painted frame, in headless Debian
// chromium at CPU 1× and 4× (CDP Emulation.setCPUThrottlingRate). Medians of several runs.
//   node scripts/measure.mjs [runs]     (serve nothing first: it starts its own server)
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const root = new URL('../', import.meta.url).pathname;
const runs = Number(process.argv[2] || 5);
const port = 8700 + (process.pid % 200);
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const kib = (n) => (n / 1024).toFixed(1);

const files = { wasm: 'www/pkg/readycheck_bg.wasm', 'wasm-bindgen JS': 'www/pkg/readycheck.js', element: 'www/readycheck.js', css: 'www/pkg/readycheck.css' };
console.log('| file | raw KiB | gzip KiB |\n|---|---:|---:|');
let raw = 0, gz = 0;
for (const [name, path] of Object.entries(files)) {
  const b = readFileSync(join(root, path));
  const g = gzipSync(b, { level: 9 }).length;
  raw += b.length; gz += g;
  console.log(`| ${name} | ${kib(b.length)} | ${kib(g)} |`);
}
console.log(`| **total** | ${kib(raw)} | ${kib(gz)} |\n`);

const server = spawn('node', [join(root, 'scripts/serve.mjs'), String(port)], { stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 400));
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
console.log('| CPU | first render (ms) | click → score painted (ms) |\n|---:|---:|---:|');
for (const rate of [1, 4]) {
  const first = [], click = [];
  for (let r = 0; r < runs; r++) {
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate });
    await page.addInitScript(() => {
      document.addEventListener('readycheck-ready', () => requestAnimationFrame(() => { window.__ready = performance.now(); }), { once: true });
    });
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForFunction(() => window.__ready);
    first.push(await page.evaluate(() => window.__ready));
    for (const [i, v] of [['org_01', 'yes'], ['org_02', 'no'], ['org_03', 'yes'], ['org_01', 'no'], ['org_02', 'yes']].entries()) {
      const t = await page.evaluate(([id, v]) => new Promise((resolve) => {
        const el = document.querySelector('ready-check');
        const b = el.shadowRoot.querySelector(`[data-item="${id}"] [data-value="${v}"]`);
        const t0 = performance.now();
        el.addEventListener('readycheck-change', () => requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0))), { once: true });
        b.click();
      }), v);
      if (i > 0) click.push(t);
    }
    await context.close();
  }
  console.log(`| ${rate}× | ${median(first).toFixed(0)} | ${median(click).toFixed(1)} |`);
}
await browser.close();
server.kill();
