// What a self-check page loads before anyone takes a photo (issue 23): the element's code and
// style, relative to www/. scripts/check-wasm.mjs weighs it against its budgets;
// tests/js/e2e.test.mjs checks in chromium that a page fetches exactly these files, each once.
import { readFileSync, readdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

/** The files, relative to `www` (a file URL ending in /). */
export function firstLoadFiles(www) {
  const snippets = readdirSync(new URL('pkg/snippets/', www), { recursive: true })
    .filter((f) => f.endsWith('.js')).map((f) => `pkg/snippets/${f}`);
  return ['pkg/readycheck_bg.wasm', 'pkg/readycheck.js', ...snippets, 'pkg/builtin-files.js', 'readycheck.js', 'store.js', 'drafts.js', 'outbox.js',
    'service.js', 'pkg/readycheck.css'];
}

/** Their bytes as they are and gzipped at level 9: `{raw, gz}`. */
export function weigh(www, files) {
  let raw = 0, gz = 0;
  for (const f of files) {
    const b = readFileSync(new URL(f, www));
    raw += b.length;
    gz += gzipSync(b, { level: 9 }).length;
  }
  return { raw, gz };
}
