// End to end: the demo page in headless Debian chromium, served with the strict CSP.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { firstLoadFiles, weigh } from '../../scripts/first-load.mjs';
import { CSP } from '../../scripts/serve.mjs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, until } from './chromium.mjs';

const root = new URL('../../', import.meta.url).pathname;
const port = 8200 + (process.pid % 500);
const base = `http://127.0.0.1:${port}/`;
const cli = join(root, 'target/debug/readycheck');
const shots = process.env.SCREENSHOTS; // a folder to keep screenshots in, if set
let server, browser;
const consoleErrors = [];
const scratches = [];
/** A fresh folder for files handed to the command line, removed after the suite. */
const scratch = () => { const d = mkdtempSync(join(tmpdir(), 'rc-e2e-')); scratches.push(d); return d; };

before(async () => {
  server = spawn('node', [join(root, 'scripts/serve.mjs'), String(port)], { stdio: 'ignore' });
  for (let i = 0; i < 50; i++) {
    try { if ((await fetch(base)).ok) break; } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  browser = await launch();
});

after(async () => {
  for (const d of scratches) rmSync(d, { recursive: true, force: true });
  await browser?.close();
  server?.kill();
  assert.deepEqual(consoleErrors, [], 'no console errors in any test');
});

/** A page on the demo with CSP-violation and error capture; waits for the first render. */
async function open({ query = '', viewport = { width: 1024, height: 768 }, context: ctxOpts = {}, init } = {}) {
  const context = await browser.newContext({ viewport, ...ctxOpts });
  const page = await context.newPage();
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
    window.__events = [];
    for (const t of ['readycheck-ready', 'readycheck-change', 'readycheck-error', 'readycheck-submit']) {
      document.addEventListener(t, (e) => window.__events.push({ type: t, detail: e.detail }));
    }
  });
  if (init) await page.addInitScript(init);
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  await page.goto(base + query);
  await page.waitForFunction(() => window.__events.some((e) => e.type === 'readycheck-ready'));
  return { page, context };
}

/** A context and page left to the test: it sets up routes or builds its own elements first. */
async function bare() {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  return { context, page };
}

const item = (page, id) => page.locator(`ready-check [data-item="${id}"]`);

/** Compliant answers for the school-reopening numbers and dates (460 people on site). */
const TYPED = {
  students: '400', staff: '60', reopen_on: '2026-09-01', monitor_from: '2026-08-18', health_known: '460',
  delayed_not_kept: '0', cluster_report_hours: '2', daily_report_hour: '17', linked_hospitals: '1',
  fever_cutoff: '37.3', queue_spacing: '1', mask_stock: '13800', activity_classes: '1', leaflets: '460',
  gloves_days: '15', handwash_days: '20', disinfectant_days: '30', public_disinfections: '2',
};

test('fill the whole school checklist by taps and typing; the result equals the command line byte for byte', async () => {
  const { page, context } = await open();
  const ids = await page.locator('ready-check [data-item]').evaluateAll((els) => els.map((e) => e.dataset.item));
  assert.ok(ids.length > 100, `${ids.length} items`);
  await item(page, 'has_canteen').locator('[data-value="yes"]').click();
  await item(page, 'area_risk').locator('[data-value="low"]').click();
  for (const id of ids) {
    const el = item(page, id);
    if (!(await el.isVisible())) continue;
    if (TYPED[id] !== undefined) {
      await el.locator('[data-input]').fill(TYPED[id]);
    } else if (await el.locator('[data-value="yes"]').count()) {
      await el.locator('[data-value="yes"]').click();
    }
  }
  const r = await page.evaluate(() => document.querySelector('ready-check').result);
  assert.equal(r.verdict, 'ready', JSON.stringify(r.issues.slice(0, 3)));
  assert.equal(r.score, 100);
  assert.equal(r.progress.missing, 0);
  const { assessment, text } = await page.evaluate(() => {
    const el = document.querySelector('ready-check');
    return { assessment: el.export('json'), text: el.resultJson };
  });
  const dir = scratch();
  writeFileSync(join(dir, 'a.json'), assessment);
  const native = execFileSync(cli, ['score', 'builtin:school-reopening', join(dir, 'a.json'), '--locale', 'zh-CN'], { encoding: 'utf8' });
  assert.equal(text, native);
  // The score is shown, in words and colour.
  await assert.doesNotReject(page.locator('ready-check .rc-verdict-ready .rc-score', { hasText: '100.0' }).waitFor());
  if (shots) await page.screenshot({ path: join(shots, 'filled-1024x768.png') });
  await context.close();
});

test('reload mid-way: answers, notes and actions are all back', async () => {
  const { page, context } = await open();
  await item(page, 'org_01').locator('[data-value="no"]').click();
  await item(page, 'org_02').locator('[data-value="yes"]').click();
  await item(page, 'students').locator('[data-input]').fill('321');
  await item(page, 'org_02').locator('[data-act="note"]').click();
  await item(page, 'org_02').locator('[data-note]').fill('校长王某，已公示');
  await page.locator('ready-check .rc-blockers [data-act="add-action"]').first().click();
  await page.locator('ready-check [data-action="0"][data-field="owner"]').fill('李主任');
  await page.locator('ready-check [data-action="0"][data-field="due"]').fill('2026-08-30');
  await page.reload();
  await page.waitForFunction(() => window.__events.some((e) => e.type === 'readycheck-ready'));
  assert.equal(await item(page, 'org_01').locator('[data-value="no"]').getAttribute('aria-checked'), 'true');
  assert.equal(await item(page, 'org_02').locator('[data-value="yes"]').getAttribute('aria-checked'), 'true');
  assert.equal(await item(page, 'students').locator('[data-input]').inputValue(), '321');
  assert.equal(await item(page, 'org_02').locator('[data-note]').inputValue(), '校长王某，已公示');
  assert.equal(await page.locator('ready-check [data-action="0"][data-field="owner"]').inputValue(), '李主任');
  const a = await page.evaluate(() => document.querySelector('ready-check').assessment);
  assert.equal(a.actions[0].finding, 'org_01');
  assert.equal(a.actions[0].due, '2026-08-30');
  await context.close();
});

test('answers after a whole save go to a small journal beside the draft; a reload merges them', async () => {
  const { page, context } = await open();
  const key = 'readycheck:school-reopening:self:_';
  const stored = () => page.evaluate((k) => [k, k + ':journal'].map((x) => JSON.parse(localStorage.getItem(x))), key);
  await item(page, 'org_01').locator('[data-value="no"]').click(); // the first save is whole
  await item(page, 'org_02').locator('[data-value="yes"]').click();
  await item(page, 'students').locator('[data-input]').fill('321');
  await page.evaluate(() => document.querySelector('ready-check').setAnswer('org_01', null));
  let [draft, journal] = await stored();
  assert.equal(draft.answers.org_01, 'no');
  assert.equal(draft.answers.org_02, undefined);
  assert.deepEqual(journal.answers, { org_01: null, org_02: 'yes', students: 321 });
  assert.equal(journal.updated_at, (await page.evaluate(() => document.querySelector('ready-check').assessment)).updated_at);
  const restored = async () => [
    await item(page, 'org_01').locator('[aria-checked="true"]').count(),
    await item(page, 'org_02').locator('[data-value="yes"]').getAttribute('aria-checked'),
    await item(page, 'students').locator('[data-input]').inputValue(),
  ];
  await page.reload();
  await page.waitForFunction(() => window.__events.some((e) => e.type === 'readycheck-ready'));
  assert.deepEqual(await restored(), [0, 'true', '321']);
  // The next change after loading saves the whole draft and drops the journal.
  await item(page, 'org_03').locator('[data-value="yes"]').click();
  [draft, journal] = await stored();
  assert.equal(journal, null);
  assert.deepEqual([draft.answers.org_01, draft.answers.org_02, draft.answers.students, draft.answers.org_03], [undefined, 'yes', 321, 'yes']);
  // A damaged journal is reported; the draft is used without it.
  await page.evaluate((k) => localStorage.setItem(k + ':journal', '{"answers":'), key);
  await page.reload();
  await page.waitForFunction(() => window.__events.some((e) => e.type === 'readycheck-ready'));
  const errors = await page.evaluate(() => window.__events.filter((e) => e.type === 'readycheck-error').map((e) => e.detail.code));
  assert.deepEqual(errors, ['storage']);
  assert.deepEqual(await restored(), [0, 'true', '321']);
  await context.close();
});

test('the form is never shown unstyled: styles are in before the first render and stay across re-renders', async () => {
  const { page, context } = await open({
    init: () => {
      document.addEventListener('readycheck-ready', (e) => {
        const root = e.target.shadowRoot;
        window.__styledAtReady = {
          sheet: !!root.querySelector('link[rel="stylesheet"]')?.sheet,
          visibility: getComputedStyle(root.querySelector('.rc-section')).contentVisibility,
        };
      }, { once: true });
    },
  });
  assert.deepEqual(await page.evaluate(() => window.__styledAtReady), { sheet: true, visibility: 'auto' });
  const same = await page.evaluate(async () => {
    const el = document.querySelector('ready-check');
    const link = el.shadowRoot.querySelector('link');
    el.setAttribute('locale', 'en');
    el.setAttribute('mode', 'inspection');
    await new Promise((r) => requestAnimationFrame(r));
    return el.shadowRoot.querySelector('link') === link && el.shadowRoot.querySelectorAll('link').length === 1;
  });
  assert.ok(same, 'one stylesheet link, the same element, after switching locale and mode');
  await context.close();
});

test('a self-check page loads exactly the first-load set the size check counts; the field kit comes with the first photo', async () => {
  const { context, page } = await bare();
  const asked = [];
  page.on('request', (r) => asked.push(new URL(r.url()).pathname));
  await page.goto(base);
  await page.waitForFunction(() => document.querySelector('ready-check')?.result?.template);
  for (const id of ['org_01', 'org_02', 'org_03']) await item(page, id).locator('[data-value="yes"]').click();
  await page.locator('ready-check [data-act="next-unanswered"]').click();
  await page.waitForTimeout(300);
  // The element's code and style (the demo page's own files aside), each fetched once.
  const demo = new Set(['/demo.js', '/token.js', '/demo.css', '/sw.js']);
  const code = asked.filter((p) => /\.(js|wasm|css)$/.test(p) && !demo.has(p));
  // The list scripts/check-wasm.mjs weighs: what it measures is what a browser loads.
  const www = new URL('www/', `file://${root}`);
  const counted = firstLoadFiles(www);
  assert.deepEqual([...code].sort(), counted.map((f) => `/${f}`).sort());
  const kib = weigh(www, counted).gz / 1024;
  console.log(`# first load of a self-check page in chromium: ${code.length} files, ${kib.toFixed(1)} KiB gzipped`);
  // The first photo tap brings the field kit.
  const kit = page.waitForRequest((r) => new URL(r.url()).pathname === '/fieldkit.js');
  await item(page, 'org_01').locator('[data-act="photo"]').click();
  await kit;
  await context.close();
});

test('while its wasm is still coming, the element already fetches its stylesheet and built-in template, and shows its own children', async () => {
  const { context, page } = await bare();
  let release;
  const held = new Promise((r) => { release = r; });
  await context.route('**/pkg/readycheck_bg.wasm', async (route) => { await held; await route.continue(); });
  // A portal's page (no inline script): the element with a "loading" line of its own inside.
  await context.route(`${base}portal.html`, (route) => route.fulfill({
    contentType: 'text/html',
    headers: { 'content-security-policy': CSP },
    body: '<!doctype html><meta charset="utf-8"><script type="module" src="/readycheck.js"></script>' +
      '<ready-check template="builtin:exam-site" locale="zh-CN"><p id="wait">正在加载核查表…</p></ready-check>',
  }));
  const asked = [];
  page.on('request', (r) => asked.push(new URL(r.url()).pathname));
  const early = ['/pkg/templates/exam-site.json', '/pkg/readycheck.css'].map((path) =>
    page.waitForRequest((r) => new URL(r.url()).pathname === path, { timeout: 10_000 }));
  await page.goto(`${base}portal.html`);
  await Promise.all(early);
  assert.ok(asked.includes('/pkg/readycheck_bg.wasm'), 'the wasm was asked for, and is held');
  assert.equal(await page.evaluate(() => document.querySelector('ready-check').result ?? null), null, 'no form yet');
  assert.equal(await page.locator('#wait').isVisible(), true, 'the page\'s own line shows while the element loads');
  release();
  await page.waitForFunction(() => document.querySelector('ready-check')?.result?.template?.id === 'exam-site');
  assert.equal(await page.locator('#wait').isVisible(), false, 'the form took its place');
  assert.equal(asked.filter((p) => p === '/pkg/templates/exam-site.json').length, 1, 'the template was fetched once');
  assert.equal(asked.filter((p) => p === '/pkg/readycheck.css').length, 1, 'the stylesheet was fetched once');
  await context.close();
});

test('a section tab and 下一未答 land where they jump: the target does not move in the frames after', async () => {
  const { page, context } = await open();
  // Far down a long form, the items near the landing place are laid out a few frames after
  // the jump; without the hold the heading moved from 20 px to 215 and then 120 (measured).
  const track = (pick) => page.evaluate(async (pick) => {
    const root = document.querySelector('ready-check').shadowRoot;
    const b = pick === 'next' ? root.querySelector('[data-act="next-unanswered"]')
      : [...root.querySelectorAll('.rc-nav button')].find((n) => n.textContent.includes(pick));
    b.click();
    const target = root.activeElement;
    const tops = [];
    for (let f = 0; f < 24; f++) {
      tops.push(Math.round(target.getBoundingClientRect().top));
      await new Promise((r) => requestAnimationFrame(r));
    }
    return tops;
  }, pick);
  for (const section of ['住宿、乘车与接送', '健康摸排与报告', '校门管控']) {
    const tops = await track(section);
    const moved = tops.filter((t) => Math.abs(t - tops[0]) > 2);
    assert.deepEqual(moved, [], `${section}: ${tops.join(' ')}`);
  }
  // 下一未答 from the last section wraps to the first unanswered item, far up.
  const tops = await track('next');
  assert.deepEqual(tops.filter((t) => Math.abs(t - tops[0]) > 2), [], `下一未答: ${tops.join(' ')}`);
  await context.close();
});

test('strict CSP: no violation, no inline script or style needed', async () => {
  const { page, context } = await open();
  const res = await page.goto(base);
  assert.match(res.headers()['content-security-policy'], /script-src 'self' 'wasm-unsafe-eval'/);
  await page.waitForFunction(() => window.__events.some((e) => e.type === 'readycheck-ready'));
  await item(page, 'org_01').locator('[data-value="yes"]').click();
  await page.locator('ready-check [data-act="locale"][data-to="en"]').click();
  await page.locator('ready-check .rc-title', { hasText: 'School reopening' }).waitFor();
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  await context.close();
});

test('markup in a template and in answers is shown as text and never runs', async () => {
  const { page, context } = await open();
  const evil = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
  await page.evaluate((evil) => {
    const el = document.querySelector('ready-check');
    el.template = { format: 'readycheck/1', id: 'evil', version: '1', title: evil,
      sections: [{ id: 's', title: evil, items: [
        { id: 'a', type: 'yesno', title: evil, help: evil, source: evil },
        { id: 'c', type: 'choice', title: 'c', options: [{ value: evil, label: evil }] },
        { id: 't', type: 'text', title: 't', required: false }] }],
      rules: [{ id: 'r', section: 's', assert: "a == 'yes'", message: evil + '{t}' }] };
  }, evil);
  await item(page, 'a').waitFor();
  await item(page, 'a').locator('[data-value="no"]').click();
  await item(page, 't').locator('[data-input]').fill(evil);
  await item(page, 'c').locator('.rc-opt').click();
  const shadow = await page.evaluate(() => {
    const root = document.querySelector('ready-check').shadowRoot;
    return { imgs: root.querySelectorAll('img').length, scripts: root.querySelectorAll('script').length,
      title: root.querySelector('.rc-title').textContent, finding: root.querySelector('.rc-findings').textContent };
  });
  assert.equal(shadow.imgs, 0);
  assert.equal(shadow.scripts, 0);
  assert.equal(shadow.title, evil);
  assert.ok(shadow.finding.includes(evil + evil), shadow.finding);
  await page.waitForTimeout(200);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  await context.close();
});

for (const locale of ['zh-CN', 'en']) {
  for (const mode of ['self', 'inspection']) {
    test(`axe-core finds no violations (${locale}, ${mode})`, async () => {
      // axe is injected as a script, so this one context bypasses the CSP.
      const { page, context } = await open({ context: { bypassCSP: true } });
      await page.evaluate(([l, m]) => {
        const el = document.querySelector('ready-check');
        el.setAttribute('locale', l);
        el.setAttribute('mode', m);
      }, [locale, mode]);
      await item(page, 'org_01').locator('[data-value="no"]').click();
      await item(page, 'students').locator('[data-input]').fill('-5');
      await page.locator('ready-check .rc-blockers [data-act="add-action"]').first().click();
      await page.addScriptTag({ path: join(root, 'node_modules/axe-core/axe.min.js') });
      const result = await page.evaluate(async () => {
        const r = await window.axe.run(document, { resultTypes: ['violations'] });
        return r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length}) ${v.nodes[0]?.target}`);
      });
      assert.deepEqual(result, []);
      await context.close();
    });
  }
}

test('every interactive control is at least 44 × 44 px, with room for its focus ring', async () => {
  for (const viewport of [{ width: 1024, height: 768 }, { width: 768, height: 1024 }]) {
    const { page, context } = await open({ viewport });
    await item(page, 'org_01').locator('[data-value="no"]').click();
    // On a portrait screen the result is folded to its verdict line: opened, its controls count.
    if (await page.locator('ready-check .rc-fold').isVisible()) await page.locator('ready-check .rc-fold').click();
    await page.locator('ready-check .rc-blockers [data-act="add-action"]').first().click();
    const small = await page.evaluate(() => {
      const root = document.querySelector('ready-check').shadowRoot;
      const out = [];
      let checked = 0;
      for (const el of root.querySelectorAll('button, input, select, textarea, summary')) {
        const r = el.getBoundingClientRect();
        if (r.width === 0 && r.height === 0) continue; // not rendered (closed details, hidden item)
        // Off screen, an item is skipped (content-visibility: auto): sized by its estimate,
        // not painted; it is laid out for real when it comes on screen.
        if (!el.checkVisibility({ contentVisibilityAuto: true })) continue;
        checked += 1;
        if (r.width < 44 || r.height < 44) out.push(`${el.tagName} ${el.className} ${el.textContent.slice(0, 12)} ${r.width.toFixed(0)}x${r.height.toFixed(0)}`);
        // Items and finding rows clip their painting: a control's focus ring (3 px + 2 px
        // offset) must fit inside.
        const box = el.closest('.rc-item, .rc-panel li')?.getBoundingClientRect();
        if (box && (r.left - 5 < box.left || r.right + 5 > box.right || r.top - 5 < box.top || r.bottom + 5 > box.bottom)) {
          out.push(`focus ring clipped: ${el.tagName} ${el.className} ${el.textContent.slice(0, 12)}`);
        }
      }
      if (checked < 20) out.push(`only ${checked} controls on screen`);
      return out;
    });
    assert.deepEqual(small, [], `${viewport.width}x${viewport.height}`);
    if (shots) await page.screenshot({ path: join(shots, `form-${viewport.width}x${viewport.height}.png`) });
    await context.close();
  }
});

test('a template that does not load is shown and sent as readycheck-error', async () => {
  const { context, page } = await bare();
  await page.goto(base);
  await page.waitForFunction(() => customElements.get('ready-check'));
  const events = await page.evaluate(async () => {
    const got = [];
    for (const [how, value] of [['attr', 'missing-template.json'], ['prop', { format: 'readycheck/1', id: 'bad', version: '1', title: 'B',
      sections: [{ id: 's', title: 'S', items: [{ id: 'a', type: 'yesno', title: 'A', visible_if: 'nope > 1' }] }] }]]) {
      const el = document.createElement('ready-check');
      const err = new Promise((r) => el.addEventListener('readycheck-error', (e) => r(e.detail), { once: true }));
      if (how === 'attr') el.setAttribute('template', value); else el.template = value;
      document.body.append(el);
      const detail = await err;
      await new Promise((r) => requestAnimationFrame(r));
      const shown = el.shadowRoot.querySelector('.rc-error');
      got.push({ detail, text: shown && !shown.hidden ? shown.textContent : null });
      el.remove();
    }
    return got;
  });
  assert.equal(events[0].detail.code, 'fetch');
  assert.match(events[0].text, /HTTP 404/);
  assert.equal(events[1].detail.code, 'lint');
  assert.match(events[1].text, /unknown_name/);
  await context.close();
});

test('frameworks set properties with the attributes\' strings; setting the assessment fires change (SPEC §7.5)', async () => {
  const { context, page } = await bare();
  await page.goto(base);
  await page.waitForFunction(() => customElements.get('ready-check'));
  const got = await page.evaluate(async () => {
    const el = document.createElement('ready-check');
    // As Vue's template="…" and React 19 set them: properties, with the attribute's string.
    el.template = 'builtin:example';
    el.locale = 'en';
    el.mode = 'inspection';
    el.siteCode = 'P-01';
    const ready = new Promise((r) => el.addEventListener('readycheck-ready', r, { once: true }));
    document.body.append(el);
    await ready;
    const changes = [];
    el.addEventListener('readycheck-change', (e) => changes.push(e.detail.verdict));
    const doc = el.assessment;
    doc.answers.org_group = 'yes';
    el.assessment = doc;
    const out = {
      template: el.getAttribute('template'), id: el.result.template.id, locale: el.getAttribute('locale'),
      mode: el.getAttribute('mode'), site: el.getAttribute('site-code'), siteProp: el.siteCode,
      error: el.shadowRoot.querySelector('.rc-error:not([hidden])')?.textContent ?? null, changes,
    };
    el.remove();
    return out;
  });
  assert.equal(got.template, 'builtin:example');
  assert.equal(got.id, 'example');
  assert.deepEqual([got.locale, got.mode, got.site, got.siteProp], ['en', 'inspection', 'P-01', 'P-01']);
  assert.equal(got.error, null, 'no developer message about fetching built-in templates');
  assert.equal(got.changes.length, 1, 'one change event for the document set from outside');
  assert.equal(typeof got.changes[0], 'string', 'the detail is the result');
  await context.close();
});

test('modes and langs fix the mode and the language and hide their switches (SPEC §7.5)', async () => {
  const { context, page } = await bare();
  await page.goto(base);
  await page.waitForFunction(() => customElements.get('ready-check'));
  const got = await page.evaluate(async () => {
    const el = document.createElement('ready-check');
    el.setAttribute('template', 'builtin:example');
    el.setAttribute('modes', 'self');
    el.setAttribute('langs', 'zh-CN');
    el.setAttribute('mode', 'inspection'); // what a page (or a curious school) asks for
    const ready = new Promise((r) => el.addEventListener('readycheck-ready', r, { once: true }));
    document.body.append(el);
    await ready;
    const switches = () => el.shadowRoot.querySelectorAll('[data-act="mode"], [data-act="locale"]').length;
    const fixed = { mode: el.getAttribute('mode'), doc: el.assessment.mode, switches: switches() };
    el.setAttribute('mode', 'inspection');
    el.locale = 'en';
    await new Promise((r) => requestAnimationFrame(r));
    const held = { mode: el.getAttribute('mode'), locale: el.getAttribute('locale'), doc: el.assessment.mode };
    el.removeAttribute('modes');
    el.removeAttribute('langs');
    await new Promise((r) => requestAnimationFrame(r));
    const free = switches();
    el.remove();
    return { fixed, held, free };
  });
  assert.deepEqual(got.fixed, { mode: 'self', doc: 'self', switches: 0 });
  assert.deepEqual(got.held, { mode: 'self', locale: 'zh-CN', doc: 'self' });
  assert.equal(got.free, 4, 'both switches back once nothing is fixed');
  await context.close();
});

test('a wasm module that cannot be fetched is reported as readycheck-error fetch', async () => {
  const context = await browser.newContext();
  await context.route('**/readycheck_bg.wasm', (route) => route.abort());
  const page = await context.newPage();
  await page.addInitScript(() => {
    window.__errors = [];
    document.addEventListener('readycheck-error', (e) => window.__errors.push(e.detail.code));
  });
  await page.goto(base);
  await page.waitForFunction(() => window.__errors.length > 0);
  assert.deepEqual(await page.evaluate(() => window.__errors), ['fetch']);
  await context.close();
});

test('a built-in template file that is not the one the module was built with is refused', async () => {
  const { context, page } = await bare();
  // A server (or a stale cache) serving another version of school-reopening.json.
  await context.route('**/pkg/templates/school-reopening.json', async (route) => {
    const t = JSON.parse(readFileSync(join(root, 'www/pkg/templates/school-reopening.json'), 'utf8'));
    t.sections[0].items[0].points = 99;
    await route.fulfill({ contentType: 'application/json', body: JSON.stringify(t) });
  });
  await page.addInitScript(() => {
    window.__errors = [];
    document.addEventListener('readycheck-error', (e) => window.__errors.push(e.detail));
  });
  await page.goto(base);
  await page.waitForFunction(() => window.__errors.length > 0);
  const [detail] = await page.evaluate(() => window.__errors);
  assert.equal(detail.code, 'input');
  assert.match(detail.message, /school-reopening: the file served is not the one this engine was built with/);
  const shown = await page.locator('ready-check .rc-error').textContent();
  assert.match(shown, /not the one this engine was built with/);
  assert.equal(await page.locator('ready-check [data-item]').count(), 0, 'nothing is scored with it');
  await context.close();
});

test('template then assessment set together on a loaded element: paired, applied and saved', async () => {
  const { page, context } = await open();
  const r = await page.evaluate(async () => {
    const el = document.querySelector('ready-check');
    const errors = [];
    el.addEventListener('readycheck-error', (e) => errors.push(e.detail.message));
    const ready = new Promise((res) => el.addEventListener('readycheck-ready', res, { once: true }));
    el.setAttribute('storage-key', 'pair-test');
    el.template = { format: 'readycheck/1', id: 'pair', version: '1', title: 'Pair',
      sections: [{ id: 's', title: 'S', items: [{ id: 'q', type: 'yesno', title: 'Q', points: 1 }] }] };
    el.assessment = { format: 'readycheck-assessment/1', template: { id: 'pair', version: '1' }, answers: { q: 'no' } };
    await ready;
    return { errors, answer: el.result.template.id + ':' + el.assessment.answers.q,
      saved: JSON.parse(localStorage.getItem('pair-test') || 'null')?.answers?.q };
  });
  assert.deepEqual(r, { errors: [], answer: 'pair:no', saved: 'no' });
  await context.close();
});

test('a template set while another is still being fetched wins', async () => {
  const { context, page } = await bare();
  // The built-in named by the attribute arrives late; the object set meanwhile must stay.
  await context.route('**/pkg/templates/exam-site.json', async (route) => {
    await new Promise((r) => setTimeout(r, 800));
    await route.continue();
  });
  await page.goto(base);
  await page.waitForFunction(() => customElements.get('ready-check'));
  const requested = page.waitForRequest('**/pkg/templates/exam-site.json');
  await page.evaluate(() => {
    const el = document.createElement('ready-check');
    el.id = 'race';
    el.setAttribute('storage-key', 'race-test');
    el.setAttribute('template', 'builtin:exam-site');
    document.body.append(el);
  });
  await requested; // the built-in is on its way (held back by the route)
  const shown = await page.evaluate(async () => {
    const el = document.getElementById('race');
    el.template = { format: 'readycheck/1', id: 'mine', version: '1', title: 'Mine',
      sections: [{ id: 's', title: 'S', items: [{ id: 'only', type: 'yesno', title: 'Only' }] }] };
    await new Promise((r) => setTimeout(r, 1500));
    const ids = [...el.shadowRoot.querySelectorAll('[data-item]')].map((e) => e.dataset.item);
    return { ids, template: el.result.template.id };
  });
  assert.deepEqual(shown, { ids: ['only'], template: 'mine' });
  await context.close();
});

test('an element removed while it loads still settles ready, and is styled when put back', async () => {
  const { context, page } = await bare();
  // The stylesheet is slow to come (a poor network): the element waits for it before its
  // first render, and a page that removes the element meanwhile must not wait forever.
  let release;
  const held = new Promise((r) => { release = r; });
  await context.route('**/pkg/readycheck.css', async (route) => { await held; await route.continue(); });
  // Not until `load`: the demo's own element links the held stylesheet as it starts, and a
  // page's load event waits for its stylesheets.
  await page.goto(base, { waitUntil: 'domcontentloaded' });
  await page.waitForFunction(() => customElements.get('ready-check'));
  const settled = await page.evaluate(async () => {
    const el = document.createElement('ready-check');
    el.id = 'gone';
    el.setAttribute('storage-key', 'gone-test');
    el.setAttribute('template', 'builtin:example');
    document.body.append(el);
    await new Promise((r) => setTimeout(r, 1000)); // waiting on its stylesheet by now
    el.remove();
    window.__gone = el;
    return Promise.race([el.ready.then(() => 'ready'), new Promise((r) => setTimeout(() => r('still waiting'), 10000))]);
  });
  assert.equal(settled, 'ready');
  release();
  // Put back, its stylesheet loads and the form it built is styled.
  await page.evaluate(() => document.body.append(window.__gone));
  await page.waitForFunction(() => document.getElementById('gone').shadowRoot.querySelector('link[rel="stylesheet"]').sheet);
  assert.equal(await page.evaluate(() => document.getElementById('gone').result.template.id), 'example');
  await context.close();
});

test('offline: after one visit the service worker serves the page, the module and every built-in', async () => {
  const { page, context } = await open();
  await page.evaluate(() => navigator.serviceWorker.ready);
  await until(page, async () => {
    const keys = await caches.keys();
    for (const k of keys) if (await (await caches.open(k)).match('pkg/templates/exam-site.json')) return true;
    return false;
  });
  await context.setOffline(true);
  await page.goto(base + '?template=builtin:exam-site');
  await page.waitForFunction(() => window.__events.some((e) => e.type === 'readycheck-ready'));
  const ids = await page.locator('ready-check [data-item]').count();
  assert.ok(ids > 50, `${ids} items rendered offline`);
  assert.equal(await page.evaluate(() => document.querySelector('ready-check').result.template.id), 'exam-site');
  await context.close();
});

test('online, the service worker refreshes its offline copies as one set: a field kit changed on the server replaces the old one', async () => {
  const { page, context } = await open();
  await page.evaluate(() => navigator.serviceWorker.ready);
  await until(page, async () => !!(await caches.match('fieldkit.js')));
  // An upgrade of the service: another field kit (fetched only on first use), the rest as it was.
  await context.route('**/fieldkit.js', (r) => r.fulfill({ contentType: 'text/javascript', body: 'export const upgraded = true;\n' }));
  await page.reload();
  await page.waitForFunction(() => window.__events.some((e) => e.type === 'readycheck-ready'));
  // The page never asked for the field kit; the copy kept for offline use is the new one.
  await until(page, async () => (await (await caches.match('fieldkit.js'))?.text())?.includes('upgraded'));
  await context.close();
});

test('a large checklist shows its first screens at once and builds the rest in idle time', async () => {
  const { page, context } = await open();
  const r = await page.evaluate(async () => {
    const sections = [];
    for (let s = 0; s < 50; s++) {
      const items = [];
      for (let k = 0; k < 20; k++) items.push({ id: `i${s}_${k}`, type: 'yesno', title: `检查项 ${s}-${k}` });
      sections.push({ id: `s${s}`, title: `分区 ${s}`, items });
    }
    const el = document.createElement('ready-check');
    el.setAttribute('storage-key', 'large-' + Date.now());
    const ready = new Promise((res) => el.addEventListener('readycheck-ready', res, { once: true }));
    el.template = { format: 'readycheck/1', id: 'large', version: '1', title: 'Large', sections };
    document.body.append(el);
    await ready;
    const count = () => el.shadowRoot.querySelectorAll('[data-item]').length;
    const atReady = count();
    // While someone is answering, building waits: taps get every frame.
    const sleep = (ms) => new Promise((res) => setTimeout(res, ms));
    for (let k = 0; k < 10; k++) {
      el.setAnswer(`i0_${k}`, 'yes');
      await sleep(150);
    }
    const whileAnswering = count();
    // An answer to an item that is not built yet counts at once and shows once built.
    el.setAnswer('i49_19', 'no');
    const verdict = el.result.findings.map((f) => f.id);
    for (let t = 0; t < 200 && count() < 1000; t++) await sleep(50);
    const shown = el.shadowRoot.querySelector('[data-item="i49_19"] [data-value="no"]')?.getAttribute('aria-checked');
    el.remove();
    return { atReady, whileAnswering, after: count(), verdict, shown };
  });
  assert.ok(r.atReady >= 300 && r.atReady < 1000, `built at first render: ${r.atReady}`);
  assert.equal(r.whileAnswering, r.atReady, 'nothing was built during 1.5 s of answers 150 ms apart');
  assert.equal(r.after, 1000);
  assert.deepEqual(r.verdict, ['i49_19']);
  assert.equal(r.shown, 'true');
  await context.close();
});

test('a burst of changes does not grow the wasm memory', async () => {
  const { page, context } = await open();
  const r = await page.evaluate(async () => {
    const sections = [];
    for (let s = 0; s < 30; s++) {
      const items = [];
      for (let k = 0; k < 30; k++) items.push({ id: `m${s}_${k}`, type: 'yesno', title: `检查项 ${s}-${k}`, points: 1 });
      sections.push({ id: `s${s}`, title: `分区 ${s}`, items });
    }
    const el = document.querySelector('ready-check');
    const ready = new Promise((res) => el.addEventListener('readycheck-ready', res, { once: true }));
    el.setAttribute('storage-key', 'burst-test');
    el.template = { format: 'readycheck/1', id: 'burst', version: '1', title: 'Burst', sections };
    await ready;
    const wasm = await (await import('./pkg/readycheck.js')).default();
    const mib = () => wasm.memory.buffer.byteLength / 1048576;
    let seen = 0;
    el.addEventListener('readycheck-change', (e) => { seen += e.detail.score === null ? 0 : 1; });
    el.setAnswer('m0_0', 'yes');
    const before = mib();
    // A portal importing answers: 900 changes in one task, no garbage collection between.
    for (let i = 0; i < 900; i++) el.setAnswer(`m${i % 30}_${Math.floor(i / 30)}`, i % 3 ? 'yes' : 'no');
    return { before, after: mib(), seen };
  });
  assert.equal(r.seen, 901);
  assert.ok(r.after - r.before <= 4, `wasm memory ${r.before.toFixed(1)} -> ${r.after.toFixed(1)} MiB`);
  await context.close();
});

test('the result panel patched in place always shows the result: findings, blockers, chart', async () => {
  const { page, context } = await open();
  const r = await page.evaluate(() => {
    const el = document.querySelector('ready-check');
    const root = el.shadowRoot;
    const ids = [...root.querySelectorAll('[data-item]')].filter((e) => e.querySelector('[data-value="no"]')).map((e) => e.dataset.item);
    const numbers = { students: [400, 1200, 30], staff: [60, 5, 300], mask_stock: [13800, 10, 500], fever_cutoff: [37.3, 38] };
    let seed = 7;
    const rand = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
    const texts = (sel) => [...root.querySelectorAll(sel)].map((e) => e.textContent);
    // Long lists first (most items failed), so truncation and "show all" are exercised.
    for (const id of ids.slice(0, 90)) el.setAnswer(id, 'no');
    const problems = [];
    let kept = 0, rows = 0, maxSeen = 0;
    for (let step = 0; step < 80; step++) {
      // Rows present before a change that are still wanted after it must be the same nodes.
      for (const li of root.querySelectorAll('.rc-findings li, .rc-blockers li')) li.__before = true;
      if (step % 5 === 4) {
        const id = Object.keys(numbers)[rand(4)];
        el.setAnswer(id, numbers[id][rand(numbers[id].length)]);
      } else {
        el.setAnswer(ids[rand(ids.length)], ['yes', 'no', 'no', null, 'na'][rand(5)]);
      }
      const res = el.result;
      // The panel lists the first 20 of each kind until "show all" is pressed (step 60).
      if (step === 60) root.querySelector('[data-act="all-findings"]:not([hidden])')?.click();
      const cap = step >= 60 && maxSeen > 20 ? Infinity : 20;
      const all = (c) => res.findings.filter((f) => f.critical === c).map((f) => f.message);
      const want = (c) => all(c).slice(0, cap);
      for (const [c, sel] of [[true, '.rc-blockers'], [false, '.rc-findings']]) {
        maxSeen = Math.max(maxSeen, all(c).length);
        const more = root.querySelector(`${sel} [data-act="all-findings"]`);
        const shown = more && !more.hidden ? more.textContent : null;
        const expect = all(c).length > cap ? `显示全部 ${all(c).length} 项` : null;
        if (shown !== expect) problems.push(`step ${step}: ${sel} show-all ${shown} vs ${expect}`);
      }
      const got = { blockers: texts('.rc-blockers li .rc-finding-msg'), findings: texts('.rc-findings li .rc-finding-msg') };
      if (JSON.stringify(got.blockers) !== JSON.stringify(want(true))) problems.push(`step ${step}: blockers ${got.blockers.length} vs ${want(true).length}`);
      if (JSON.stringify(got.findings) !== JSON.stringify(want(false))) problems.push(`step ${step}: findings ${got.findings.length} vs ${want(false).length}`);
      const bars = texts('.rc-chart .rc-chart-value');
      const scores = res.sections.map((x) => (x.score === null ? '—' : x.score.toFixed(1)));
      if (JSON.stringify(bars) !== JSON.stringify(scores)) problems.push(`step ${step}: chart ${bars} vs ${scores}`);
      // Bar lengths are CSSOM widths (a strict CSP refuses style attributes): the score in %.
      const widths = [...root.querySelectorAll('.rc-chart .rc-bar')].map((b) => b.style.width);
      const wantWidths = res.sections.map((x) => `${x.score ?? 0}%`);
      if (JSON.stringify(widths) !== JSON.stringify(wantWidths)) problems.push(`step ${step}: bars ${widths} vs ${wantWidths}`);
      const lis = root.querySelectorAll('.rc-findings li, .rc-blockers li');
      rows += lis.length;
      kept += [...lis].filter((li) => li.__before).length;
    }
    return { problems, kept, rows, maxSeen };
  });
  assert.deepEqual(r.problems, []);
  assert.ok(r.maxSeen > 20, `the walk reached long lists (${r.maxSeen} findings of one kind)`);
  // Most rows survive a change (each step changes one answer).
  assert.ok(r.kept > r.rows * 0.8, `${r.kept} of ${r.rows} rows kept across changes`);
  await context.close();
});

test('a storage failure is shown and sent as readycheck-error', async () => {
  const { page, context } = await open({
    init: () => {
      Storage.prototype.setItem = function () { throw new DOMException('full', 'QuotaExceededError'); };
    },
  });
  await item(page, 'org_01').locator('[data-value="yes"]').click();
  const err = page.locator('ready-check .rc-error');
  await err.waitFor({ state: 'visible' });
  assert.match(await err.textContent(), /无法保存草稿.*QuotaExceededError/);
  const events = await page.evaluate(() => window.__events.filter((e) => e.type === 'readycheck-error').map((e) => e.detail));
  assert.equal(events[0].code, 'storage');
  assert.match(events[0].message, /QuotaExceededError/);
  // The answer itself is not lost: it is in the form and in the change event.
  assert.equal(await item(page, 'org_01').locator('[data-value="yes"]').getAttribute('aria-checked'), 'true');
  await context.close();
});

test('setAnswer is the same path as a tap: saved before the change event, which carries the result', async () => {
  const { page, context } = await open();
  const seen = await page.evaluate(() => new Promise((resolve) => {
    const el = document.querySelector('ready-check');
    el.addEventListener('readycheck-change', (e) => {
      const saved = JSON.parse(localStorage.getItem('readycheck:school-reopening:self:_'));
      resolve({ saved: saved.answers.org_01, verdict: e.detail.verdict, issues: e.detail.issues.length });
    }, { once: true });
    el.setAnswer('org_01', 'no');
  }));
  assert.equal(seen.saved, 'no');
  assert.equal(seen.verdict, 'not_ready');
  assert.equal(await item(page, 'org_01').locator('[data-value="no"]').getAttribute('aria-checked'), 'true');
  const submitted = await page.evaluate(() => new Promise((resolve) => {
    const el = document.querySelector('ready-check');
    el.addEventListener('readycheck-submit', (e) => resolve(e.detail), { once: true });
    el.shadowRoot.querySelector('[data-act="submit"]').click();
  }));
  assert.equal(submitted.assessment.answers.org_01, 'no');
  assert.equal(submitted.result.verdict, 'not_ready');
  // After a submit attempt, missing answers are flagged.
  await item(page, 'org_02').locator('.rc-issue', { hasText: '此项必填' }).waitFor();
  const csv = await page.evaluate(() => document.querySelector('ready-check').export('csv'));
  assert.match(csv.split('\r\n')[0], /^分区,编号,检查项,答案/);
  await context.close();
});

test("a change event carries that change's result, whatever changes after it", async () => {
  const { page, context } = await open();
  const r = await page.evaluate(() => {
    const el = document.querySelector('ready-check');
    const details = [];
    el.addEventListener('readycheck-change', (e) => details.push({ detail: e.detail, score: e.detail.score, now: el.resultJson }));
    el.setAnswer('org_01', 'no');
    el.setAnswer('org_02', 'no');
    el.setAnswer('org_01', 'yes');
    // Read only now, after every change (members are printed when first read): each
    // detail must still be its own change's result, whole, and clone like plain data.
    return details.map(({ detail, score, now }, i) => ({
      same: JSON.stringify(i % 2 ? structuredClone(detail) : detail) === JSON.stringify(JSON.parse(now)),
      score: score === JSON.parse(now).score,
      keys: Object.keys(detail).join(),
      resultKeys: Object.keys(JSON.parse(now)).join(),
      blockers: detail.findings.filter((f) => f.critical).map((f) => f.id),
    }));
  });
  for (const d of r) {
    assert.ok(d.same, 'detail equals the result at its change');
    assert.ok(d.score, 'the score read during the event is that change\'s');
    assert.equal(d.keys, d.resultKeys);
  }
  assert.deepEqual(r.map((d) => d.blockers), [['org_01'], ['org_01', 'org_02'], ['org_02']]);
  // A listener may also write to the detail it received.
  const written = await page.evaluate(() => new Promise((resolve) => {
    const el = document.querySelector('ready-check');
    el.addEventListener('readycheck-change', (e) => { e.detail.findings = 'mine'; resolve(e.detail.findings); }, { once: true });
    el.setAnswer('org_03', 'yes');
  }));
  assert.equal(written, 'mine');
  // ...or freeze it first and still read it.
  const frozen = await page.evaluate(() => new Promise((resolve) => {
    const el = document.querySelector('ready-check');
    el.addEventListener('readycheck-change', (e) => {
      const d = Object.freeze(e.detail);
      resolve([d.verdict, d.verdict, d.sections.length === el.result.sections.length]);
    }, { once: true });
    el.setAnswer('org_03', 'no');
  }));
  assert.deepEqual(frozen, ['not_ready', 'not_ready', true]);
  await context.close();
});

test('each result\'s receipt hashes the answers it was made from, however late it is read', async () => {
  const { page, context } = await open();
  const r = await page.evaluate(async () => {
    const el = document.querySelector('ready-check');
    const seen = [];
    el.addEventListener('readycheck-change', (e) => seen.push({ detail: e.detail, doc: el.assessment }));
    const quiet = () => new Promise((res) => setTimeout(res, 300));
    el.setAnswer('org_01', 'no'); // these two in one task: no idle time between
    el.setAnswer('org_02', 'no');
    await quiet(); // unread results are settled in idle time
    const held = { result: el.result, doc: el.assessment };
    el.setAttribute('locale', 'en'); // re-scored without an answer changing
    await quiet();
    const current = { result: el.result, doc: el.assessment };
    // A note changes the document without re-scoring; then an answer changes.
    el.shadowRoot.querySelector('[data-item="org_02"] [data-act="note"]').click();
    const note = el.shadowRoot.querySelector('[data-item="org_02"] [data-note]');
    note.value = '已整改';
    note.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    el.setAnswer('org_03', 'no');
    el.setAnswer('org_01', null);
    for (let i = 0; i < 12; i++) el.setAnswer('org_04', i % 2 ? 'yes' : 'no'); // past 8 unread
    const { loadTemplate, builtinTemplate } = await import('./pkg/readycheck.js');
    const t = loadTemplate(await builtinTemplate('school-reopening'));
    const hash = (doc) => JSON.parse(t.evaluateJson(doc)).receipt.answers_sha256;
    // Read only now, after every change.
    return [...seen, held, current].map(({ detail, result, doc }) => [(detail || result).receipt.answers_sha256, hash(doc)]);
  });
  assert.equal(r.length, 19);
  for (const [got, want] of r) assert.equal(got, want);
  assert.ok(new Set(r.map(([got]) => got)).size >= 4, 'the answers differ, so do the hashes');
  await context.close();
});

test('inspection mode compares with the school self-check', async () => {
  const { page, context } = await open();
  await page.evaluate(() => document.querySelector('ready-check').setAttribute('mode', 'inspection'));
  await item(page, 'org_01').locator('[data-value="no"]').click();
  await page.evaluate(() => document.querySelector('ready-check').loadSelfCheck({
    format: 'readycheck-assessment/1', template: { id: 'school-reopening', version: '1.0.0' }, mode: 'self',
    answers: { org_01: 'yes', org_02: 'yes' } }));
  await page.locator('ready-check .rc-compare').waitFor();
  assert.ok(await item(page, 'org_01').evaluate((e) => e.classList.contains('rc-disputed')));
  assert.match(await page.locator('ready-check .rc-disputed-list').textContent(), /领导小组/);
  if (shots) await page.screenshot({ path: join(shots, 'inspection-1024x768.png') });
  await context.close();
});

test('setAnswer refuses what is not an answer with a code, and never clears one silently', async () => {
  const { page, context } = await open();
  const outcome = await page.evaluate(() => {
    const el = document.querySelector('ready-check');
    el.setAnswer('students', 400);
    const codes = [];
    for (const v of [NaN, Infinity, () => 1]) {
      try { el.setAnswer('students', v); codes.push('none'); } catch (e) { codes.push(e.code); }
    }
    const early = document.createElement('ready-check');
    try { early.setAnswer('students', 1); codes.push('none'); } catch (e) { codes.push(e.code); }
    return { codes, kept: el.assessment.answers.students };
  });
  assert.deepEqual(outcome.codes, ['value', 'value', 'type', 'not_ready']);
  assert.equal(outcome.kept, 400, 'the answer is still there');
  const typeErr = await page.evaluate(async () => {
    const m = await import('/pkg/readycheck.js');
    try { m.builtinTemplates(5); return 'none'; } catch (e) { return e.code; }
  });
  assert.equal(typeErr, 'type');
  await context.close();
});

test('a 17-digit number typed in the form hashes the same in the element and the command line', async () => {
  const { page, context } = await open();
  await item(page, 'students').locator('[data-input]').fill('969964.15095848599');
  const { doc, receipt, stored } = await page.evaluate(() => {
    const el = document.querySelector('ready-check');
    return { doc: el.export('json'), receipt: el.result.receipt, stored: el.assessment.answers.students };
  });
  assert.equal(stored, Number('969964.15095848599'), 'read as JavaScript reads it');
  const dir = scratch();
  writeFileSync(join(dir, 'a.json'), doc);
  const native = JSON.parse(execFileSync(cli, ['score', 'builtin:school-reopening', join(dir, 'a.json')], { encoding: 'utf8' }));
  assert.equal(receipt.answers_sha256, native.receipt.answers_sha256);
  assert.equal(receipt.inputs_sha256, native.receipt.inputs_sha256);
  assert.equal(receipt.evidence_sha256, native.receipt.evidence_sha256);
  await context.close();
});

test('findings without a plan are counted beside the verdict and added to the ledger in one tap', async () => {
  const { page, context } = await open();
  const line = page.locator('ready-check .rc-uncovered');
  assert.equal(await line.isVisible(), false, 'no finding, nothing to plan');
  await page.evaluate(() => {
    const el = document.querySelector('ready-check');
    el.setAnswer('org_01', 'no');
    el.setAnswer('org_02', 'no');
  });
  await line.locator('span', { hasText: '2 项问题未列入整改台账' }).waitFor();
  await line.locator('[data-act="add-uncovered"]').click();
  const ledger = await page.evaluate(() => document.querySelector('ready-check').assessment.actions);
  assert.deepEqual(ledger.map((a) => [a.id, a.finding]), [['a1', 'org_01'], ['a2', 'org_02']]);
  // Listed, but still without an owner and a due date: still uncovered (§3.6).
  assert.equal(await page.evaluate(() => document.querySelector('ready-check').result.actions.uncovered), 2);
  for (const k of ['0', '1']) {
    await page.locator(`ready-check [data-action="${k}"][data-field="owner"]`).fill('王老师');
    await page.locator(`ready-check [data-action="${k}"][data-field="owner"]`).dispatchEvent('change');
    await page.locator(`ready-check [data-action="${k}"][data-field="due"]`).fill('2026-09-30');
    await page.locator(`ready-check [data-action="${k}"][data-field="due"]`).dispatchEvent('change');
  }
  await page.waitForFunction(() => document.querySelector('ready-check').result.actions.uncovered === 0);
  await line.waitFor({ state: 'hidden' });
  // Removing takes two taps (issue 28): the first arms the button, which says so; nothing
  // is removed until the second.
  const remove = page.locator('ready-check [data-act="remove-action"][data-action="0"]');
  await remove.click();
  assert.equal(await remove.textContent(), '确认删除');
  assert.equal(await page.evaluate(() => document.querySelector('ready-check').assessment.actions.length), 2);
  // Removing the first action and adding another never reuses an id.
  await remove.click();
  await page.waitForFunction(() => document.querySelector('ready-check').assessment.actions.length === 1);
  await page.evaluate(() => document.querySelector('ready-check').setAnswer('org_03', 'no'));
  await line.locator('[data-act="add-uncovered"]').click();
  const ids = await page.evaluate(() => document.querySelector('ready-check').assessment.actions.map((a) => a.id));
  assert.equal(new Set(ids).size, ids.length, `unique ids: ${ids}`);
  if (shots) await page.screenshot({ path: join(shots, 'uncovered-1024x768.png') });
  await context.close();
});

test('printing builds the whole form first and prints long notes whole', async () => {
  const { page, context } = await open();
  const built = await page.evaluate(async () => {
    const sections = [];
    for (let s = 0; s < 75; s++) {
      const items = [];
      for (let k = 0; k < 20; k++) items.push({ id: `i${s}_${k}`, type: 'yesno', title: `检查项 ${s}-${k}` });
      sections.push({ id: `s${s}`, title: `分区 ${s}`, items });
    }
    const el = document.createElement('ready-check');
    el.setAttribute('storage-key', 'print-' + Date.now());
    const ready = new Promise((res) => el.addEventListener('readycheck-ready', res, { once: true }));
    el.template = { format: 'readycheck/1', id: 'print', version: '1', title: 'Print', sections };
    document.body.append(el);
    await ready;
    const count = () => el.shadowRoot.querySelectorAll('[data-item]').length;
    const before = count();
    window.dispatchEvent(new Event('beforeprint')); // what Ctrl+P fires
    const after = count();
    el.remove();
    return { before, after };
  });
  assert.ok(built.before < 1500, `not all built at first: ${built.before}`);
  assert.equal(built.after, 1500, 'every item is there before printing');

  const note = Array.from({ length: 12 }, (_, i) => `第 ${i + 1} 行：整改说明`).join('\n');
  await item(page, 'org_02').locator('[data-act="note"]').click();
  await item(page, 'org_02').locator('[data-note]').fill(note);
  await page.emulateMedia({ media: 'print' });
  const fits = await item(page, 'org_02').locator('[data-note]').evaluate((t) => t.scrollHeight <= t.clientHeight + 1);
  assert.ok(fits, 'the whole note is in its printed box');
  await context.close();
});

test('changing storage-key opens that draft and never writes over it; another template on a key leaves its draft alone', async () => {
  const { page, context } = await open();
  const out = await page.evaluate(async () => {
    const el = document.querySelector('ready-check');
    // What is stored under a key: the whole draft with its journal of later answers applied.
    const answers = (key) => {
      const all = { ...(JSON.parse(localStorage.getItem(key) || '{}').answers || {}) };
      for (const [id, v] of Object.entries(JSON.parse(localStorage.getItem(key + ':journal') || '{}').answers || {})) {
        if (v === null) delete all[id]; else all[id] = v;
      }
      return all;
    };
    el.setAttribute('storage-key', 'draft-b');
    el.setAnswer('org_02', 'no');
    el.setAttribute('storage-key', 'draft-a');
    const movedToEmptyKey = el.assessment.answers.org_02;
    el.setAnswer('org_01', 'yes');
    el.setAttribute('storage-key', 'draft-b');
    const shownB = el.assessment.answers;
    // A draft of another template under the key this element is given.
    localStorage.setItem('shared-key', JSON.stringify({ format: 'readycheck-assessment/1',
      template: { id: 'example', version: '1.0.0' }, answers: { org_group: 'yes' } }));
    const errors = [];
    el.addEventListener('readycheck-error', (e) => errors.push(e.detail.code));
    el.setAttribute('storage-key', 'shared-key');
    el.setAnswer('org_03', 'yes');
    return { movedToEmptyKey, shownB, a: answers('draft-a'), b: answers('draft-b'), shared: answers('shared-key'),
      beside: answers('shared-key~school-reopening'), errors };
  });
  // draft-a was empty: the open draft moved there (nothing lost), then got org_01.
  assert.equal(out.movedToEmptyKey, 'no');
  assert.deepEqual(out.a, { org_01: 'yes', org_02: 'no' });
  // Back on draft-b: its own answers, not draft-a's.
  assert.deepEqual(out.shownB, { org_02: 'no' });
  assert.deepEqual(out.b, { org_02: 'no' });
  // The example template's draft is untouched; this form (still draft-b's answers, as on
  // a move to an empty key) saved beside it.
  assert.deepEqual(out.shared, { org_group: 'yes' });
  assert.deepEqual(out.beside, { org_02: 'no', org_03: 'yes' });
  assert.ok(out.errors.length >= 1, 'the foreign draft is reported');
  await context.close();
});

test('a draft of an older template version opens with what changed, every answer kept', async () => {
  const { page, context } = await open();
  const r = await page.evaluate(async () => {
    const el = document.querySelector('ready-check');
    el.assessment = { format: 'readycheck-assessment/1', template: { id: 'school-reopening', version: '1.1.0' },
      answers: { org_01: 'yes', acc_04: 'yes' } };
    await new Promise((res) => requestAnimationFrame(res));
    const notice = el.shadowRoot.querySelector('.rc-notice');
    return { text: notice?.textContent, role: notice?.getAttribute('role'), kept: el.assessment.answers,
      orphans: el.result.orphans };
  });
  const version = (await (await fetch(`${base}pkg/templates/school-reopening.json`)).json()).version;
  assert.equal(r.text, `此草稿按模板 1.1.0 版填写，当前为 ${version} 版，请核对未答的检查项。1 个答案对应的检查项已不在本模板中，答案仍保留在草稿里：acc_04`);
  assert.equal(r.role, 'status');
  assert.deepEqual(r.kept, { org_01: 'yes', acc_04: 'yes' });
  assert.deepEqual(r.orphans, ['acc_04']);
  if (shots) await page.screenshot({ path: join(shots, 'old-version-1024x768.png') });
  await context.close();
});

test('a portal that sets the site through assessment on every load does not wipe the draft', async () => {
  const { page, context } = await open();
  const setSite = () => page.evaluate(() => {
    document.querySelector('ready-check').assessment = { format: 'readycheck-assessment/1',
      template: { id: 'school-reopening', version: '1.0.0' }, site: { code: 'PORTAL-7', name: '七中' }, answers: {} };
  });
  await setSite();
  await page.evaluate(() => document.querySelector('ready-check').setAnswer('org_01', 'yes'));
  await page.reload();
  await page.waitForFunction(() => window.__events.some((e) => e.type === 'readycheck-ready'));
  await setSite(); // what the portal does on every load
  const doc = await page.evaluate(() => document.querySelector('ready-check').assessment);
  assert.equal(doc.answers.org_01, 'yes', 'the saved answer is still there');
  assert.equal(doc.site.name, '七中');
  // A document that brings answers replaces the draft: the portal said so.
  await page.evaluate(() => {
    document.querySelector('ready-check').assessment = { format: 'readycheck-assessment/1',
      template: { id: 'school-reopening', version: '1.0.0' }, site: { code: 'PORTAL-7' }, answers: { org_02: 'no' } };
  });
  const replaced = await page.evaluate(() => document.querySelector('ready-check').assessment.answers);
  assert.deepEqual(replaced, { org_02: 'no' });
  await context.close();
});
