// The element with a real collect service (SPEC §10.3, §10.4): `readycheck serve` on a
// fresh SQLite file serves the page; a template published there opens with
// template="server:<id>" (and from the device's copy when the service cannot be reached);
// a review of the site's submission shows in the form; an inspector's 载入自查结果 fetches the
// site's latest self-check from the service.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { firstLoadFiles } from '../../scripts/first-load.mjs';
import { join } from 'node:path';
import { launch } from './chromium.mjs';
import { startService, root } from './service-harness.mjs';

const shots = process.env.SCREENSHOTS;
let server, browser, base;
const errors = [];

before(async () => {
  server = await startService('service');
  ({ base } = server);
  // The bureau publishes its own checklist.
  const t = JSON.parse(readFileSync(join(root, 'templates/example.json'), 'utf8'));
  t.id = 'district-check';
  t.version = '2026.1';
  t.title = { 'zh-CN': '城关片区开学检查', en: 'Chengguan reopening check' };
  const r = await fetch(`${base}api/templates`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(t) });
  assert.equal(r.status, 201, await r.text());
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.stop();
  assert.deepEqual(errors, []);
});

/** The demo page with its element replaced by one with `attrs` (no inline script: built from the test). */
async function element(context, attrs) {
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(base);
  await page.waitForFunction(() => customElements.get('ready-check'));
  await page.evaluate((a) => {
    window.__events = [];
    for (const t of ['readycheck-ready', 'readycheck-error', 'readycheck-outbox']) document.addEventListener(t, (e) => window.__events.push({ type: t, detail: e.detail }));
    document.getElementById('check').remove();
    const el = document.createElement('ready-check');
    el.id = 'check';
    for (const [k, v] of Object.entries(a)) el.setAttribute(k, v);
    document.querySelector('main').append(el);
  }, attrs);
  await page.waitForFunction(() => window.__events.some((e) => e.type === 'readycheck-ready' || e.type === 'readycheck-error'));
  return page;
}

const submitUrl = '/api/submissions';

test('template="server:<id>" opens the published template, and the device\'s copy when the service is out of reach', async () => {
  const context = await browser.newContext();
  const page = await element(context, { template: 'server:district-check', 'submit-url': submitUrl, 'site-code': 'CG-1', locale: 'zh-CN' });
  assert.deepEqual(await page.evaluate(() => window.__events.filter((e) => e.type === 'readycheck-error')), []);
  assert.equal(await page.evaluate(() => document.getElementById('check').result.template.id), 'district-check');
  assert.match(await page.locator('ready-check h1, ready-check .rc-title').first().textContent(), /城关片区开学检查/);
  // The demo's picker lists it beside the built-in ones.
  await page.locator('#template-picker option[value="server:district-check"]').waitFor({ state: 'attached' });
  assert.equal(await page.locator('#template-picker option[value="server:district-check"]').textContent(), '城关片区开学检查');
  // The service is unreachable now: the copy kept on the device opens.
  let refused = 0;
  await context.route('**/api/templates/**', (r) => { refused++; return r.abort('internetdisconnected'); });
  const again = await element(context, { template: 'server:district-check', 'submit-url': submitUrl, 'site-code': 'CG-1' });
  assert.equal(refused, 1, 'the service was asked and could not answer');
  assert.equal(await again.evaluate(() => document.getElementById('check').result.template.id), 'district-check');
  await context.unroute('**/api/templates/**');
  // Without submit-url there is no service to ask: a clear error.
  const lost = await element(context, { template: 'server:district-check' });
  const err = await lost.evaluate(() => window.__events.find((e) => e.type === 'readycheck-error')?.detail);
  assert.equal(err.code, 'input');
  assert.match(err.message, /submit-url/);
  await context.close();
});

test("the district's review of a site's submission shows in the form; an inspector loads the site's self-check from the service", async () => {
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  const school = await element(context, { template: 'builtin:example', 'submit-url': submitUrl, 'site-code': 'CG-2', 'site-name': '城关二小', mode: 'self' });
  await school.evaluate(() => {
    const el = document.getElementById('check');
    for (const [k, v] of Object.entries({ org_group: 'yes', org_plan: 'no', students: 100, masks: 3000, thermometers: 'yes' })) el.setAnswer(k, v);
  });
  await school.locator('ready-check [data-act="submit"]').click();
  await school.waitForFunction(() => window.__events.some((e) => e.type === 'readycheck-outbox' && e.detail.state === 'sent'));
  // The bureau returns it for rectification.
  const rows = await (await fetch(`${base}api/submissions?site=CG-2&mode=self&latest=1`)).json();
  const r = await fetch(`${base}api/submissions/${rows[0].id}/review`, { method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ state: 'returned', note: '防控方案未成文，请补充后重新提交' }) });
  assert.equal(r.status, 201, await r.text());
  // The school opens its form again: the review is on it.
  const back = await element(context, { template: 'builtin:example', 'submit-url': submitUrl, 'site-code': 'CG-2', mode: 'self' });
  const notice = back.locator('ready-check .rc-review');
  await notice.waitFor();
  assert.equal(await notice.textContent(), '已退回整改：防控方案未成文，请补充后重新提交');
  assert.equal(await notice.getAttribute('role'), 'status');
  if (shots) await back.screenshot({ path: join(shots, 'review-notice-1024x768.png') });
  // Another site has no review.
  const other = await element(context, { template: 'builtin:example', 'submit-url': submitUrl, 'site-code': 'CG-3', mode: 'self' });
  await other.waitForTimeout(300);
  assert.equal(await other.locator('ready-check .rc-review').count(), 0);
  // The inspector, on site CG-2, loads the school's self-check from the service.
  const inspector = await element(context, { template: 'builtin:example', 'submit-url': submitUrl, 'site-code': 'CG-2', mode: 'inspection' });
  await inspector.evaluate(() => document.getElementById('check').setAnswer('org_plan', 'yes'));
  await inspector.locator('ready-check [data-act="load-self"]').click();
  const compare = inspector.locator('ready-check .rc-compare');
  await compare.waitFor();
  assert.match(await compare.textContent(), /防控|方案|org_plan|一致率/);
  await context.close();
});

test("an inspector's 载入自查结果 opens a file while the tap lasts when the service does not answer", async () => {
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  // The school's self-check, as a file it handed over.
  const school = await element(context, { template: 'builtin:example', 'site-code': 'CG-9', mode: 'self' });
  const file = await school.evaluate(() => {
    const el = document.getElementById('check');
    for (const [k, v] of Object.entries({ org_group: 'yes', org_plan: 'no', students: 100 })) el.setAnswer(k, v);
    return JSON.stringify(el.assessment);
  });
  // On site the network holds every request to the service unanswered.
  const held = [];
  await context.route(/\/api\/submissions\?/, (route) => { held.push(route); });
  const inspector = await element(context, { template: 'builtin:example', 'submit-url': submitUrl, 'site-code': 'CG-9', mode: 'inspection' });
  // Generous: a chooser asked for after the tap's activation (5 s) never opens at all.
  const chooser = inspector.waitForEvent('filechooser', { timeout: 10000 });
  await inspector.locator('ready-check [data-act="load-self"]').click();
  const opened = await chooser;
  assert.ok(held.length >= 1, 'the service was asked first');
  await opened.setFiles({ name: 'self-check.json', mimeType: 'application/json', buffer: Buffer.from(file) });
  const compare = inspector.locator('ready-check .rc-compare');
  await compare.waitFor();
  assert.match(await compare.textContent(), /一致率/);
  await context.close();
});

test("a draft of a published template opens from the demo's drafts list with that template, titled", async () => {
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  await page.addInitScript(() => {
    window.__errors = [];
    document.addEventListener('readycheck-error', (e) => window.__errors.push(e.detail));
  });
  // A school fills in the bureau's published checklist.
  await page.goto(`${base}?template=server:district-check`);
  await page.waitForFunction(() => document.getElementById('check').result?.template?.id === 'district-check');
  await page.evaluate(() => document.getElementById('check').setAttribute('site-code', 'CG-7'));
  await page.waitForFunction(() => document.getElementById('check').draftKey?.endsWith(':CG-7'));
  await page.evaluate(() => document.getElementById('check').setAnswer('org_group', 'yes'));
  // Later it opens that draft from the list, on a page showing a built-in template.
  await page.goto(`${base}?template=builtin:example`);
  await page.waitForFunction(() => document.getElementById('check').result?.template?.id === 'example');
  await page.locator('#drafts-toggle').click();
  const row = page.locator('#drafts tr', { hasText: 'CG-7' });
  await row.waitFor();
  assert.match(await row.textContent(), /城关片区开学检查/);
  await row.getByRole('button', { name: /打开/ }).click();
  await page.waitForFunction(() => document.getElementById('check').result?.template?.id === 'district-check');
  assert.equal(await page.evaluate(() => document.getElementById('check').getAttribute('template')), 'server:district-check');
  assert.equal(await page.evaluate(() => document.getElementById('check').assessment.answers.org_group), 'yes');
  assert.deepEqual(await page.evaluate(() => window.__errors), []);
  await context.close();
});

test('template="server:<id>" set before submit-url (the order React sets properties in) opens once submit-url comes', async () => {
  const context = await browser.newContext();
  const page = await element(context, { template: 'server:district-check', 'site-code': 'CG-8' });
  const err = await page.evaluate(() => window.__events.find((e) => e.type === 'readycheck-error')?.detail);
  assert.equal(err?.code, 'input');
  await page.evaluate((url) => { document.getElementById('check').submitUrl = url; }, submitUrl);
  await page.waitForFunction(() => document.getElementById('check').result?.template?.id === 'district-check');
  assert.match(await page.locator('ready-check .rc-title').first().textContent(), /城关片区开学检查/);
  assert.equal(await page.locator('ready-check .rc-error').isVisible(), false, 'the earlier error is gone');
  await context.close();
});

test("the service sends the element's files as the brotli copies the build wrote (scripts/precompress.mjs)", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  const www = new URL('www/', `file://${root}`);
  const counted = new Set(firstLoadFiles(www).map((f) => `/${f}`));
  const got = new Map();
  page.on('requestfinished', async (r) => {
    const path = new URL(r.url()).pathname;
    if (!counted.has(path)) return;
    const response = await r.response();
    got.set(path, { encoding: (await response.allHeaders())['content-encoding'], sent: (await r.sizes()).responseBodySize });
  });
  await page.goto(base);
  await page.waitForFunction(() => document.getElementById('check').result?.template?.id === 'school-reopening');
  await page.waitForFunction((n) => performance.getEntriesByType('resource').length >= n, counted.size);
  await expect(() => got.size === counted.size, () => `fetched ${[...got.keys()]}`);
  let sent = 0, copies = 0, asBuilt = 0;
  for (const [path, { encoding, sent: n }] of got) {
    const file = new URL(path.slice(1), www);
    asBuilt += statSync(file).size;
    const br = new URL(`${path.slice(1)}.br`, www);
    if (existsSync(br)) {
      assert.equal(encoding, 'br', `${path} sent as brotli`);
      copies += statSync(br).size;
    } else {
      assert.equal(encoding, undefined, `${path} has no copy and is sent as it is`);
      copies += statSync(file).size;
    }
    sent += n;
  }
  // Byte for byte the copies on disk; and the page works from them (the form scored above).
  assert.equal(sent, copies);
  assert.ok(sent < asBuilt / 2.5, `${sent} bytes sent for ${asBuilt} built`);
  console.log(`# first load from readycheck serve: ${(sent / 1024).toFixed(1)} KiB brotli for ${(asBuilt / 1024).toFixed(1)} KiB as built`);
  await context.close();
});

/** Polls `ok` for up to 5 s (events that playwright reports after the page's own work). */
async function expect(ok, what) {
  for (let i = 0; i < 100 && !ok(); i++) await new Promise((r) => setTimeout(r, 50));
  assert.ok(ok(), what());
}
