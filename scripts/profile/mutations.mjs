// Counts the DOM mutations one answer change makes (MutationObserver on the shadow root),
// on a bench checklist: what the next frame must restyle. Serve www/ on :8090 first.
//   node scripts/profile/mutations.mjs [N]
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
const n = process.argv[2] || '3000';
const data = new URL('../../../shared/bench/data/', import.meta.url).pathname;
const tpl = readFileSync(`${data}checklist-${n}.readycheck.json`, 'utf8');
const draft = readFileSync(`${data}checklist-${n}.assessment.json`, 'utf8');
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
const page = await browser.newPage({ viewport: { width: 1024, height: 768 } });
await page.goto('http://127.0.0.1:8090/?template=builtin:example');
await page.waitForFunction(() => customElements.get('ready-check'));
const out = await page.evaluate(async ([t, a]) => {
  const el = document.querySelector('ready-check');
  const ready = new Promise((r) => el.addEventListener('readycheck-ready', r, { once: true }));
  el.setAttribute('storage-key', 'mut-' + Date.now());
  el.template = JSON.parse(t); el.assessment = JSON.parse(a);
  await ready;
  await new Promise((r) => setTimeout(r, 500));
  const ids = Object.keys(JSON.parse(a).answers).filter((_, i) => i % 97 === 5).slice(0, 10);
  const lines = [];
  for (const id of ids) {
    const recs = [];
    const mo = new MutationObserver((l) => recs.push(...l));
    mo.observe(el.shadowRoot, { subtree: true, childList: true, attributes: true, characterData: true });
    const v = el.assessment.answers[id];
    el.setAnswer(id, v === 'yes' ? 'no' : 'yes');
    recs.push(...mo.takeRecords());
    mo.disconnect();
    const kinds = {};
    for (const r of recs) {
      const where = r.target.closest?.('[data-item]') ? 'item' : r.target.closest?.('.rc-panel') ? 'panel' : r.target.closest?.('.rc-nav') ? 'nav' : (r.target.parentElement?.closest?.('.rc-panel') ? 'panel' : r.target.parentElement?.closest?.('.rc-nav') ? 'nav' : 'other');
      const k = `${where}:${r.type}${r.attributeName ? '[' + r.attributeName + ']' : ''}`;
      kinds[k] = (kinds[k] || 0) + 1;
    }
    lines.push(`${id}: ${recs.length} — ${Object.entries(kinds).map(([k, c]) => `${k}×${c}`).join(', ')}`);
  }
  return lines;
}, [tpl, draft]);
console.log(out.join('\n'));
await browser.close();
