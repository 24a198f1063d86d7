// Fetches a built-in template's JSON text for the wasm module (src/wasm.rs, builtinTemplate).
// wasm-bindgen copies this file to pkg/snippets/<crate>-<hash>/www/, so the templates that
// scripts/build.sh writes to pkg/templates/ are three folders up. The wasm side checks the
// text against the hash it was built with (`check`); this file only moves bytes.
export async function fetchBuiltin(id, check) {
  return check(await fetchText(id));
}

async function fetchText(id) {
  // A page that bundles the element names where pkg/ is served (see readycheck.js).
  const meta = globalThis.document?.querySelector('meta[name="readycheck-assets"]');
  const url = meta
    ? new URL(`pkg/templates/${id}.json`, new URL(meta.content, document.baseURI))
    : new URL(`../../../templates/${id}.json`, import.meta.url);
  if (url.protocol === 'file:') {
    // Node (a portal's server-side checks, our tests): no fetch for file URLs.
    // A variable, not a literal, so a bundler for the browser does not try to bundle it.
    const fsModule = 'node:fs/promises';
    const { readFile } = await import(/* webpackIgnore: true */ /* @vite-ignore */ fsModule);
    return readFile(url, 'utf8');
  }
  const r = await fetch(url);
  if (!r.ok) throw Object.assign(new Error(`built-in template ${id}: HTTP ${r.status} at ${url}`), { code: 'fetch' });
  return r.text();
}
