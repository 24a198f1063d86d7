// The inspector's drafts as found by hand (issue 28) in headless chromium under the strict
// CSP: each test replays one bug as it was reported. The rules themselves are decided in
// Rust (src/document/draft/) and tested natively; these check the element applies them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { server, browser, open, ready, item, drafts, el, saved, events } from './harness.mjs';

test('a reload opens the draft that was open: its mode and its site', async () => {
  const context = await browser.newContext({ viewport: { width: 768, height: 1024 } });
  const page = await open(context);
  // The inspector switches to 督查, names the site and answers.
  await page.locator('ready-check [data-act="mode"][data-to="inspection"]').click();
  await page.waitForFunction(() => document.querySelector('ready-check').getAttribute('mode') === 'inspection');
  const bar = page.locator('ready-check .rc-sitebar');
  await bar.locator('[data-site="name"]').fill('实验小学');
  await bar.locator('[data-site="code"]').fill('X9');
  await bar.locator('[data-act="site"]').click();
  await item(page, 'org_01').locator('[data-value="no"]').click();
  assert.equal(await saved(page), true);
  await page.reload();
  await ready(page);
  assert.equal(await el(page, (e) => e.getAttribute('mode')), 'inspection');
  assert.equal(await el(page, (e) => e.draftKey), 'readycheck:school-reopening:inspection:X9');
  assert.equal(await page.locator('ready-check .rc-site').textContent(), '实验小学');
  assert.equal(await item(page, 'org_01').locator('[data-value="no"]').getAttribute('aria-checked'), 'true');
  assert.equal(await page.locator('ready-check .rc-sitebar').count(), 0, 'no site bar: the site is named');
  await context.close();
});

test('the drafts list shows the numbers of the form it opens, answers tapped in quickly included', async () => {
  const context = await browser.newContext();
  const page = await open(context);
  // Forty answers within a second (the list's summary was written at most every two seconds).
  await el(page, (e) => {
    const ids = [...e.shadowRoot.querySelectorAll('[data-item]')].map((n) => n.dataset.item);
    let n = 0;
    for (const id of ids) {
      const yes = e.shadowRoot.querySelector(`[data-item="${id}"] [data-value="yes"]`);
      if (yes && n < 40) { e.setAnswer(id, 'yes'); n++; }
    }
  });
  assert.equal(await saved(page), true);
  const shown = await el(page, (e) => ({ answered: e.result.progress.answered, applicable: e.result.progress.applicable, score: e.result.score, verdict: e.result.verdict, key: e.draftKey }));
  const row = (await drafts(page)).find((d) => d.key === shown.key);
  assert.deepEqual([row.answered, row.applicable, row.score, row.verdict], [shown.answered, shown.applicable, shown.score, shown.verdict]);
  assert.ok(shown.answered >= 40);
  await context.close();
});

test('no draft exists until the first answer or site name: switching modes leaves none behind', async () => {
  const context = await browser.newContext();
  const page = await open(context);
  await page.locator('ready-check [data-act="mode"][data-to="inspection"]').click();
  await page.waitForFunction(() => document.querySelector('ready-check').draftKey?.includes(':inspection:'));
  await page.locator('ready-check [data-act="mode"][data-to="self"]').click();
  await page.waitForFunction(() => document.querySelector('ready-check').draftKey?.includes(':self:'));
  await page.reload();
  await ready(page);
  assert.deepEqual(await drafts(page), [], 'nobody started a draft');
  await item(page, 'org_01').locator('[data-value="yes"]').click();
  assert.equal(await saved(page), true);
  assert.deepEqual((await drafts(page)).map((d) => [d.mode, d.answered]), [['self', 1]]);
  await context.close();
});

test("a submission's outbox state belongs to its own draft, in the form and in the list", async () => {
  const context = await browser.newContext();
  const page = await open(context);
  await el(page, (e) => { e.setAttribute('submit-url', '/api/submit'); e.setAttribute('site-code', 'A1'); });
  await page.waitForFunction(() => document.querySelector('ready-check').draftKey?.endsWith(':A1'));
  await item(page, 'org_01').locator('[data-value="yes"]').click();
  await page.locator('ready-check [data-act="submit"]').click();
  await page.waitForFunction(() => window.__events.some((e) => e.type === 'readycheck-outbox' && e.detail.state === 'sent'));
  const outbox = page.locator('ready-check .rc-save [data-slot="outbox"]');
  assert.equal(await outbox.getAttribute('data-state'), 'sent');
  // The record is dated with the device's local day at submit (SPEC §8, 1.2).
  const today = await page.evaluate(() => { const d = new Date(); return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`; });
  assert.equal(await el(page, (e) => e.assessment.as_of), today);
  // Another school on the same tablet: nothing was sent for it.
  await el(page, (e) => e.setAttribute('site-code', 'B2'));
  await page.waitForFunction(() => document.querySelector('ready-check').draftKey?.endsWith(':B2'));
  await item(page, 'org_01').locator('[data-value="no"]').click();
  assert.equal(await saved(page), true);
  await page.waitForFunction(() => document.querySelector('ready-check').shadowRoot.querySelector('.rc-save [data-slot="outbox"]')?.dataset.state === 'none');
  assert.equal(await outbox.isVisible(), false);
  const list = await drafts(page);
  assert.deepEqual(list.map((d) => [d.site.code, d.outbox]).sort(), [['A1', 'sent'], ['B2', null]]);
  // Back on the first school: its state shows again.
  await el(page, (e) => e.setAttribute('site-code', 'A1'));
  await page.waitForFunction(() => document.querySelector('ready-check').shadowRoot.querySelector('.rc-save [data-slot="outbox"]')?.dataset.state === 'sent');
  await context.close();
});

test('a server refusing with 500 is named while the submission waits to be retried', async () => {
  const context = await browser.newContext();
  const page = await open(context);
  server.answers.push(500, 500, 500, 500, 500, 500);
  await el(page, (e) => { e.setAttribute('submit-url', '/api/submit'); e.setAttribute('site-code', 'C3'); });
  await page.waitForFunction(() => document.querySelector('ready-check').draftKey?.endsWith(':C3'));
  await item(page, 'org_01').locator('[data-value="yes"]').click();
  await page.locator('ready-check [data-act="submit"]').click();
  await page.waitForFunction(() => window.__events.some((e) => e.type === 'readycheck-outbox' && e.detail.status === 500));
  const slot = page.locator('ready-check .rc-save [data-slot="outbox"]');
  await page.waitForFunction(() => document.querySelector('ready-check').shadowRoot.querySelector('.rc-save [data-slot="outbox"]')?.dataset.state === 'refused');
  assert.match(await slot.textContent(), /服务器暂未接收.*数据库维护中/);
  server.answers.length = 0;
  await context.close();
});

test('two tabs setting one item at the same moment end with the same value', async () => {
  const context = await browser.newContext();
  const a = await open(context);
  const b = await open(context);
  for (let round = 0; round < 5; round++) {
    // Both set the item in the same task turn of their own pages, as near together as two tabs can.
    await Promise.all([
      el(a, (e, r) => e.setAnswer('org_01', r % 2 ? 'yes' : 'no'), round),
      el(b, (e, r) => e.setAnswer('org_01', r % 2 ? 'no' : 'yes'), round),
    ]);
    await a.waitForTimeout(300);
    const [va, vb] = await Promise.all([a, b].map((p) => el(p, (e) => e.assessment.answers.org_01)));
    assert.equal(va, vb, `round ${round}: both tabs show the same value`);
  }
  await context.close();
});

test('a second unnamed draft is kept beside the first, and storage-key never relabels another school', async () => {
  const context = await browser.newContext();
  const page = await open(context);
  await item(page, 'org_01').locator('[data-value="yes"]').click();
  assert.equal(await saved(page), true);
  // A portal sets a new unnamed document with answers: the first unnamed draft stays.
  await el(page, (e) => { e.assessment = { format: 'readycheck-assessment/1', template: { id: 'school-reopening' }, mode: 'self', answers: { org_02: 'no' } }; });
  assert.equal(await saved(page), true);
  const list = await drafts(page);
  const unnamed = Object.fromEntries(list.map((d) => [d.key, d.answered]));
  assert.deepEqual(unnamed, { 'readycheck:school-reopening:self:_': 1, 'readycheck:school-reopening:self:_~2': 1 });
  // Two schools' drafts under portal keys; the page names school A and switches the key to B's draft.
  await el(page, (e) => { e.setAttribute('site-code', 'A'); e.setAttribute('site-name', '甲校'); e.setAttribute('storage-key', 'portal:A'); });
  await item(page, 'org_03').locator('[data-value="yes"]').click();
  await el(page, (e) => localStorage.setItem('portal:B', JSON.stringify({ format: 'readycheck-assessment/1', template: { id: 'school-reopening' },
    mode: 'self', site: { code: 'B', name: '乙校' }, answers: { org_01: 'no' }, updated_at: '2026-09-01T00:00:00Z' })));
  await el(page, (e) => e.setAttribute('storage-key', 'portal:B'));
  await page.waitForFunction(() => document.querySelector('ready-check').assessment.site?.code === 'B');
  await page.waitForTimeout(100);
  assert.deepEqual(await el(page, (e) => e.assessment.site), { code: 'B', name: '乙校' }, 'B\'s draft keeps its own site');
  await context.close();
});

test('a photo refused for a full store is a storage error, and the form no longer says saved', async () => {
  const context = await browser.newContext();
  await context.addInitScript(() => {
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (...args) {
      if (this.name === 'blobs') throw new DOMException('the quota is full', 'QuotaExceededError');
      return put.apply(this, args);
    };
  });
  const page = await open(context);
  await item(page, 'org_01').locator('[data-value="yes"]').click();
  assert.equal(await saved(page), true);
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
  const chooser = page.waitForEvent('filechooser');
  await item(page, 'iso_01').locator('[data-act="photo"]').click();
  await (await chooser).setFiles({ name: 'p.png', mimeType: 'image/png', buffer: png });
  await page.waitForFunction(() => window.__events.some((e) => e.type === 'readycheck-error'));
  const errs = await events(page, 'readycheck-error');
  assert.deepEqual(errs.map((e) => e.code), ['storage']);
  assert.equal(await page.locator('ready-check .rc-save [data-slot="save"]').getAttribute('data-state'), 'failed');
  await context.close();
});
