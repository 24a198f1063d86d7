// @ts-check
// The collect service as the element uses it (SPEC §10.3, §10.4), found beside `submit-url`
// (`…/api/submissions` → `…/api/`): published templates (`server:<id>`, kept on the device
// for offline use), the latest review of a site's submission, and the site's latest
// self-check for an inspector's comparison. Bytes only: the form decides what they mean.

const TEMPLATE_KEY = 'readycheck-template:';

/** The service's API folder, from the element's `submit-url`. @param {string} submitUrl */
export const serviceBase = (submitUrl) => new URL('./', new URL(submitUrl, document.baseURI));

/**
 * GET `path` from the service as JSON (or text); throws with `code` `fetch` and the status.
 * @param {URL} base @param {string} path @param {Record<string, string>} headers
 * @param {AbortSignal} [signal]
 */
async function get(base, path, headers, text = false, signal = undefined) {
  const r = await fetch(new URL(path, base), { headers, credentials: 'same-origin', signal });
  if (!r.ok) throw Object.assign(new Error(`${path}: HTTP ${r.status}`), { code: 'fetch', status: r.status });
  return text ? r.text() : r.json();
}

/**
 * The latest published version of template `id` (JSON text); the copy kept on the device
 * when the service cannot be reached. Throws `fetch` with neither.
 * @param {URL} base @param {string} id @param {Record<string, string>} headers
 */
export async function publishedTemplate(base, id, headers) {
  const key = `${TEMPLATE_KEY}${base.href}${id}`;
  try {
    const text = await get(base, `templates/${encodeURIComponent(id)}`, headers, true);
    try { localStorage.setItem(key, text); } catch { /* kept next time */ }
    return text;
  } catch (e) {
    let kept = null;
    try { kept = localStorage.getItem(key); } catch { /* none */ }
    if (kept) return kept;
    throw e;
  }
}

/**
 * The latest submission of a site in a mode for a template, with its review state and
 * history (`GET submissions/{id}`), or null when there is none. `signal` ends the wait.
 * @param {URL} base @param {Record<string, string>} headers
 * @param {{site: string, mode: string, template: string}} which
 * @param {AbortSignal} [signal]
 */
export async function latestSubmission(base, headers, { site, mode, template }, signal = undefined) {
  const q = new URLSearchParams({ site, mode, template, latest: '1' });
  const rows = await get(base, `submissions?${q}`, headers, false, signal);
  if (!Array.isArray(rows) || !rows.length) return null;
  return get(base, `submissions/${encodeURIComponent(rows[0].id)}`, headers, false, signal);
}
