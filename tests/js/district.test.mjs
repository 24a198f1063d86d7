// The district's page on a real `readycheck serve` (issue 25, SPEC §10.2–10.4), in chromium
// under the service's strict CSP: the roster with each site's latest state and the sites
// that sent nothing; one submission opened whole (answers, photo, ledger) with local times;
// a review recorded from the page and shown in its history.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { launch } from './chromium.mjs';
import { startService, readycheck } from './service-harness.mjs';

const shots = process.env.SCREENSHOTS;
let server, browser, base, db;
const errors = [];

before(async () => {
  server = await startService('district');
  ({ base, db } = server);
  // The popup blocker a user's browser has (playwright turns it off): the report's tab must open at the tap.
  browser = await launch({ ignoreDefaultArgs: ['--disable-popup-blocking'] });
});

after(async () => {
  await browser?.close();
  server?.stop();
  assert.deepEqual(errors, []);
});

test('the roster, the missing sites, a submission opened whole with its photo, and a review from the page', async () => {
  // The bureau's roster.
  const roster = [{ code: 'D-1', name: '城关一小', 片区: '城关' }, { code: 'D-2', name: '城关二小', 片区: '城关' }];
  let r = await fetch(`${base}api/sites`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(roster) });
  assert.ok(r.ok, await r.text());
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.addInitScript(() => {
    window.__v = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__v.push(e.violatedDirective));
  });
  // D-1's self-check with a photo, sent as the element's outbox does (multipart, §8).
  await page.goto(base);
  const jpeg = await page.evaluate(async () => {
    const c = new OffscreenCanvas(64, 48);
    const g = c.getContext('2d');
    g.fillStyle = '#c62828';
    g.fillRect(0, 0, 64, 48);
    return [...new Uint8Array(await (await c.convertToBlob({ type: 'image/jpeg' })).arrayBuffer())];
  });
  const bytes = Buffer.from(jpeg);
  const sha = (await import('node:crypto')).createHash('sha256').update(bytes).digest('hex');
  const assessment = { format: 'readycheck-assessment/1', template: { id: 'example', version: '1.0.0' }, mode: 'self', as_of: '2026-08-25',
    site: { code: 'D-1', name: '城关一小' }, answers: { org_group: 'yes', org_plan: 'no', students: 100, masks: 3000, thermometers: 'yes' },
    notes: { org_plan: '方案未成文' }, evidence: { org_plan: [{ sha256: sha, type: 'image/jpeg', bytes: bytes.length, caption: '现场照片' }] },
    actions: [{ id: 'a1', finding: 'org_plan', description: '制定方案', owner: '王老师', due: '2026-08-28', status: 'open' }] };
  const fd = new FormData();
  fd.append('assessment', new Blob([JSON.stringify(assessment)], { type: 'application/json' }), 'assessment.json');
  fd.append(sha, new Blob([bytes], { type: 'image/jpeg' }), sha);
  r = await fetch(`${base}api/submissions`, { method: 'POST', body: fd, headers: { 'Idempotency-Key': 'd1-self' } });
  assert.equal(r.status, 201, await r.text());

  await page.goto(`${base}district.html?template=example`);
  await page.locator('#roster-rows tr').nth(1).waitFor();
  const rows = await page.locator('#roster-rows tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
  const d1 = rows.find((c) => c[0] === 'D-1');
  const d2 = rows.find((c) => c[0] === 'D-2');
  assert.match(d1[3], /^基本具备，需整改 \d/, 'the self-check with the shared verdict word');
  assert.equal(d1[4], '未提交', 'no inspection yet');
  assert.equal(d1[5], '待审核');
  assert.deepEqual([d2[3], d2[4], d2[5]], ['未提交', '未提交', '未提交']);
  assert.equal(d2[2], '片区：城关');
  assert.equal(await page.locator('#roster-rows tr.district-missing').count(), 1);
  assert.match(await page.locator('#district-status').textContent(), /名单 2 所，未提交 1 所/);

  // The submission whole: answers, photo, ledger, in the read-only form; times in local time.
  await page.locator('#roster-rows tr', { hasText: 'D-1' }).getByRole('button', { name: /自查/ }).click();
  await page.locator('#site').waitFor();
  assert.match(await page.locator('#site-title').textContent(), /城关一小（D-1）自查/);
  const received = await page.evaluate(async (b) => (await (await fetch(`${b}api/submissions/1`)).json()).received_at, base);
  const localTime = await page.evaluate((t) => new Date(t).toLocaleString('zh-CN', { hour12: false }), received);
  assert.ok((await page.locator('#site-meta').textContent()).includes(localTime), 'received, in local time');
  const form = page.locator('#site-form');
  await page.waitForFunction(() => document.getElementById('site-form').assessment?.site?.code === 'D-1');
  assert.equal(await form.locator('[data-item="org_plan"] [data-value="no"]').getAttribute('aria-checked'), 'true');
  await page.waitForFunction(() => document.getElementById('site-form').shadowRoot.querySelector('[data-item="org_plan"] canvas.rc-thumb-img[data-painted]'));
  assert.equal(await form.locator('[data-item="org_plan"] canvas.rc-thumb-img').getAttribute('data-missing'), null, 'the photo came from the service');
  assert.equal(await form.locator('.rc-panel [data-field="owner"]').first().inputValue(), '王老师', 'the ledger');

  // A review from the page, kept in the history and on the roster.
  await page.locator('#review-note').fill('方案未成文，请补充');
  await page.locator('[data-review="returned"]').click();
  await page.locator('#review-status', { hasText: '已记录' }).waitFor();
  assert.match(await page.locator('#review-history').textContent(), /已退回整改：方案未成文，请补充/, 'the history holds the review once the page says it is recorded');
  await page.locator('#roster-rows tr', { hasText: 'D-1' }).locator('td', { hasText: '自查已退回整改' }).waitFor();
  const stored = await (await fetch(`${base}api/submissions/1`)).json();
  assert.equal(stored.review, 'returned');
  if (shots) await page.screenshot({ path: join(shots, 'district-site-1024x768.png'), fullPage: true });
  assert.deepEqual(await page.evaluate(() => window.__v), [], 'no CSP violation');
  await context.close();
});

test('with accounts: a school and the bureau each use their own token, and the review reaches the school', async () => {
  const add = (...args) => execFileSync(readycheck, ['accounts', 'add', '--db', db, ...args], { encoding: 'utf8' }).trim().split('\n').at(-1);
  const school = add('--role', 'site', '--sites', 'D-3', '--name', '城关三小');
  const bureau = add('--role', 'admin', '--name', '区教育局');
  const fourth = add('--role', 'site', '--sites', 'D-4', '--name', '城关四小');
  // Without a token the service now refuses; the pages know they must ask.
  assert.equal((await fetch(`${base}api/sites`)).status, 401);
  assert.equal((await (await fetch(`${base}collect.json`)).json()).token, true);
  const as = async (token) => {
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
    await context.addInitScript((t) => sessionStorage.setItem('readycheck:service-token', t), token);
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    return { context, page };
  };
  /** The demo page with the example template on site `code`, once its draft is that site's. */
  const onSite = async (page, code, name) => {
    await page.goto(`${base}?template=builtin:example`);
    await page.waitForFunction(() => document.querySelector('ready-check')?.getAttribute('submit-url'));
    await page.evaluate(([c, n]) => {
      const el = document.querySelector('ready-check');
      el.setAttribute('site-code', c);
      el.setAttribute('site-name', n);
    }, [code, name]);
    await page.waitForFunction((c) => document.querySelector('ready-check').draftKey?.endsWith(`:${c}`), code);
  };
  // A school that mistyped its token: the submission is refused (401) and kept; the page asks
  // again, and 提交 with the right token sends it.
  const m = await as('not-the-token');
  await onSite(m.page, 'D-4', '城关四小');
  await m.page.evaluate(() => document.querySelector('ready-check').setAnswer('org_group', 'yes'));
  await m.page.locator('ready-check [data-act="submit"]').click();
  await m.page.locator('#demo-status', { hasText: '口令无效' }).waitFor();
  await m.page.locator('.token-form input').fill(fourth);
  await m.page.locator('.token-form button').click();
  await m.page.locator('ready-check [data-act="submit"]').click();
  await m.page.locator('#demo-status', { hasText: '已送达区县' }).waitFor();
  assert.equal(await m.page.evaluate(() => sessionStorage.getItem('readycheck:service-token')), fourth);
  await m.context.close();
  // The school submits its self-check with its own token.
  const s = await as(school);
  await onSite(s.page, 'D-3', '城关三小');
  await s.page.evaluate(() => {
    const el = document.querySelector('ready-check');
    for (const [k, v] of Object.entries({ org_group: 'yes', org_plan: 'yes', students: 80, masks: 2000, thermometers: 'no' })) el.setAnswer(k, v);
  });
  await s.page.locator('ready-check [data-act="submit"]').click();
  await s.page.locator('#demo-status', { hasText: '已送达区县' }).waitFor();
  // The bureau reviews it on the district page with its token.
  const b = await as(bureau);
  await b.page.goto(`${base}district.html?template=example`);
  const row = b.page.locator('#rows tr', { hasText: 'D-3' });
  await row.waitFor();
  await row.getByRole('button').click();
  await b.page.waitForFunction(() => document.getElementById('site-form').assessment?.site?.code === 'D-3');
  await b.page.locator('#review-note').fill('体温计不足，补齐后复查');
  // The network drops as the bureau taps: said on the page, the note kept, nothing recorded.
  await b.context.route(/\/review$/, (route) => route.abort('internetdisconnected'));
  await b.page.locator('[data-review="reinspect"]').click();
  await b.page.locator('#review-status', { hasText: '无法连接收集服务' }).waitFor();
  assert.equal(await b.page.locator('#review-note').inputValue(), '体温计不足，补齐后复查');
  assert.equal(await b.page.locator('[data-review="reinspect"]').isEnabled(), true);
  await b.context.unroute(/\/review$/);
  await b.page.locator('[data-review="reinspect"]').click();
  await b.page.locator('#review-status', { hasText: '已记录' }).waitFor();
  // The roll-up report, fetched with the token: a slow roll-up (longer than a tap's
  // activation) still opens, in the tab opened at the tap.
  await b.context.route(/\/api\/rollup\?/, async (route) => {
    await new Promise((r) => setTimeout(r, 6000));
    await route.continue();
  });
  const tab = b.context.waitForEvent('page');
  await b.page.locator('#report-link').click();
  const report = await tab;
  await report.waitForURL(/^blob:/, { timeout: 20000 });
  assert.match(await report.locator('body').textContent(), /D-3/);
  await report.close();
  // The school, opening its form again, sees it.
  await s.page.reload();
  await s.page.waitForFunction(() => document.querySelector('ready-check')?.getAttribute('submit-url'));
  await s.page.evaluate(() => document.querySelector('ready-check').setAttribute('site-code', 'D-3'));
  await s.page.locator('ready-check .rc-review', { hasText: '需复查：体温计不足，补齐后复查' }).waitFor();
  await s.context.close();
  await b.context.close();
});
