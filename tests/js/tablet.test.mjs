// The inspector's tablet (issue 28), measured by element boxes in headless chromium: the
// result panel folds to one line on a portrait screen and nothing scrolls inside it or
// overlaps; the printable findings document; the demo page in one language at a time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { browser, open, el } from './harness.mjs';

const shots = process.env.SCREENSHOTS;

/** Boxes of the panel, its children, and the form's items on screen. */
const boxes = (page) => page.evaluate(() => {
  const root = document.querySelector('ready-check').shadowRoot;
  const r = (e) => { const b = e.getBoundingClientRect(); return { top: b.top, bottom: b.bottom, left: b.left, right: b.right, height: b.height }; };
  const panel = root.querySelector('.rc-panel');
  const scrolls = [panel, ...panel.querySelectorAll('*')].filter((e) => e.scrollHeight > e.clientHeight + 1 && getComputedStyle(e).overflowY !== 'visible');
  return {
    panel: r(panel),
    position: getComputedStyle(panel).position,
    background: getComputedStyle(panel).backgroundColor,
    shown: [...panel.children].filter((c) => c.offsetParent !== null).map((c) => ({ cls: c.className, ...r(c) })),
    scrolls: scrolls.map((e) => e.className),
    items: [...root.querySelectorAll('.rc-item')].map(r).filter((b) => b.bottom > 0 && b.top < innerHeight),
    fold: root.querySelector('.rc-fold') && { visible: root.querySelector('.rc-fold').offsetParent !== null, expanded: root.querySelector('.rc-fold').getAttribute('aria-expanded'), ...r(root.querySelector('.rc-fold')) },
  };
});
const overlaps = (a, b) => a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5 && a.left < b.right - 0.5 && b.left < a.right - 0.5;

test('portrait 768×1024: the result folds to one line, opens on a tap in the page, nothing scrolls inside it or overlaps', async () => {
  const context = await browser.newContext({ viewport: { width: 768, height: 1024 }, hasTouch: true });
  const page = await open(context);
  await el(page, (e) => { e.setAttribute('mode', 'inspection'); });
  await page.waitForFunction(() => document.querySelector('ready-check').draftKey?.includes(':inspection:'));
  await el(page, (e) => { for (const id of ['org_01', 'org_02', 'org_03', 'org_04']) e.setAnswer(id, 'no'); });
  await page.evaluate(() => window.scrollTo(0, 1200));
  await page.waitForTimeout(200);
  const folded = await boxes(page);
  assert.equal(folded.position, 'sticky');
  assert.ok(folded.panel.height <= 80, `one line: ${folded.panel.height} px`);
  assert.ok(Math.abs(folded.panel.top) < 1, 'it stays at the top while the form scrolls');
  assert.deepEqual(folded.shown.map((c) => c.cls.split(' ')[0]).sort(), ['rc-tool', 'rc-verdict'].sort());
  assert.ok(folded.fold.visible && folded.fold.expanded === 'false' && folded.fold.height >= 44);
  assert.notEqual(folded.background, 'rgba(0, 0, 0, 0)', 'opaque: no form text shows through');
  assert.deepEqual(folded.scrolls, []);
  const text = await page.locator('ready-check .rc-panel .rc-verdict').innerText();
  assert.match(text.replace(/\s+/g, ' '), /^\d+\.\d .+ 已答 4\/\d+/);
  if (shots) await page.screenshot({ path: join(shots, 'tablet-folded-768x1024.png') });
  // A tap opens it above the form, in the page's flow.
  await page.locator('ready-check .rc-fold').tap();
  const open1 = await boxes(page);
  assert.equal(open1.position, 'static');
  assert.equal(open1.fold.expanded, 'true');
  assert.deepEqual(open1.scrolls, [], 'nothing scrolls inside the open panel');
  assert.ok(open1.shown.length >= 4, 'verdict, findings, chart, sign-off shown');
  assert.ok(Math.abs(open1.panel.top) < 2, `the page scrolled to it: ${open1.panel.top}`);
  for (const c of open1.shown) for (const i of open1.items) assert.ok(!overlaps(c, i), `${c.cls} overlaps an item`);
  for (const [a, b] of open1.shown.flatMap((a, k) => open1.shown.slice(k + 1).map((b) => [a, b]))) {
    if (a.cls.includes('rc-fold') || b.cls.includes('rc-fold')) continue;
    assert.ok(!overlaps(a, b), `${a.cls} overlaps ${b.cls}`);
  }
  assert.ok(await page.locator('ready-check .rc-panel').getByText('各分区得分').isVisible());
  if (shots) await page.screenshot({ path: join(shots, 'tablet-open-768x1024.png') });
  // Folded again, the page is back where the inspector was.
  await page.locator('ready-check .rc-fold').tap();
  assert.ok(Math.abs(await page.evaluate(() => window.scrollY) - 1200) <= 2, 'back where the inspector was');
  await context.close();
});

test('portrait 768×1024: a section tab and 下一未答 land below the folded verdict line, not under it', async () => {
  const context = await browser.newContext({ viewport: { width: 768, height: 1024 }, hasTouch: true });
  const page = await open(context);
  const landed = (pick) => page.evaluate(async (pick) => {
    const root = document.querySelector('ready-check').shadowRoot;
    const b = pick === 'next' ? root.querySelector('[data-act="next-unanswered"]')
      : [...root.querySelectorAll('.rc-nav button')].find((n) => n.textContent.includes(pick));
    b.click();
    for (let f = 0; f < 12; f++) await new Promise((r) => requestAnimationFrame(r));
    const target = pick === 'next' ? root.activeElement.closest('[data-item]') : root.activeElement;
    return { top: target.getBoundingClientRect().top, panel: root.querySelector('.rc-panel').getBoundingClientRect().bottom };
  }, pick);
  for (const pick of ['住宿、乘车与接送', '健康摸排与报告', 'next']) {
    const { top, panel } = await landed(pick);
    assert.ok(top >= panel && top < panel + 120, `${pick}: its top ${top} against the folded line's bottom ${panel}`);
  }
  await context.close();
});

test('landscape 1024×768: the panel stands beside the form, no fold button, nothing overlaps', async () => {
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  const page = await open(context);
  await el(page, (e) => { for (const id of ['org_01', 'org_02']) e.setAnswer(id, 'no'); });
  const b = await boxes(page);
  assert.equal(b.fold.visible, false);
  for (const i of b.items) assert.ok(!overlaps(b.panel, i), 'the panel is beside the form');
  if (shots) await page.screenshot({ path: join(shots, 'tablet-1024x768.png') });
  await context.close();
});

/** Pages in a PDF chromium printed (each page object is `/Type /Page`). */
const pages = (pdf) => (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;

test('the findings document prints on at most three A4 pages; the whole form on many; inspection prints findings by default', async () => {
  const { readFileSync } = await import('node:fs');
  const dir = new URL('../scenarios/school-reopening/', import.meta.url);
  const all = JSON.parse(readFileSync(new URL('all-met.json', dir), 'utf8'));
  const { changes } = JSON.parse(readFileSync(new URL('03-ten-high-weight-measures-missing.json', dir), 'utf8'));
  const ids = Object.keys(changes);
  const doc = {
    ...all, mode: 'inspection', site: { code: 'S7', name: '第七中学' }, as_of: '2026-08-25',
    answers: { ...all.answers, ...changes },
    notes: Object.fromEntries(ids.slice(0, 6).map((id) => [id, '现场查看未落实，需在开学前整改到位。'])),
    evidence: Object.fromEntries(ids.slice(0, 3).map((id, k) => [id, [{ sha256: String(k).repeat(64), type: 'image/jpeg', caption: '现场照片' }]])),
    actions: ids.slice(0, 6).map((id, k) => ({ id: `a${k + 1}`, finding: id, description: '按方案整改并复查', owner: '王老师', due: '2026-08-30', status: 'open' })),
  };
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  const page = await open(context);
  await el(page, (e, d) => { e.setAttribute('mode', 'inspection'); e.assessment = d; }, doc);
  await page.waitForFunction(() => document.querySelector('ready-check').assessment.site?.code === 'S7');
  // The element's print() prepares the view; window.print is stubbed so the test can print to PDF.
  await page.evaluate(() => { window.print = () => { window.__printed = (window.__printed || 0) + 1; }; });
  await el(page, (e) => e.print());
  assert.equal(await page.evaluate(() => window.__printed), 1);
  assert.equal(await page.locator('ready-check .rc').getAttribute('data-print'), 'findings', 'inspection mode prints findings by default');
  await page.emulateMedia({ media: 'print' });
  const docText = await page.locator('ready-check .rc-findings-doc').innerText();
  for (const want of ['督查意见', '第七中学（S7）', '2026-08-25', '整改台账', '签字确认', '检查人', '学校负责人', '王老师']) {
    assert.ok(docText.includes(want), `the findings document shows ${want}`);
  }
  assert.equal(await page.locator('ready-check .rc-findings-doc .rc-doc-photos canvas').count(), 3);
  assert.equal(await page.locator('ready-check .rc-form').isVisible(), false, 'no form controls in the findings print');
  const findings = pages(await page.pdf({ format: 'A4', printBackground: true }));
  assert.ok(findings >= 1 && findings <= 3, `findings document: ${findings} pages`);
  console.log(`findings document ${findings} A4 pages`);
  await page.emulateMedia({ media: 'screen' });
  assert.equal(await page.locator('ready-check .rc-findings-doc').isVisible(), false, 'not on screen');
  // The toolbar offers the whole form too.
  await page.locator('ready-check [data-act="print"]').click();
  await page.waitForFunction(() => document.querySelector('ready-check').shadowRoot.querySelector('.rc').dataset.print === 'form');
  const form = pages(await page.pdf({ format: 'A4', printBackground: true }));
  assert.ok(form > findings + 3, `the whole form: ${form} pages`);
  console.log(`whole form ${form} A4 pages`);
  await page.locator('ready-check [data-act="print-findings"]').click();
  await page.waitForFunction(() => document.querySelector('ready-check').shadowRoot.querySelector('.rc').dataset.print === 'findings');
  if (shots) {
    await page.emulateMedia({ media: 'print' });
    await page.screenshot({ path: join(shots, 'findings-print.png'), fullPage: true });
  }
  await context.close();
});

test('the demo page speaks one language at a time, the element\'s', async () => {
  const context = await browser.newContext({ viewport: { width: 768, height: 1024 } });
  const page = await open(context, '?drafts');
  await el(page, (e) => e.setAnswer('org_01', 'yes'));
  await el(page, (e) => e.saved);
  await page.locator('#drafts-toggle').click();
  await page.locator('#drafts-toggle').click();
  await page.locator('#drafts tbody tr').first().waitFor();
  const page_ = () => page.evaluate(() => [document.querySelector('.demo-bar').innerText, document.querySelector('#drafts').innerText, document.documentElement.lang].join('\n'));
  const zh = await page_();
  assert.doesNotMatch(zh.replace(/readycheck|\d|JSON|CSV/g, ''), /[A-Za-z]{3,}/, `Chinese only:\n${zh}`);
  assert.match(zh, /未填写学校/);
  // The unnamed site's cell stays on one line at 768 px.
  const lines = await page.locator('#drafts tbody tr').first().evaluate((tr) => {
    const r = document.createRange();
    r.selectNodeContents(tr.cells[0]);
    return new Set([...r.getClientRects()].map((b) => Math.round(b.top))).size;
  });
  assert.equal(lines, 1, 'one line');
  await page.locator('ready-check [data-act="locale"][data-to="en"]').click();
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  await page.waitForFunction(() => document.querySelector('#drafts').innerText.includes('No site yet'));
  const en = await page_();
  assert.doesNotMatch(en, /[\u4e00-\u9fff]/, `English only:\n${en}`);
  assert.match(en, /Drafts on this device/);
  await context.close();
});
