// Guards the build: the optimised module must instantiate and answer a call.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
const pkg = new URL('../www/pkg/', import.meta.url);
const mod = await import(new URL('readycheck.js', pkg));
const bytes = readFileSync(new URL('readycheck_bg.wasm', pkg));
mod.initSync({ module: bytes });
const list = mod.builtinTemplates('en');
if (!Array.isArray(list) || list.length === 0) throw new Error('wasm module answered no built-in templates');
const kb = (n) => (n / 1024).toFixed(1);
console.log(`wasm ok: ${list.map((t) => t.id).join(', ')}; ${kb(bytes.length)} KiB raw, ${kb(gzipSync(bytes, { level: 9 }).length)} KiB gzipped`);
