// The embedding examples (issue 23, SPEC §7.5): examples/vite-react (React 19, TypeScript),
// examples/vite-vue (Vue 3, TypeScript) and examples/webpack (webpack 5), each installed with
// its locked dependencies and the packed tarball, built for production, served under the
// strict CSP, and driven in chromium: the form renders, scores and emits events, the wasm is
// emitted and fetched once, and after one visit the page works offline — reload, answer,
// submit (queued), back online (sent).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { readdir, rm, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { launch, until } from './chromium.mjs';
import { pathOf, sendFile } from '../../scripts/serve.mjs';

const root = new URL('../../', import.meta.url).pathname;
const tarball = join(root, 'target/npm/readycheck-0.1.0.tgz');
let browser;

before(async () => {
  browser = await launch();
});
after(() => browser?.close());

/** Installs the example's locked dependencies and readycheck from the tarball, then builds it. */
async function build(dir) {
  const run = (cmd, args) => execFileSync(cmd, args, { cwd: dir, stdio: 'pipe', env: { ...process.env, CI: 'true' } });
  run('npm', ['ci', '--no-audit', '--no-fund', '--prefer-offline']);
  // What `npm install readycheck-0.1.0.tgz` does for a package without dependencies: unpack it
  // (without touching the lockfile, whose hash of the tarball would change with every build).
  const into = join(dir, 'node_modules/readycheck');
  await rm(into, { recursive: true, force: true });
  await mkdir(into, { recursive: true });
  execFileSync('tar', ['xzf', tarball, '-C', into, '--strip-components', '1']);
  run('npm', ['run', 'build']);
  return join(dir, 'dist');
}

/** Serves `dist` under the strict CSP, with the portal's POST /api/submit recorded. */
async function serve(dist) {
  const posts = [];
  const http = createServer(async (req, res) => {
    const path = pathOf(req);
    if (path === '/api/submit' && req.method === 'POST') {
      const chunks = [];
      for await (const c of req) chunks.push(c);
      posts.push({ key: req.headers['idempotency-key'], bytes: Buffer.concat(chunks).length });
      return res.writeHead(201, { 'content-type': 'application/json' }).end('{"message":"ok"}');
    }
    return sendFile(dist, path, res);
  });
  await new Promise((r) => http.listen(0, '127.0.0.1', r));
  return { http, posts, base: `http://127.0.0.1:${http.address().port}/` };
}

async function files(dir) {
  const out = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) if (e.isFile()) out.push(e.name);
  return out;
}

for (const example of ['vite-react', 'vite-vue', 'webpack']) {
  test(`examples/${example}: built with the tarball, it renders, scores, emits events, and works offline`, { timeout: 600_000 }, async () => {
    const dist = await build(join(root, 'examples', example));
    const emitted = await files(dist);
    assert.equal(emitted.filter((f) => f.endsWith('.wasm')).length, 1, `one wasm emitted: ${emitted.join(', ')}`);
    assert.ok(emitted.some((f) => f.endsWith('.css')) && emitted.filter((f) => f.endsWith('.json')).length >= 3, emitted.join(', '));
    const { http, posts, base } = await serve(dist);
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
    const errors = [];
    try {
      const page = await context.newPage();
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
      await page.goto(base);
      const ready = (when) => page.waitForFunction(() => window.__events?.some((e) => e.type === 'readycheck-ready'), null, { timeout: 30_000 })
        .catch(async (e) => { throw new Error(`${when}: no readycheck-ready (${e.message}); page errors: ${errors.join(' | ')}; events: ${JSON.stringify(await page.evaluate(() => window.__events).catch(() => null))}`); });
      await ready();
      // Renders and scores; the page's own summary follows the change events.
      await page.locator('ready-check [data-item="org_01"] [data-value="yes"]').click();
      await page.waitForFunction(() => window.__events.some((e) => e.type === 'readycheck-change'));
      await page.waitForFunction(() => document.getElementById('summary').textContent !== '—');
      assert.match(await page.locator('#summary').textContent(), /^(incomplete|ready|conditional|not_ready) /);
      const wasm = await page.evaluate(() => performance.getEntriesByType('resource').filter((e) => e.name.endsWith('.wasm')).length);
      assert.equal(wasm, 1, 'the wasm is fetched once');
      // The service worker has what the page loaded.
      await until(page, async () => {
        const keys = await (await caches.open('readycheck-example-v1')).keys();
        return keys.some((r) => r.url === location.href) && keys.some((r) => r.url.endsWith('.wasm')) && keys.some((r) => r.url.endsWith('.css'))
          && keys.some((r) => r.url.endsWith('.json'));
      }, { timeout: 30_000 });
      // Offline: reload, answer, submit (queued), back online (sent).
      await context.setOffline(true);
      await page.reload();
      await ready('offline reload');
      assert.equal(await page.locator('ready-check [data-item="org_01"] [data-value="yes"]').getAttribute('aria-checked'), 'true', 'the draft survived');
      await page.locator('ready-check [data-item="org_02"] [data-value="yes"]').click();
      await page.locator('ready-check [data-act="submit"]').click();
      await page.waitForFunction(() => window.__events.some((e) => e.type === 'readycheck-outbox' && e.detail.state === 'queued' && e.detail.attempts > 0), null, { timeout: 30_000 });
      assert.equal(posts.length, 0);
      await context.setOffline(false);
      await page.waitForFunction(() => window.__events.some((e) => e.type === 'readycheck-outbox' && e.detail.state === 'sent'), null, { timeout: 30_000 });
      assert.equal(posts.length, 1, 'sent once');
      assert.ok(posts[0].key && posts[0].bytes > 1000);
      assert.deepEqual(errors.filter((e) => !/net::ERR_INTERNET_DISCONNECTED|Failed to fetch|Failed to load resource/.test(e)), []);
    } finally {
      await context.close();
      http.close();
    }
  });
}

// The framework typings (SPEC §7.5) under `tsc --strict`, misuses included: React 18's and
// React 19's JSX, Vue 3's GlobalComponents, each in a scratch project with the tarball.
for (const [name, deps, file, source] of [
  ['react 18', ['@types/react@18.3.27'], 'check.tsx', `import type {} from 'readycheck/react';
export const ok = <ready-check template="builtin:school-reopening" mode="inspection" site-code="S1" readonly />;
// @ts-expect-error: no such mode
export const bad = <ready-check mode="audit" />;
`],
  ['react 19', ['@types/react@19.3.2'], 'check.tsx', `import type {} from 'readycheck/react';
export const ok = <ready-check template="server:district-a" locale="en" submit-url="/api/submissions" />;
// @ts-expect-error: locale is zh-CN or en
export const bad = <ready-check locale="fr" />;
`],
  ['vue 3', ['vue@3.5.47'], 'check.ts', `import type { GlobalComponents } from 'vue';
import type {} from 'readycheck/vue';
type Props = InstanceType<GlobalComponents['ready-check']>['$props'];
export const ok: Props = { template: 'builtin:school-reopening', mode: 'self', 'site-code': 'S1' };
// @ts-expect-error: no such mode
export const bad: Props = { mode: 'audit' };
`],
]) {
  test(`the ${name} typings check under tsc --strict and refuse a misuse`, { timeout: 300_000 }, async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const dir = mkdtempSync(join((await import('node:os')).tmpdir(), 'rc-types-'));
    try {
      writeFileSync(join(dir, 'package.json'), '{"private": true, "type": "module"}');
      execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', 'typescript@5.9.3', ...deps, tarball], { cwd: dir, stdio: 'pipe' });
      writeFileSync(join(dir, file), source);
      writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, noEmit: true, target: 'es2022', module: 'esnext',
        moduleResolution: 'bundler', jsx: 'react-jsx', lib: ['es2022', 'dom', 'dom.iterable'], types: [] }, include: [file] }));
      execFileSync(join(dir, 'node_modules/.bin/tsc'), ['-p', dir], { stdio: 'pipe' });
    } catch (e) {
      assert.fail(`${name}: ${e.stdout ?? ''}${e.stderr ?? ''}${e.message}`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
}
