// Shared by the profile scripts: the bench's generated checklists (../shared/bench/data/,
// written by its gen/generate.mjs) and a headless Debian chromium with one of them loaded
// into the demo page, which must be served on :8090 (node scripts/serve.mjs 8090).
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';

const data = new URL('../../../shared/bench/data/', import.meta.url);

/**
 * The N-item checklist's template and draft assessment, as JSON text; with `only` (item
 * types), just the unconditional items of those types, without rules, and their answers.
 */
export function benchChecklist(n, only) {
  let template = readFileSync(new URL(`checklist-${n}.readycheck.json`, data), 'utf8');
  let draft = readFileSync(new URL(`checklist-${n}.assessment.json`, data), 'utf8');
  if (only) {
    const t = JSON.parse(template);
    t.rules = [];
    for (const s of t.sections) {
      delete s.rules;
      s.items = s.items.filter((it) => only.includes(it.type) && !it.visible_if && !it.required_if);
    }
    t.sections = t.sections.filter((s) => s.items.length);
    const ids = new Set(t.sections.flatMap((s) => s.items.map((it) => it.id)));
    const a = JSON.parse(draft);
    a.answers = Object.fromEntries(Object.entries(a.answers).filter(([k]) => ids.has(k)));
    [template, draft] = [JSON.stringify(t), JSON.stringify(a)];
  }
  return { template, draft };
}

/**
 * A browser showing the N-item checklist with its draft in <ready-check>, once rendered;
 * with `throttle`, the CPU is slowed down before the checklist loads (a cold load as the
 * bench makes it); `only`: see benchChecklist. Returns the page's CDP session too.
 */
export async function openBenchChecklist(n, { mode = 'self', throttle, only } = {}) {
  const { template, draft } = benchChecklist(n, only);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu',
    '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
  const page = await browser.newPage({ viewport: { width: 1024, height: 768 } });
  const cdp = await page.context().newCDPSession(page);
  await page.goto('http://127.0.0.1:8090/?template=builtin:example');
  await page.waitForFunction(() => customElements.get('ready-check'));
  if (throttle) await cdp.send('Emulation.setCPUThrottlingRate', { rate: Number(throttle) });
  await page.evaluate(async ([t, a, m]) => {
    const el = document.querySelector('ready-check');
    const ready = new Promise((r) => el.addEventListener('readycheck-ready', r, { once: true }));
    el.setAttribute('storage-key', `profile-${Date.now()}`);
    el.setAttribute('mode', m);
    el.template = JSON.parse(t);
    el.assessment = JSON.parse(a);
    await ready;
  }, [template, draft, mode]);
  // EXTRA_CSS: a stylesheet added to the shadow root, to test where rendering time goes.
  if (process.env.EXTRA_CSS) {
    await page.evaluate((css) => {
      const s = new CSSStyleSheet(); s.replaceSync(css);
      const root = document.querySelector('ready-check').shadowRoot;
      root.adoptedStyleSheets = [...root.adoptedStyleSheets, s];
    }, process.env.EXTRA_CSS);
  }
  return { browser, page, cdp, template, draft };
}
