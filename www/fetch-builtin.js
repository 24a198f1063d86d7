// Hands a built-in template's JSON text to the wasm module (src/web/wasm.rs, builtinTemplate).
// wasm-bindgen copies this file to pkg/snippets/<crate>-<hash>/www/, so pkg/builtin-files.js
// (which fetches the text, once per page) is three folders up. The wasm side checks the text
// against the hash it was built with (`check`); this file only moves bytes.
import { builtinText } from '../../../builtin-files.js';

export async function fetchBuiltin(id, check) {
  return check(await builtinText(id));
}
