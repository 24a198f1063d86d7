// Writes a brotli (quality 11) and a gzip (level 9) copy beside each file of the element that
// scripts/build.sh builds: www/pkg/ and the minified modules. `readycheck serve --www` sends
// a copy to a browser that accepts its encoding (src/serve/files.rs), at no cost per request
// and smaller than compressing on the fly: the first load of a self-check page is about
// 470 KiB as it is, 200 gzipped and 170 as brotli. A copy is written only when smaller.
// The sources in www/ (the demo page, the district page) get none: a copy of a file edited
// by hand would go stale, and the service then sends every file as it is.
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { firstLoadFiles } from './first-load.mjs';

const www = new URL('../www/', import.meta.url);
// The element's modules: scripts/build.sh minifies each of www/src/*.js into www/.
const MODULES = readdirSync(new URL('src/', www)).filter((f) => f.endsWith('.js'));
const isCopy = (f) => f.endsWith('.br') || f.endsWith('.gz');

/** The built files, relative to www/. */
export function builtFiles() {
  const pkg = readdirSync(new URL('pkg/', www), { recursive: true })
    .map((f) => `pkg/${f}`)
    .filter((f) => statSync(new URL(f, www)).isFile() && !f.endsWith('.d.ts') && !isCopy(f));
  return [...MODULES, ...pkg];
}

const brotli = (b, text) => brotliCompressSync(b, {
  params: {
    [constants.BROTLI_PARAM_QUALITY]: 11,
    [constants.BROTLI_PARAM_SIZE_HINT]: b.length,
    [constants.BROTLI_PARAM_MODE]: text ? constants.BROTLI_MODE_TEXT : constants.BROTLI_MODE_GENERIC,
  },
});

if (import.meta.url === `file://${process.argv[1]}`) {
  let raw = 0, br = 0, gz = 0;
  const first = new Set(firstLoadFiles(www));
  let firstBr = 0;
  for (const f of builtFiles()) {
    const b = readFileSync(new URL(f, www));
    const text = !f.endsWith('.wasm');
    const sent = {};
    for (const [ext, packed] of [['br', brotli(b, text)], ['gz', gzipSync(b, { level: 9 })]]) {
      const copy = new URL(`${f}.${ext}`, www);
      if (packed.length < b.length) writeFileSync(copy, packed);
      else rmSync(copy, { force: true });
      sent[ext] = Math.min(b.length, packed.length);
    }
    raw += b.length;
    br += sent.br;
    gz += sent.gz;
    if (first.has(f)) firstBr += sent.br;
  }
  const kib = (n) => (n / 1024).toFixed(1);
  console.log(`compressed copies for readycheck serve: ${kib(raw)} KiB as built, ${kib(gz)} gzip, ${kib(br)} brotli; ` +
    `a self-check page's first load as brotli: ${kib(firstBr)} KiB`);
}
