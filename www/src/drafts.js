// @ts-check
// The drafts on this device, as bytes (SPEC §8): the form decides every key, every write and
// which copy opens (src/document/draft/); this module only performs its writes — localStorage
// at once, for the first paint after a reload, and IndexedDB durably, for a browser killed
// mid-change — and reads what the form or the drafts list asks for.
import { mergeDraft, draftList, blobsOf } from './pkg/readycheck.js';
import * as store from './store.js';

const JOURNAL = ':journal';

/**
 * A write the form decided (`Write` in src/document/draft/keeper.rs).
 * @typedef {{key: string, doc?: string, journal?: string, remove: string[], open?: [string, string], summary: object}} Write
 */

/**
 * The synchronous reader the form is given: localStorage's text under a key, or null.
 * @param {(e: unknown) => void} refused called when the browser refuses the store
 * @returns {(key: string) => string | null}
 */
export const reader = (refused) => (key) => {
  try {
    return localStorage.getItem(key);
  } catch (e) {
    refused(e);
    return null;
  }
};

/**
 * Performs `w`: localStorage now (its refusal is returned, not thrown: IndexedDB may still
 * take the draft), IndexedDB durably (the promise, settled once on disk).
 * @param {Write} w
 * @returns {{refused: unknown, durable: Promise<unknown>}}
 */
export function perform(w) {
  let refused = null;
  try {
    if (w.doc !== undefined) {
      localStorage.setItem(w.key, w.doc);
      localStorage.removeItem(w.key + JOURNAL);
    } else if (w.journal !== undefined) {
      localStorage.setItem(w.key + JOURNAL, w.journal);
    }
    for (const k of w.remove) {
      localStorage.removeItem(k);
      localStorage.removeItem(k + JOURNAL);
    }
    if (w.open) localStorage.setItem(w.open[0], w.open[1]);
  } catch (e) {
    refused = e;
  }
  const put = w.doc !== undefined ? store.putDraft(w.key, w.doc, w.summary) : store.putJournal(w.key, w.journal ?? '', w.summary);
  const durable = put.then(() => Promise.all(w.remove.map(store.deleteDraftRecord)));
  return { refused, durable };
}

/**
 * IndexedDB's copy of the draft under `key`, its journal applied (undefined when none or
 * IndexedDB is refused: localStorage's copy is used alone).
 * @param {string} key
 * @returns {Promise<string | undefined>}
 */
export async function readDurable(key) {
  try {
    const { doc, journal } = await store.getDraft(key);
    if (!doc) return undefined;
    try {
      return journal ? mergeDraft(doc, journal) : doc;
    } catch {
      return doc;
    }
  } catch {
    return undefined;
  }
}

/** @returns {[string, string][]} every localStorage entry of readycheck's */
function localEntries() {
  const out = [];
  try {
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i);
      if (key?.startsWith('readycheck:')) out.push([key, localStorage.getItem(key) ?? '']);
    }
  } catch { /* a refused store lists what IndexedDB holds */ }
  return /** @type {[string, string][]} */ (out);
}

/**
 * Every draft on this device, newest first (§8): `{key, template, mode, site, answered,
 * applicable, score, verdict, updated_at, outbox}`, `outbox` the state of that draft's own
 * latest submission (or null). The numbers are those the form showed at its last change.
 * @param {Promise<unknown>} ready the wasm module
 */
export async function listDrafts(ready) {
  await ready;
  const [summaries, outbox] = await Promise.all([store.summaryRecords(), store.entries()]);
  const slim = outbox.map(({ draft, state, queued_at }) => ({ draft, state, queued_at }));
  return JSON.parse(draftList(JSON.stringify(summaries), JSON.stringify(localEntries()), JSON.stringify(slim)));
}

/**
 * Deletes a draft from this device (its photos too, unless another draft or an unsent
 * submission still names them). Submissions already in the outbox are not touched.
 * @param {Promise<unknown>} ready the wasm module
 * @param {string} key
 */
export async function deleteDraft(ready, key) {
  await ready;
  try {
    localStorage.removeItem(key);
    localStorage.removeItem(key + JOURNAL);
  } catch { /* nothing to remove */ }
  await store.deleteDraftRecord(key);
  const keep = new Set();
  for (const doc of await store.draftDocs()) for (const sha of blobsOf(doc)) keep.add(sha);
  for (const e of await store.entries()) if (e.state !== 'sent') for (const sha of e.blobs) keep.add(sha);
  await store.deleteBlobs((await store.blobKeys()).filter((sha) => !keep.has(sha)));
}
