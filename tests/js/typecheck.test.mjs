// The element's JS is type-checked (issue 28): every module in www/src starts with
// `// @ts-check` and `tsc -p www/src` (www/src/tsconfig.json) passes against the types
// wasm-bindgen wrote for the built module; a misuse of a module's API is refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

const root = new URL('../../', import.meta.url).pathname;
const tsc = join(root, 'node_modules/.bin/tsc');
const src = join(root, 'www/src');

test('every module of the element is checked by tsc and passes', () => {
  const modules = readdirSync(src).filter((f) => f.endsWith('.js'));
  assert.ok(modules.length >= 5, modules.join(', '));
  for (const f of modules) assert.match(readFileSync(join(src, f), 'utf8'), /^\/\/ @ts-check\n/, `${f} starts with // @ts-check`);
  execFileSync(tsc, ['-p', src], { stdio: 'pipe' });
});

test('the check refuses a misuse of the drafts module', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rc-ts-'));
  try {
    writeFileSync(join(dir, 'misuse.js'), `// @ts-check\nimport { perform } from '${join(src, 'drafts.js')}';\nperform({ key: 1, remove: 'x' });\n`);
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ extends: join(src, 'tsconfig.json'), include: ['misuse.js'] }));
    let out = '';
    try {
      execFileSync(tsc, ['-p', dir], { stdio: 'pipe' });
    } catch (e) {
      out = String(e.stdout);
    }
    assert.match(out, /misuse\.js.*error TS2322/s);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
