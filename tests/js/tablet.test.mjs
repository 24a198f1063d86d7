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
