// Counts the DOM mutations one answer change makes (MutationObserver on the shadow root),
// on a bench checklist: what the next frame must restyle. Serve www/ on :8090 first.
//   node scripts/profile/mutations.mjs [N]
import { openBenchChecklist } from './bench-page.mjs';
const n = process.argv[2] || '3000';
const { browser, page, draft } = await openBenchChecklist(n);
const out = await page.evaluate(async (a) => {
  const el = document.querySelector('ready-check');
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
}, draft);
console.log(out.join('\n'));
await browser.close();
