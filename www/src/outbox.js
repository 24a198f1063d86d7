// @ts-check
// The outbox (SPEC §8): a submission is stored in IndexedDB with its photos named before
// anything is sent, then POSTed as multipart with a fixed Idempotency-Key; the outcome and
// the retry schedule are Rust's (outboxOutcome, retryDelayMs). Loaded with the entry module,
// so an offline submit, a reload and the `online` event never depend on a lazy module.
import { blobsOf, outboxOutcome, retryDelayMs } from './pkg/readycheck.js';
import * as store from './store.js';

/**
 * What the outbox tells an element: `{key, draft, state, attempts, status, message}`.
 * @typedef {{key: string, draft: string, state: string, attempts: number, status: number | null, message: string}} OutboxState
 * @typedef {{draftKey: string | null, submitHeaders: Record<string, string>, outboxState(s: OutboxState): void}} Sender
 */

/** @type {Set<Sender>} elements on the page, which hear their drafts' submissions */
const senders = new Set();

/** @param {Sender} el */
export const watch = (el) => { senders.add(el); };
/** @param {Sender} el */
export const unwatch = (el) => { senders.delete(el); };

/**
 * The element showing draft `draft`, else the first on the page.
 * @param {string | null} draft
 */
export const senderFor = (draft) => [...senders].find((e) => e.draftKey === draft) ?? senders.values().next().value;

/**
 * The multipart body of §8: `assessment`, `result`, then one part per blob named by its hash
 * (`blobs`, the ones the assessment names; an outbox entry keeps them from when it was queued).
 */
export async function body(assessment, result, blobs = blobsOf(assessment)) {
  const fd = new FormData();
  fd.append('assessment', new Blob([assessment], { type: 'application/json' }), 'assessment.json');
  fd.append('result', new Blob([result], { type: 'application/json' }), 'result.json');
  const missing = [];
  for (const sha of blobs) {
    const b = await store.getBlob(sha);
    if (b) fd.append(sha, b, sha);
    else missing.push(sha);
  }
  return { fd, missing };
}

// Outbox entries being sent by this page, and the timers of those waiting.
const sending = new Set();
const timers = new Map();

/** @param {any} entry */
function tell(entry) {
  const { id: key, draft, state, attempts, status, message } = entry;
  senderFor(draft)?.outboxState({ key, draft, state, attempts, status, message });
}

/**
 * The latest state of draft `draft`'s own submissions, or null when it was never submitted.
 * @param {string} draft
 */
export async function stateOf(draft) {
  let latest = null;
  for (const e of await store.entries()) if (e.draft === draft && (!latest || latest.queued_at < e.queued_at)) latest = e;
  return latest;
}

/**
 * Queues a submission: stored in IndexedDB with its blobs named before anything is sent,
 * its Idempotency-Key fixed now; then sent.
 */
export async function enqueue(el, { url, draft, assessment, result }) {
  const entry = {
    id: crypto.randomUUID(), url, draft, assessment, result, blobs: blobsOf(assessment),
    headers: { ...el.submitHeaders }, state: 'queued', attempts: 0, status: null, message: '',
    queued_at: Date.now(), next_at: 0,
  };
  await store.putEntry(entry);
  tell(entry);
  send(entry, el);
}

/** One attempt; the entry's new state is stored before anyone hears of it. */
async function send(entry, el) {
  if (sending.has(entry.id)) return;
  sending.add(entry.id);
  clearTimeout(timers.get(entry.id));
  try {
    entry.state = 'sending';
    tell(entry);
    const { fd, missing } = await body(entry.assessment, entry.result, entry.blobs);
    let status = 0, message = '';
    if (missing.length) {
      message = `photos missing on this device: ${missing.join(', ')}`;
    } else {
      try {
        const headers = { ...entry.headers, ...(el?.submitHeaders || {}), 'Idempotency-Key': entry.id };
        const r = await fetch(entry.url, { method: 'POST', body: fd, headers, credentials: 'same-origin' });
        status = r.status;
        const text = await r.text().catch(() => '');
        try { message = JSON.parse(text).message || ''; } catch { message = text.slice(0, 300); }
      } catch (e) {
        message = e.message || String(e);
      }
    }
    entry.attempts++;
    entry.status = status || null;
    entry.message = message;
    entry.state = missing.length ? 'failed' : outboxOutcome(status);
    entry.next_at = entry.state === 'queued' ? Date.now() + retryDelayMs(entry.attempts) : 0;
    await store.putEntry(entry);
    tell(entry);
    if (entry.state === 'queued') timers.set(entry.id, setTimeout(() => send(entry, el), entry.next_at - Date.now()));
  } finally {
    sending.delete(entry.id);
  }
}

/** Sends what waits in the outbox now: on load, and when the browser comes back online. */
export async function resume(el) {
  for (const e of await store.entries()) {
    if (e.state !== 'queued' && e.state !== 'sending') continue;
    e.state = 'queued'; // a page closed mid-send left it `sending`
    send(e, el);
  }
}
window.addEventListener('online', () => resume(senderFor(null)));

