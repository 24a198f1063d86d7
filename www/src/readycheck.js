// <ready-check>: registers the custom element and loads the wasm module from ./pkg/.
// Thin by design: rendering, validation, scoring and formatting all happen in Rust; this
// file wires attributes, properties, events, storage and file downloads to it.
import init, { Form, ResultParts, builtinTemplate, mergeDraft, blobsOf } from './pkg/readycheck.js';
import * as store from './store.js';

// Where pkg/ is served: beside this file, unless the page says otherwise with
// <meta name="readycheck-assets" content="/node_modules/readycheck/"> (a bundler moves this
// file but not the wasm, the stylesheet and the built-in templates).
const assetMeta = document.querySelector('meta[name="readycheck-assets"]');
const assets = assetMeta ? new URL(assetMeta.content, document.baseURI) : new URL('./', import.meta.url);
// A wasm module that cannot be fetched is reported as `fetch` (SPEC §7.5), not `error`.
const wasmReady = init({ module_or_path: new URL('pkg/readycheck_bg.wasm', assets) }).catch((e) => {
  throw Object.assign(e instanceof Error ? e : new Error(String(e)), { code: 'fetch' });
});
// The stylesheet is www/readycheck.css minified by scripts/build.sh.
const stylesheet = new URL('pkg/readycheck.css', assets).href;
const INPUT_QUIET_MS = 400;
const JOURNAL = ':journal';
// The site code of a draft whose site is not named yet (§8).
const NO_SITE = '_';

/** A draft's `updated_at` ('' when it has none or does not read): which copy is newer. */
const updatedAt = (text) => {
  try {
    return JSON.parse(text).updated_at || '';
  } catch {
    return '';
  }
};

/** Removes the localStorage copy of a draft (the document and its journal). */
const removeLocal = (key) => {
  try {
    localStorage.removeItem(key);
    localStorage.removeItem(key + JOURNAL);
  } catch { /* nothing to remove */ }
};

// The field kit (photos, sign-off, outbox, packages) loads on first use.
let fieldkit = null;
const kit = () => (fieldkit ??= import('./fieldkit.js'));
// Elements on the page, for the outbox's events after a reload and for drafts shared by two
// elements on one page.
const elements = new Set();
// Other tabs on the same draft hear every change (§7.1): the last change to an item wins,
// nothing else is lost.
const tabs = typeof BroadcastChannel === 'function' ? new BroadcastChannel('readycheck-drafts') : null;
tabs?.addEventListener('message', (e) => { for (const el of elements) el.heard(e.data); });

let resultKeys; // ResultParts.keys(), read once the module is in
const idle = window.requestIdleCallback || ((cb) => setTimeout(() => cb({ timeRemaining: () => 8 }), 1));

// Results not read in full, oldest first; each holds its report in the wasm.
const unread = [];
let settling = false;

/**
 * The result as a plain object whose members are printed and parsed on first use, each as
 * it stood when `parts` was handed out: a listener that reads the score alone costs no JSON
 * before the next frame. JSON.stringify, structuredClone and assignment work as on data.
 */
const lazyResult = (parts) => {
  resultKeys ??= ResultParts.keys().split(',');
  const result = {};
  let left = resultKeys.length;
  const settle = (key, value) => {
    // Reflect: a frozen result is still read (uncached).
    if (Reflect.defineProperty(result, key, { value, writable: true, enumerable: true, configurable: true }) && !--left) parts.free();
    return value;
  };
  resultKeys.forEach((key, i) => Object.defineProperty(result, key, {
    get: () => settle(key, JSON.parse(parts.member(i))),
    set: (value) => settle(key, value),
    enumerable: true,
    configurable: true,
  }));
  // Once idle, an unread result still referenced is read in full (it must outlive the
  // report it shares), else freed; a burst with no idle time reads the oldest at once.
  const ref = new WeakRef(result);
  unread.push(() => {
    if (!left) return;
    if (ref.deref()) resultKeys.forEach((key) => left && result[key]);
    else parts.free();
  });
  if (unread.length > 8) unread.shift()();
  if (!settling) {
    settling = true;
    idle(function settleUnread(deadline) {
      while (unread.length && deadline.timeRemaining() > 1) unread.shift()();
      if (unread.length) idle(settleUnread);
      else settling = false;
    });
  }
  return result;
};

const emit = (el, type, detail) =>
  el.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));

class ReadyCheck extends HTMLElement {
  static observedAttributes = ['template', 'locale', 'mode', 'readonly', 'storage-key', 'site-code', 'site-name', 'modes', 'langs'];

  /** Headers added to every outbox request (an authorization token, say). */
  submitHeaders = {};

  #form = null;
  #booting = null;
  #template = undefined; // an object set through the property, if any
  #assessment = undefined;
  #fileInput = null;
  #loads = 0;
  #loaded = 0; // the load whose template the form shows
  #building = false;
  #lastInput = -Infinity;
  #unlisten = null;
  #savedKey = null; // the key the whole draft was last saved under
  #taken = null; // a key whose draft belongs to another template (see #key)
  #durable = null; // {key, text}: the draft as IndexedDB holds it, read before the first paint
  #writes = 0; // IndexedDB writes started, to show "saved" once the last one is on disk
  #switching = false; // a draft switch is reading storage
  #legacy = null; // the key an earlier version saved the open draft under
  #remote = false; // applying a change heard from another tab (not told again)
  #summary = null; // the drafts list's view of this draft, as last written
  #lastWrite = Promise.resolve(true);
  #summaryAt = -Infinity;
  #id = Math.random().toString(36).slice(2);

  connectedCallback() {
    elements.add(this);
    // Touches and keys also hold idle building back (scrolling does not: whoever scrolls
    // down a long form wants it built).
    this.#unlisten = new AbortController();
    const mark = () => { this.#lastInput = performance.now(); };
    const opts = { capture: true, passive: true, signal: this.#unlisten.signal };
    for (const type of ['pointerdown', 'keydown']) this.addEventListener(type, mark, opts);
    // Ctrl+P while far sections are still being built in idle time prints the whole form.
    window.addEventListener('beforeprint', () => this.#form?.renderMore(Infinity), { signal: this.#unlisten.signal });
    this.#booting ??= this.#boot().catch((e) => this.#fail(e));
  }

  disconnectedCallback() {
    this.#unlisten?.abort();
    elements.delete(this);
  }

  /** The one mode or language the page fixed with `modes` / `langs` (SPEC §7.5), if any. */
  #fixed(attr, allowed) {
    const values = (this.getAttribute(attr) || '').split(/[\s,]+/).filter((v) => allowed.includes(v));
    return values.length === 1 ? values[0] : null;
  }

  /** Holds `mode` and `locale` to what `modes` and `langs` fix; tells the form to draw no switch. */
  #holdFixed() {
    const mode = this.#fixed('modes', ['self', 'inspection']);
    const lang = this.#fixed('langs', ['zh-CN', 'en']);
    if (mode && this.getAttribute('mode') !== mode) this.setAttribute('mode', mode);
    if (lang && this.getAttribute('locale') !== lang) this.setAttribute('locale', lang);
    this.#form?.fixSwitches(mode !== null, lang !== null);
  }

  async #boot() {
    await wasmReady;
    const root = this.shadowRoot || this.attachShadow({ mode: 'open' });
    this.#holdFixed();
    this.#form = new Form(root, (kind, detail) => this.#onHost(kind, detail), stylesheet);
    this.#form.setLocale(this.getAttribute('locale') || 'zh-CN');
    this.#form.setMode(this.getAttribute('mode') || 'self');
    this.#form.setReadonly(this.hasAttribute('readonly'));
    this.#holdFixed();
    await this.#loadTemplate();
    this.#keepStorage();
    // Submissions queued before a reload are sent now.
    store.entries().then((list) => {
      if (list.some((e) => e.state === 'queued' || e.state === 'sending')) kit().then((k) => k.resume(this));
    }, () => {});
  }

  /** Asks for persistent storage once and shows how much the device holds. */
  async #keepStorage() {
    try {
      await navigator.storage?.persist?.();
    } catch { /* the browser may refuse; drafts are still kept */ }
    this.#showUsage();
  }

  async #showUsage() {
    const used = await store.usage();
    if (used !== undefined) this.#form?.setState('usage', 'shown', `${(used / 1048576).toFixed(1)} MB`);
  }

  async #loadTemplate() {
    const form = this.#form;
    if (!form) return;
    // A template set while another is still being fetched wins: the older load stops.
    const load = ++this.#loads;
    let source = this.#template;
    if (source === undefined) {
      const attr = this.getAttribute('template');
      if (!attr) return;
      // Built-in templates are files beside the module, checked against the hash the
      // module was built with; others are fetched as given.
      try {
        source = attr.startsWith('builtin:') ? await builtinTemplate(attr.slice(8)) : await fetch(new URL(attr, document.baseURI)).then((r) => {
          if (!r.ok) throw Object.assign(new Error(`template ${attr}: HTTP ${r.status}`), { code: 'fetch' });
          return r.text();
        });
      } catch (e) {
        if (load === this.#loads) throw e;
      }
      if (load !== this.#loads) return;
    }
    // The first form is built once its stylesheet is in: no unstyled frame, and off-screen
    // sections are skipped from the first layout on. Once it is, a template object is
    // applied at once, so `el.template = t; el.assessment = a` pairs them.
    const styling = this.#styled();
    if (styling) {
      await styling;
      if (load !== this.#loads) return;
    }
    form.setTemplate(source);
    this.#loaded = load;
    this.#taken = null;
    this.#savedKey = null;
    this.#durable = null;
    const given = this.#assessment === undefined ? undefined : this.#keepDraft(this.#assessment);
    const draft = given ?? this.#readDraft();
    if (draft) {
      if (given !== undefined) {
        try {
          form.setAssessment(given);
          // An assessment given through the property is saved at once, as when the
          // template was already loaded.
          this.#save();
        } catch (e) {
          this.#fail(e);
        }
      } else {
        this.#openDraft(draft);
      }
    }
    if (this.hasAttribute('mode')) form.setMode(this.getAttribute('mode'));
    this.#applySite();
    emit(this, 'readycheck-ready', this.result);
    this.#renderRest();
    this.#paint();
    if (given === undefined) this.#preferDurable();
  }

  /**
   * The form opens from localStorage at once; IndexedDB's copy, read after, wins when it is
   * newer (localStorage lost its last writes to a killed browser). Waiting for it before the
   * first paint cost 12–17 % of time to interactive (bench).
   */
  #preferDurable() {
    const key = this.#key;
    const load = this.#loads;
    const writes = this.#writes;
    this.#readDurable().then(() => {
      // Not once another template or document was set, or the draft was written since.
      if (load !== this.#loads || writes !== this.#writes) return;
      const text = this.#durable?.key === key && key === this.#key ? this.#durable.text : null;
      // Compared with what is shown now: a tap made meanwhile is newer and stays.
      if (!text || updatedAt(text) <= updatedAt(this.#form.assessmentJson())) return;
      if (!this.#openDraft(text)) return;
      this.#savedKey = null;
      this.#applySite();
      this.#opened();
    });
  }

  /** The site-code and site-name attributes name the site in the document (§8). */
  #applySite() {
    const code = this.getAttribute('site-code') || '';
    const name = this.getAttribute('site-name') || '';
    if (code || name) this.#form.setSite(code, name);
  }

  /** Reads the draft IndexedDB holds under the current key (see #readDraft). */
  async #readDurable() {
    const key = this.#key;
    this.#durable = null;
    try {
      const { doc, journal } = await store.getDraft(key);
      if (doc) this.#durable = { key, text: journal ? mergeDraft(doc, journal) : doc };
    } catch {
      // No IndexedDB (refused, private mode): localStorage's copy is used alone.
    }
  }

  /** Another document is on screen: build the rest, paint its photos, tell the page. */
  #opened() {
    this.#renderRest();
    this.#paint();
    emit(this, 'readycheck-change', this.result);
  }

  /** Canvases the form built for photos and signatures are painted by the field kit. */
  #paint() {
    if (this.#form?.paintPending()) kit().then((k) => k.paint(this.shadowRoot));
  }

  /**
   * A large checklist shows its first screens at once and builds the rest when idle, but
   * not within INPUT_QUIET_MS of an answer, a touch or a key: what a build step
   * adds is styled and laid out in the next frame, so building while someone taps would
   * delay the frames they wait for.
   * One chain of steps at a time; it builds whatever form is current.
   */
  #renderRest() {
    if (this.#building) return;
    this.#building = true;
    const step = (deadline) => {
      const quiet = performance.now() - this.#lastInput;
      if (quiet < INPUT_QUIET_MS) {
        setTimeout(() => idle(step), INPUT_QUIET_MS - quiet);
        return;
      }
      const more = this.#form?.renderMore(Math.min(16, Math.max(4, deadline.timeRemaining())));
      this.#paint();
      if (more) idle(step);
      else this.#building = false;
    };
    idle(step);
  }

  /** A promise of the shadow root's stylesheet, or null when it is in already. */
  #styled() {
    const link = this.shadowRoot?.querySelector('link[rel="stylesheet"]');
    if (!link || link.sheet) return null;
    return new Promise((resolve) => {
      link.addEventListener('load', resolve, { once: true });
      link.addEventListener('error', resolve, { once: true });
    });
  }

  get #key() {
    const id = this.#form?.templateId() || 'none';
    const key = this.#keyFor(this.#siteCode());
    // A key holding another template's draft is never written over: this form saves beside it.
    return key === this.#taken ? `${key}~${id}` : key;
  }

  /**
   * The draft key for a site code: `storage-key` if set, else one per template, mode and
   * site (§8), `_` standing for a site not named yet.
   */
  #keyFor(siteCode) {
    const id = this.#form?.templateId() || 'none';
    const mode = this.getAttribute('mode') || 'self';
    return this.getAttribute('storage-key') || `readycheck:${id}:${mode}:${siteCode || NO_SITE}`;
  }

  /** Where versions before the field kit saved this draft (template and site only). */
  #legacyKey() {
    if (this.hasAttribute('storage-key')) return null;
    return `readycheck:${this.#form?.templateId() || 'none'}:${this.#siteCode() || 'draft'}`;
  }

  #siteCode() {
    return this.getAttribute('site-code') || this.#form?.siteCode();
  }

  /**
   * A document set through `assessment` without answers (a portal naming the site on every
   * load) keeps the answers, notes and ledger of the draft saved for that site: it never
   * wipes a draft. A document with answers replaces the draft, as the portal asked.
   */
  #keepDraft(doc) {
    let given;
    try {
      given = typeof doc === 'string' ? JSON.parse(doc) : doc;
    } catch {
      return doc; // setAssessment reports it
    }
    if (!given || typeof given !== 'object' || Object.keys(given.answers || {}).length) return doc;
    const site = given.site?.code || given.site?.name;
    let saved;
    try {
      const key = this.#keyFor(site);
      const text = localStorage.getItem(key);
      const journal = text && localStorage.getItem(key + JOURNAL);
      saved = text && JSON.parse(journal ? mergeDraft(text, journal) : text);
    } catch {
      return doc;
    }
    if (!saved || !Object.keys(saved.answers || {}).length) return doc;
    if (saved.template?.id && given.template?.id && saved.template.id !== given.template.id) return doc;
    return { ...saved, ...given, answers: saved.answers, notes: given.notes ?? saved.notes, actions: given.actions ?? saved.actions };
  }

  /**
   * The key changed: open the draft kept there. With none there, a new site or mode starts
   * an empty document (two schools never share answers); a new storage-key takes this
   * draft along (the one under the old key stays).
   */
  #switchDraft(fresh) {
    if (!this.#form?.templateId()) return;
    this.#switching = true;
    try {
      this.#taken = null;
      this.#savedKey = null; // the journal belongs to the old key
      this.#durable = null;
      const draft = this.#readDraft();
      if (draft !== undefined) {
        this.#openDraft(draft);
      } else if (fresh) {
        const { template } = JSON.parse(this.#form.assessmentJson());
        this.#form.setAssessment({ format: 'readycheck-assessment/1', template, mode: this.getAttribute('mode') || 'self', answers: {} });
      }
      if (draft === undefined && !fresh) return; // this draft moves there with its next change
      this.#applySite();
      if (fresh) this.#save();
      this.#opened();
    } finally {
      this.#switching = false;
    }
    this.#preferDurable();
  }

  /** Applies a stored draft; one that belongs to another template is reported and kept. */
  #openDraft(draft) {
    try {
      this.#form.setAssessment(draft);
      return true;
    } catch (e) {
      // Not this template's draft (or damaged): it stays untouched, and this form saves
      // under a key of its own beside it (opening the one saved there before, if any).
      this.#fail(e);
      this.#taken = this.getAttribute('storage-key') || this.#key;
      const own = this.#readDraft();
      if (own !== undefined) {
        try { this.#form.setAssessment(own); } catch (e2) { this.#fail(e2); }
      }
      return false;
    }
  }

  /**
   * The draft under #key: localStorage's copy (the document under the key and, under
   * key + JOURNAL, the answers changed since it was saved whole) or IndexedDB's, whichever
   * changed last (localStorage may lose its last writes when the browser is killed); with
   * neither, a draft an earlier version saved under its key.
   */
  #readDraft() {
    const key = this.#key;
    const durable = this.#durable?.key === key ? this.#durable.text : undefined;
    let local;
    try {
      local = this.#readLocal(key);
      if (local === undefined && durable === undefined && this.#legacyKey()) {
        local = this.#readLocal(this.#legacyKey());
        // Saved under the new key from the next change on; the old one is removed then.
        if (local !== undefined) this.#legacy = this.#legacyKey();
      }
    } catch (e) {
      this.#storageFailed(e);
    }
    if (durable === undefined || local === undefined) return local ?? durable;
    return updatedAt(durable) > updatedAt(local) ? durable : local;
  }

  #readLocal(key) {
    const draft = localStorage.getItem(key);
    const journal = draft && localStorage.getItem(key + JOURNAL);
    if (!journal) return draft || undefined;
    try {
      return mergeDraft(draft, journal);
    } catch (e) {
      this.#fail(e);
      return draft;
    }
  }

  /**
   * Saves the change at once: synchronously in localStorage (before the change event), and
   * durably in IndexedDB, after which the form says "saved".
   */
  #save() {
    const key = this.#key;
    const journal = key === this.#savedKey ? this.#form.draftJournal() : undefined;
    const whole = journal === undefined ? this.#form.assessmentJson() : undefined;
    let ok = true;
    try {
      if (whole === undefined) {
        localStorage.setItem(key + JOURNAL, journal);
      } else {
        localStorage.setItem(key, whole);
        localStorage.removeItem(key + JOURNAL);
      }
    } catch (e) {
      this.#storageFailed(e);
      ok = false;
    }
    if (whole !== undefined) {
      this.#form.draftWritten();
      this.#savedKey = key;
      if (ok && this.#legacy) {
        removeLocal(this.#legacy);
        this.#legacy = null;
      }
    }
    // What the drafts list shows, at most every two seconds while answers are tapped in.
    const now = performance.now();
    if (whole !== undefined || !this.#summary || now - this.#summaryAt > 2000) {
      this.#summary = JSON.parse(this.#form.draftSummary());
      this.#summaryAt = now;
    }
    const n = ++this.#writes;
    // "Saving" shows only if the disk is slow: a text change per tap would cost a layout.
    const slow = setTimeout(() => n === this.#writes && this.#form?.setState('save', 'saving', ''), 500);
    this.#lastWrite = (whole === undefined ? store.putJournal(key, journal, this.#summary) : store.putDraft(key, whole, this.#summary)).then(
      () => {
        clearTimeout(slow);
        if (n !== this.#writes) return;
        const at = new Date().toLocaleTimeString(this.getAttribute('locale') || 'zh-CN', { hour12: false, hour: '2-digit', minute: '2-digit' });
        this.#form?.setState('save', 'saved', at);
        this.#durable = null; // read again on the next key change
        return true;
      },
      (e) => {
        clearTimeout(slow);
        this.#form?.setState('save', 'failed', '');
        if (ok) this.#storageFailed(e); // reported once per change
        return false;
      },
    );
    return ok;
  }

  #storageFailed(e) {
    const message = this.#form.storageFailed(e && e.name ? e.name : String(e));
    emit(this, 'readycheck-error', { code: 'storage', message });
  }

  #fail(e) {
    const detail = { code: e.code || 'error', message: e.message || String(e) };
    this.#form?.showError(detail.message);
    emit(this, 'readycheck-error', detail);
  }

  #download(text, type, ext) {
    const name = `${this.#form.templateId()}-${new Date().toISOString().slice(0, 10)}.${ext}`;
    const a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([text], { type }));
    a.download = name;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  }

  /**
   * The site was named in the site bar (§8): the draft kept under `_` moves to the site's
   * key (the change that follows saves it there). A draft already there is never written
   * over: this one is kept beside it.
   */
  #moveToSite() {
    if (this.hasAttribute('storage-key')) return;
    const from = this.#keyFor(NO_SITE);
    this.#savedKey = null;
    const to = this.#keyFor(this.#siteCode());
    let there = null;
    try { there = localStorage.getItem(to); } catch { /* reported on save */ }
    if (there) this.#taken = to;
    removeLocal(from);
    store.deleteDraftRecord(from).catch(() => {});
  }

  #onHost(kind, detail) {
    switch (kind) {
      case 'change':
        this.#lastInput = performance.now();
        this.#save(); // saved before anyone hears of the change
        if (!this.#remote) this.#tell(detail);
        emit(this, 'readycheck-change', this.result);
        break;
      case 'submit':
        this.#save();
        if (this.hasAttribute('submit-url')) this.#queue();
        else emit(this, 'readycheck-submit', { assessment: this.assessment, result: this.result });
        break;
      case 'site':
        this.#moveToSite();
        break;
      case 'photos':
        kit().then((k) => k.paint(this.shadowRoot));
        break;
      case 'photo':
        kit().then((k) => k.takePhoto(this, this.#form, detail)).then(() => this.#showUsage(), (e) => this.#fail(e));
        break;
      case 'photo-open':
        kit().then((k) => k.openPhoto(this.shadowRoot, detail)).catch((e) => this.#fail(e));
        break;
      case 'sign':
        kit().then((k) => k.sign(this.shadowRoot, this.#form, JSON.parse(detail))).catch((e) => this.#fail(e));
        break;
      case 'export-json':
        this.#download(this.export('json'), 'application/json', 'json');
        break;
      case 'export-csv':
        this.#download('\ufeff' + this.export('csv'), 'text/csv;charset=utf-8', 'csv');
        break;
      case 'print':
        this.#form.renderMore(Infinity);
        this.#paint();
        window.print();
        break;
      case 'locale':
        this.setAttribute('locale', detail);
        break;
      case 'mode':
        this.setAttribute('mode', detail);
        break;
      case 'load-self':
        this.#pickSelfCheck();
        break;
    }
  }

  /** Tells the other tabs and elements on this draft of a change: one answer, or the document. */
  #tell(id) {
    const msg = { key: this.#key, from: this.#id };
    if (id) msg.answer = [id, this.#form.answerJson(id)];
    else msg.doc = this.#form.assessmentJson();
    tabs?.postMessage(msg);
    for (const el of elements) if (el !== this) el.heard(msg);
  }

  /** A change made in another tab or element on the same draft (see #tell). */
  heard(msg) {
    if (msg.from === this.#id || msg.key !== this.draftKey) return;
    this.#remote = true;
    try {
      if (msg.answer) {
        this.#form.setAnswer(msg.answer[0], JSON.parse(msg.answer[1]));
      } else {
        this.#form.setAssessment(msg.doc);
        this.#savedKey = null;
        this.#opened();
      }
    } catch (e) {
      this.#fail(e);
    } finally {
      this.#remote = false;
    }
  }

  /** Puts the submission in the outbox (§8), then sends it. */
  async #queue() {
    try {
      const k = await kit();
      await k.enqueue(this, {
        url: new URL(this.getAttribute('submit-url'), document.baseURI).href,
        draft: this.#key,
        assessment: this.#form.assessmentJson(),
        result: this.resultJson,
      });
    } catch (e) {
      this.#storageFailed(e);
    }
  }

  /** The outbox state shown in the form (the field kit calls this on every change of state). */
  outboxState(detail) {
    this.#form?.setState('outbox', detail.state, detail.state === 'failed' ? detail.message || String(detail.status) : '');
    emit(this, 'readycheck-outbox', detail);
  }

  /** A document with its photos and signatures, as one file another device can load (§8). */
  async exportPackage() {
    const form = this.#whenReady('exportPackage');
    return (await kit()).exportPackage(form.assessmentJson(), form.resultJson());
  }

  /** Reads a package made by exportPackage(): its photos are stored, its document opened. */
  async loadPackage(blob) {
    this.#whenReady('loadPackage');
    const doc = await (await kit()).loadPackage(blob);
    this.assessment = doc;
    this.#paint();
  }

  #pickSelfCheck() {
    if (!this.#fileInput) {
      this.#fileInput = Object.assign(document.createElement('input'), { type: 'file', accept: '.json,application/json' });
      this.#fileInput.addEventListener('change', async () => {
        const file = this.#fileInput.files[0];
        this.#fileInput.value = '';
        if (!file) return;
        try {
          this.loadSelfCheck(await file.text());
        } catch (e) {
          this.#fail(e);
        }
      });
    }
    this.#fileInput.click();
  }

  attributeChangedCallback(name, old, value) {
    const form = this.#form;
    if (!form || old === value) return;
    if (name === 'modes' || name === 'langs') return this.#holdFixed();
    // A mode or language the page fixed is held (a school cannot switch itself to 督查).
    const held = name === 'mode' ? this.#fixed('modes', ['self', 'inspection'])
      : name === 'locale' ? this.#fixed('langs', ['zh-CN', 'en']) : null;
    if (held && value !== held) return this.setAttribute(name, held);
    if (name === 'locale') form.setLocale(value || 'zh-CN');
    else if (name === 'mode') form.setMode(value || 'self');
    else if (name === 'readonly') form.setReadonly(value !== null);
    if (name === 'locale' || name === 'mode' || name === 'readonly') {
      this.#renderRest();
      this.#paint();
    }
    // A draft belongs to a template, a mode and a site: a new one of those opens its draft.
    if (name === 'storage-key' || name === 'mode' || name === 'site-code') this.#switchDraft(name !== 'storage-key');
    // A portal setting site-name then site-code renames the new site, not the old one.
    else if (name === 'site-name') queueMicrotask(() => this.#switching || this.#applySite());
    else if (name === 'template' && this.#template === undefined) {
      this.#assessment = undefined;
      this.#loadTemplate().catch((e) => this.#fail(e));
    }
  }

  set template(obj) {
    // Frameworks set properties with the attribute's string (Vue, React 19: SPEC §7.5):
    // `builtin:…`, `server:…` or a URL is the attribute; JSON text or an object is a template.
    if (typeof obj === 'string' && !obj.trimStart().startsWith('{')) {
      this.#template = undefined;
      if (this.getAttribute('template') === obj) {
        if (this.#form) this.#loadTemplate().catch((e) => this.#fail(e));
      } else {
        this.setAttribute('template', obj);
      }
      return;
    }
    this.#template = obj;
    if (this.#form) this.#loadTemplate().catch((e) => this.#fail(e));
  }
  get template() {
    return this.#template ?? this.getAttribute('template');
  }

  set assessment(doc) {
    if (this.#form?.templateId()) doc = this.#keepDraft(doc);
    this.#assessment = doc;
    // While a template is on its way, its load applies (and saves) this assessment.
    if (this.#form && this.#form.templateId() && this.#loaded === this.#loads) {
      try {
        this.#form.setAssessment(doc);
        this.#renderRest();
        this.#save();
        // A portal's own summary stays current when it sets the document (SPEC §7.5).
        emit(this, 'readycheck-change', this.result);
      } catch (e) {
        this.#fail(e);
      }
    }
  }
  get assessment() {
    return this.#form ? JSON.parse(this.#form.assessmentJson()) : this.#assessment;
  }

  /** The result (SPEC §5); each member is read from the wasm when first used. */
  get result() {
    const parts = this.#form?.resultParts();
    return parts ? lazyResult(parts) : null;
  }

  /** The result as the exact JSON text `readycheck score` prints (for byte-wise checks). */
  get resultJson() {
    return this.#form?.resultJson() ?? null;
  }

  /** The same path as a tap or keystroke: validates, re-scores, saves, fires the change event. */
  setAnswer(id, value) {
    this.#whenReady('setAnswer').setAnswer(id, value === undefined ? null : value);
  }

  /** The form, or an error with `code` `not_ready` before the module has loaded. */
  #whenReady(what) {
    if (this.#form) return this.#form;
    const e = new Error(`${what}: the element is not ready yet; wait for readycheck-ready`);
    e.code = 'not_ready';
    throw e;
  }

  /** 'json' (the assessment) or 'csv'. */
  export(format = 'json') {
    return this.#whenReady('export').export(format);
  }

  reset() {
    this.#whenReady('reset').reset();
    this.#renderRest();
    this.#onHost('change');
  }

  /** Inspection mode: compare with the site's self-check (§6); JSON text or an object. */
  loadSelfCheck(doc) {
    this.#whenReady('loadSelfCheck').loadSelfCheck(typeof doc === 'string' ? doc : JSON.stringify(doc));
  }

  /** Resolves to true once the last change is on disk (IndexedDB, strict durability), false if it could not be written. */
  get saved() {
    return this.#lastWrite;
  }

  /** The key the draft is saved under (§8). */
  get draftKey() {
    return this.#form?.templateId() ? this.#key : null;
  }

  /** Resolves once the element has rendered its first template. */
  get ready() {
    return this.#booting ?? Promise.resolve();
  }
}

/**
 * Every draft on this device, newest first (§8): `{key, template, mode, site, answered,
 * applicable, score, verdict, updated_at, outbox}`, `outbox` the state of its latest
 * submission (or null). Drafts an earlier version kept only in localStorage are listed
 * with what their document says.
 */
async function listDrafts() {
  await wasmReady;
  const [summaries, outbox] = await Promise.all([store.draftSummaries(), store.entries()]);
  const drafts = new Map(summaries.map((d) => [d.key, { ...d }]));
  for (let i = 0; i < localStorage.length; i++) {
    const key = localStorage.key(i);
    if (!key.startsWith('readycheck:') || key.endsWith(JOURNAL) || drafts.has(key)) continue;
    try {
      const doc = JSON.parse(localStorage.getItem(key));
      if (doc?.format !== 'readycheck-assessment/1') continue;
      drafts.set(key, { key, template: doc.template, mode: doc.mode ?? 'self', site: doc.site ?? null,
        answered: Object.keys(doc.answers || {}).length, applicable: null, score: null, verdict: null, updated_at: doc.updated_at ?? null });
    } catch { /* not a draft */ }
  }
  const latest = new Map();
  for (const e of outbox) if (!latest.has(e.draft) || latest.get(e.draft).queued_at < e.queued_at) latest.set(e.draft, e);
  return [...drafts.values()]
    .map(({ key, template = null, mode = null, site = null, answered = null, applicable = null, score = null, verdict = null, updated_at = null }) =>
      ({ key, template, mode, site, answered, applicable, score, verdict, updated_at, outbox: latest.get(key)?.state ?? null }))
    .sort((a, b) => String(b.updated_at ?? '').localeCompare(String(a.updated_at ?? '')));
}

/**
 * Deletes a draft from this device (its photos too, unless another draft or an unsent
 * submission still names them). Submissions already in the outbox are not touched.
 */
async function deleteDraft(key) {
  await wasmReady;
  removeLocal(key);
  await store.deleteDraftRecord(key);
  const keep = new Set();
  for (const doc of await store.draftDocs()) for (const sha of blobsOf(doc)) keep.add(sha);
  for (const e of await store.entries()) if (e.state !== 'sent') for (const sha of e.blobs) keep.add(sha);
  await store.deleteBlobs((await store.blobKeys()).filter((sha) => !keep.has(sha)));
}

/** The element that shows the outbox events of a draft: its own, else the first on the page. */
const elementFor = (draft) => [...elements].find((e) => e.draftKey === draft) ?? elements.values().next().value;

// Every attribute is also a property taking the same string (SPEC §7.5: frameworks such as
// Vue and React 19 set properties): `locale`, `mode`, `readonly`, `storageKey`, `siteCode`,
// `siteName`, `submitUrl`.
for (const [prop, attr] of [['locale', 'locale'], ['mode', 'mode'], ['storageKey', 'storage-key'],
  ['siteCode', 'site-code'], ['siteName', 'site-name'], ['submitUrl', 'submit-url'], ['modes', 'modes'],
  ['langs', 'langs']]) {
  Object.defineProperty(ReadyCheck.prototype, prop, {
    get() { return this.getAttribute(attr); },
    set(v) { if (v === null || v === undefined) this.removeAttribute(attr); else this.setAttribute(attr, String(v)); },
    configurable: true,
  });
}
Object.defineProperty(ReadyCheck.prototype, 'readonly', {
  get() { return this.hasAttribute('readonly'); },
  set(v) { this.toggleAttribute('readonly', v !== false && v !== null && v !== undefined && v !== 'false'); },
  configurable: true,
});

if (!customElements.get('ready-check')) customElements.define('ready-check', ReadyCheck);
export { ReadyCheck, listDrafts, deleteDraft, elementFor };
