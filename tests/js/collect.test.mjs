// The demo end to end with the real collect service: `readycheck serve` on a fresh SQLite
// file serves the page; a submission made in headless chromium is stored, re-scored and
// shown on the district page and in the roll-up.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { launch } from './chromium.mjs';
import { startService } from './service-harness.mjs';

const shots = process.env.SCREENSHOTS;
let server, browser, base;
const consoleErrors = [];

before(async () => {
  server = await startService('collect');
  ({ base } = server);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.stop();
  assert.deepEqual(consoleErrors, [], 'no console errors');
});

test('a submission from the page reaches the district page and its roll-up', async () => {
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  const page = await context.newPage();
  const violations = [];
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  await page.addInitScript(() => {
    window.__v = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__v.push(e.violatedDirective));
  });
  await page.goto(`${base}?template=builtin:example`);
  await page.waitForFunction(() => document.querySelector('ready-check')?.result?.template?.id === 'example');
  await page.evaluate(() => {
    const el = document.querySelector('ready-check');
    const a = el.assessment;
    a.site = { code: 'D-01', name: '<b>示范</b>小学' };
    el.assessment = a;
    for (const [k, v] of Object.entries({ org_group: 'yes', org_plan: 'no', students: 100, masks: 3000, thermometers: 'yes' })) el.setAnswer(k, v);
  });
  await page.locator('ready-check [data-act="submit"]').click();
  // Through the element's outbox (§8): queued on the device, then posted as multipart.
  await page.locator('#demo-status', { hasText: '已送达区县' }).waitFor();
  assert.match(await page.locator('ready-check .rc-save [data-slot="outbox"]').textContent(), /已发送/);

  await page.goto(`${base}district.html?template=example`);
  await page.locator('#rows tr').first().waitFor();
  const cells = await page.locator('#rows tr').first().locator('td').allTextContents();
  assert.equal(cells[1], 'D-01 <b>示范</b>小学', 'names are text, not markup');
  // The element's verdict and mode words (one vocabulary with the report, SPEC §9 1.2).
  assert.equal(cells[2], '自查');
  // The element stamps the day of the record at submit (SPEC §8, 1.2): 日期 is not '—'.
  assert.match(cells[3], /^\d{4}-\d{2}-\d{2}$/);
  assert.equal(cells[5], '基本具备，需整改');
  if (shots) await page.screenshot({ path: join(shots, 'district-1024x768.png') });
  const report = await (await page.request.get(`${base}api/rollup?template=example&format=json`)).json();
  assert.equal(report.count, 1);
  assert.equal(report.verdicts.conditional, 1);
  assert.equal(report.sites[0].tampered, false);
  assert.deepEqual(await page.evaluate(() => window.__v), [], 'no CSP violation');
  await context.close();
});
