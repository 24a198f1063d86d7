// The built-in templates' JSON text, fetched once per page: by the wasm module through
// fetch-builtin.js, and early by the element's entry module, which starts the fetch while
// the wasm is still coming (docs/performance.md, "The first load's waterfall"). Copied by
// scripts/build.sh into pkg/, beside the templates it names; not minified, because bundlers
// read its magic comments. This file only moves bytes: the wasm checks the text against the
// hash it was built with.
//
// One literal `new URL('…', import.meta.url)` per template, so that Vite, webpack 5 and
// Rollup emit each file (a URL built from a variable is invisible to them); the list is
// checked against templates/ by tests/js/package.test.mjs.
const FILES = {
  'exam-site': () => new URL('./templates/exam-site.json', import.meta.url),
  example: () => new URL('./templates/example.json', import.meta.url),
  'school-reopening': () => new URL('./templates/school-reopening.json', import.meta.url),
  'training-institution': () => new URL('./templates/training-institution.json', import.meta.url),
};

/** Fetches under way or done, by id; a failed one is forgotten, so the next use tries again. */
const pending = new Map();

/**
 * The JSON text of built-in template `id`. Rejects with `code` `input` for an unknown id and
 * `fetch` for a failed fetch.
 * @param {string} id
 * @returns {Promise<string>}
 */
export function builtinText(id) {
  let text = pending.get(id);
  if (!text) {
    text = fetchText(id);
    pending.set(id, text);
    text.catch(() => pending.delete(id));
  }
  return text;
}

async function fetchText(id) {
  // A page may name where pkg/ is served (see readycheck.js).
  const meta = /** @type {HTMLMetaElement | null | undefined} */ (globalThis.document?.querySelector('meta[name="readycheck-assets"]'));
  const file = Object.hasOwn(FILES, id) ? FILES[id] : null;
  if (!file) throw Object.assign(new Error(`no built-in template ${id}`), { code: 'input' });
  const url = meta ? new URL(`pkg/templates/${id}.json`, new URL(meta.content, document.baseURI)) : file();
  if (url.protocol === 'file:') {
    // Node (a portal's server-side checks, our tests): no fetch for file URLs.
    // A variable, not a literal, so a bundler for the browser does not try to bundle it.
    const fsModule = 'node:fs/promises';
    const { readFile } = await import(/* webpackIgnore: true */ /* @vite-ignore */ fsModule);
    return readFile(url, 'utf8');
  }
  // Offline or refused: the failure code is `fetch` (SPEC §7.5), whatever the browser says.
  const r = await fetch(url).catch((e) => {
    throw Object.assign(new Error(`built-in template ${id}: ${e.message || e} at ${url}`), { code: 'fetch' });
  });
  if (!r.ok) throw Object.assign(new Error(`built-in template ${id}: HTTP ${r.status} at ${url}`), { code: 'fetch' });
  return r.text();
}
