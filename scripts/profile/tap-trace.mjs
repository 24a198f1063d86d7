// Chrome trace of 10 taps on a bench checklist loaded into the demo page (serve www/ on :8090
// first: node scripts/serve.mjs 8090). Usage: node scripts/profile/tap-trace.mjs [N]
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
const n = process.argv[2] || '3000';
const tpl = readFileSync(`${new URL('../../../shared/bench/data/', import.meta.url).pathname}checklist-${n}.readycheck.json`, 'utf8');
const draft = readFileSync(`${new URL('../../../shared/bench/data/', import.meta.url).pathname}checklist-${n}.assessment.json`, 'utf8');
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu','--disable-background-networking','--disable-component-update','--disable-sync','--no-first-run'] });
const page = await browser.newPage({ viewport: { width: 1024, height: 768 } });
await page.goto('http://127.0.0.1:8090/?template=builtin:example');
await page.waitForFunction(() => customElements.get('ready-check'));
await page.evaluate(async ([t, a]) => {
  const el = document.querySelector('ready-check');
  const ready = new Promise((r) => el.addEventListener('readycheck-ready', r, { once: true }));
  el.setAttribute('storage-key', 'profile-' + Date.now());
  el.template = JSON.parse(t); el.assessment = JSON.parse(a);
  await ready;
}, [tpl, draft]);
// EXTRA_CSS: a stylesheet added to the shadow root, to test where paint time goes.
if (process.env.EXTRA_CSS) {
  await page.evaluate((css) => {
    const s = new CSSStyleSheet(); s.replaceSync(css);
    const root = document.querySelector('ready-check').shadowRoot;
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, s];
  }, process.env.EXTRA_CSS);
}
// Trace a fully built form: wait until idle building has made every item.
const total = JSON.parse(tpl).sections.reduce((n, s) => n + s.items.length, 0);
await page.waitForFunction((total) => document.querySelector('ready-check').shadowRoot.querySelectorAll('[data-item]').length >= total, total, { timeout: 20000 }).catch(async () => console.log("built", await page.evaluate(() => document.querySelector("ready-check").shadowRoot.querySelectorAll("[data-item]").length), "of", total));
const ids = await page.evaluate(() => [...document.querySelector('ready-check').shadowRoot.querySelectorAll('[data-item] [data-value="no"]')].slice(100, 110).map(b => b.closest('[data-item]').dataset.item));
const cdp = await page.context().newCDPSession(page);
const events = [];
cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
await cdp.send('Tracing.start', { categories: 'devtools.timeline,v8.execute', transferMode: 'ReportEvents' });
for (const id of ids) {
  await page.evaluate((id) => document.querySelector('ready-check').shadowRoot.querySelector(`[data-item="${id}"]`).scrollIntoView({ block: 'center' }), id);
  await page.waitForTimeout(100);
  await page.locator(`ready-check [data-item="${id}"] [data-value="no"]`).click();
  await page.waitForTimeout(200);
}
const done = new Promise(r => cdp.once('Tracing.tracingComplete', r));
await cdp.send('Tracing.end'); await done;
const sum = {};
for (const e of events) if (e.ph === 'X' && e.dur && ['UpdateLayoutTree','Layout','Paint','PrePaint','Layerize','EventDispatch','FunctionCall','v8.callFunction','ParseHTML','RunTask','HitTest','Commit','ScrollLayer','UpdateLayer','v8.compile','MajorGC','MinorGC','V8.GC_SCAVENGER','V8.GC_MARK_COMPACTOR'].includes(e.name)) sum[e.name] = (sum[e.name] || 0) + e.dur / 1000;
console.log(Object.entries(sum).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${(v / ids.length).toFixed(1)} ms/tap  ${k}`).join('\n'));
await browser.close();
