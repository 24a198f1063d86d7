// A harness for the element's browser tests: www/ served on 127.0.0.1 under the strict CSP,
// with a scripted submission endpoint, headless Debian chromium, and the helpers every test
// reads the element through.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { launch } from './chromium.mjs';
import { pathOf, sendFile } from '../../scripts/serve.mjs';

const www = join(new URL('../../', import.meta.url).pathname, 'www');
// POST /api/submit answers the next status in `answers` (then 201).
export const server = { posts: 0, answers: [] };
let http;
export let base, browser;
const errors = [];

before(async () => {
  http = createServer(async (req, res) => {
    const path = pathOf(req);
    if (path === '/api/submit' && req.method === 'POST') {
      for await (const _ of req); // eslint-disable-line no-unused-vars
      server.posts++;
      const status = server.answers.length ? server.answers.shift() : 201;
      const message = status >= 500 ? '数据库维护中 maintenance' : 'ok';
      return res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ message }));
    }
    return sendFile(www, path, res);
  });
  await new Promise((r) => http.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${http.address().port}/`;
  browser = await launch();
});

after(async () => {
  await browser?.close();
  http?.close();
  assert.deepEqual(errors, [], 'no page errors or CSP violations');
});

export async function open(context, path = '') {
  const page = await context.newPage();
  await page.addInitScript(() => {
    window.__events = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__events.push({ type: 'csp', detail: e.violatedDirective }));
    for (const t of ['readycheck-ready', 'readycheck-error', 'readycheck-outbox']) {
      document.addEventListener(t, (e) => window.__events.push({ type: t, detail: e.detail }));
    }
  });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(base + path);
  await ready(page);
  return page;
}
export const ready = (page) => page.waitForFunction(() => window.__events.some((e) => e.type === 'readycheck-ready'));
export const item = (page, id) => page.locator(`ready-check [data-item="${id}"]`);
export const drafts = (page) => page.evaluate(async () => (await import('./readycheck.js')).listDrafts());
/** Runs `fn(element, arg)` in the page on its <ready-check>. */
export const el = (page, fn, arg) => page.locator('ready-check').evaluate(fn, arg);
export const saved = (page) => page.evaluate(() => document.querySelector('ready-check').saved);
export const events = (page, type) => page.evaluate((t) => window.__events.filter((e) => e.type === t).map((e) => e.detail), type);

