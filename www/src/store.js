// @ts-check
// The element's storage on the device, in one IndexedDB database (SPEC 1.1 §7.1, §8):
//   drafts   {key, doc, …summary}   a draft written whole (the assessment JSON text)
//   journals {key, journal, …summary} the answers changed since, written on every change
//   blobs    {sha256, type, blob}   photos and signatures, named by their SHA-256
//   outbox   {id, …}                submissions waiting to be sent (id = Idempotency-Key)
// Every write asks for strict durability: its transaction completes only once the data is
// on disk, which is when the form says "saved". localStorage keeps the synchronous copy the
// first paint reads; this is the copy that survives the browser being killed.

const NAME = 'readycheck';
const STORES = ['drafts', 'journals', 'blobs', 'outbox'];
let opening = null;

/** The database, opened once (a failed open is tried again on the next call). */
function db() {
  opening ??= new Promise((resolve, reject) => {
    const req = indexedDB.open(NAME, 1);
    req.onupgradeneeded = () => {
      const d = req.result;
      for (const s of STORES) if (!d.objectStoreNames.contains(s)) d.createObjectStore(s, { keyPath: s === 'blobs' ? 'sha256' : s === 'outbox' ? 'id' : 'key' });
    };
    req.onsuccess = () => {
      // Another tab upgrading the schema asks this one to let go.
      req.result.onversionchange = () => { req.result.close(); opening = null; };
      resolve(req.result);
    };
    req.onerror = () => reject(req.error);
    req.onblocked = () => reject(Object.assign(new Error('storage is blocked by another tab'), { name: 'BlockedError' }));
  });
  opening.catch(() => { opening = null; });
  return opening;
}

/**
 * Runs `fn(stores…)` in one transaction over `names`; resolves with what `fn` returned (a
 * request's result once it is in) when the transaction has completed durably.
 */
async function run(names, mode, fn) {
  const d = await db();
  return new Promise((resolve, reject) => {
    const t = d.transaction(names, mode, { durability: 'strict' });
    let out;
    const r = fn(...names.map((n) => t.objectStore(n)));
    if (r instanceof IDBRequest) r.onsuccess = () => { out = r.result; };
    else out = r;
    t.oncomplete = () => resolve(out);
    t.onerror = () => reject(t.error);
    t.onabort = () => reject(t.error || Object.assign(new Error('storage transaction aborted'), { name: 'AbortError' }));
  });
}

/** Writes a draft whole; its journal goes (the document holds those answers now). */
export const putDraft = (key, doc, summary) =>
  run(['drafts', 'journals'], 'readwrite', (drafts, journals) => {
    drafts.put({ ...summary, key, doc });
    journals.delete(key);
  });

/** Writes the answers changed since the draft was written whole, with the new summary. */
export const putJournal = (key, journal, summary) =>
  run(['journals'], 'readwrite', (journals) => { journals.put({ ...summary, key, journal }); });

/** `{doc, journal}` of a draft (either may be undefined). */
export async function getDraft(key) {
  const [draft, journal] = await Promise.all([
    run(['drafts'], 'readonly', (s) => s.get(key)),
    run(['journals'], 'readonly', (s) => s.get(key)),
  ]);
  return { doc: draft?.doc, journal: journal?.journal };
}

/** Every summary record of drafts and journals, without the documents (src/document/draft/list.rs merges them). */
export async function summaryRecords() {
  const [drafts, journals] = await Promise.all([
    run(['drafts'], 'readonly', (s) => s.getAll()),
    run(['journals'], 'readonly', (s) => s.getAll()),
  ]);
  return [...drafts.map(({ doc, ...rest }) => rest), ...journals.map(({ journal, ...rest }) => rest)];
}

/** The whole documents of every draft (for finding the blobs still in use). */
export const draftDocs = () => run(['drafts'], 'readonly', (s) => s.getAll()).then((l) => l.map((d) => d.doc));

export const deleteDraftRecord = (key) =>
  run(['drafts', 'journals'], 'readwrite', (drafts, journals) => { drafts.delete(key); journals.delete(key); });

export const putBlob = (sha256, blob) =>
  run(['blobs'], 'readwrite', (s) => { s.put({ sha256, type: blob.type, blob }); });

/** The blob named `sha256`, or undefined. */
export const getBlob = (sha256) => run(['blobs'], 'readonly', (s) => s.get(sha256)).then((r) => r?.blob);

export const blobKeys = () => run(['blobs'], 'readonly', (s) => s.getAllKeys());

export const deleteBlobs = (shas) =>
  run(['blobs'], 'readwrite', (s) => { for (const sha of shas) s.delete(sha); });

export const putEntry = (entry) => run(['outbox'], 'readwrite', (s) => { s.put(entry); });

export const entries = () => run(['outbox'], 'readonly', (s) => s.getAll());

/** How much the device holds for this origin, if the browser says. */
export async function usage() {
  try {
    return (await navigator.storage?.estimate?.())?.usage;
  } catch {
    return undefined;
  }
}
