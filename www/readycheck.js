// <ready-check>: registers the custom element and loads the wasm module from ./pkg/.
// Thin by design: rendering, validation, scoring and formatting all happen in Rust; this
// file wires attributes, properties, events, storage and file downloads to it.
import init, { Form, ResultParts, builtinTemplate, mergeDraft } from './pkg/readycheck.js';

// Where pkg/ is served: beside this file, unless the page says otherwise with
// <meta name="readycheck-assets" content="/node_modules/readycheck/"> (a bundler moves this
// file but not the wasm, the stylesheet and the built-in templates).
const assetMeta = document.querySelector('meta[name="readycheck-assets"]');
const assets = assetMeta ? new URL(assetMeta.content, document.baseURI) : new URL('./', import.meta.url);
const wasmReady = init({ module_or_path: new URL('pkg/readycheck_bg.wasm', assets) });
// The stylesheet is www/readycheck.css minified by scripts/build.sh.
const stylesheet = new URL('pkg/readycheck.css', assets).href;
const INPUT_QUIET_MS = 400;
const JOURNAL = ':journal';

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
  static observedAttributes = ['template', 'locale', 'mode', 'readonly', 'storage-key'];

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

  connectedCallback() {
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
  }

  async #boot() {
    await wasmReady;
    const root = this.shadowRoot || this.attachShadow({ mode: 'open' });
    this.#form = new Form(root, (kind, detail) => this.#onHost(kind, detail), stylesheet);
    this.#form.setLocale(this.getAttribute('locale') || 'zh-CN');
    this.#form.setMode(this.getAttribute('mode') || 'self');
    this.#form.setReadonly(this.hasAttribute('readonly'));
    await this.#loadTemplate();
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
    emit(this, 'readycheck-ready', this.result);
    this.#renderRest();
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
      if (this.#form?.renderMore(Math.min(16, Math.max(4, deadline.timeRemaining())))) idle(step);
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
    const key = this.#keyFor(this.#form?.siteCode());
    // A key holding another template's draft is never written over: this form saves beside it.
    return key === this.#taken ? `${key}~${id}` : key;
  }

  /** The draft key for a site code: `storage-key` if set, else one per template and site. */
  #keyFor(siteCode) {
    const id = this.#form?.templateId() || 'none';
    return this.getAttribute('storage-key') || `readycheck:${id}:${siteCode || 'draft'}`;
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
   * storage-key changed: open the draft kept there; with none there, this draft moves there
   * with its next change (the one under the old key stays as it is).
   */
  #switchDraft() {
    if (!this.#form?.templateId()) return;
    this.#taken = null;
    this.#savedKey = null; // the journal belongs to the old key
    const draft = this.#readDraft();
    if (draft === undefined) return;
    this.#openDraft(draft);
    this.#renderRest();
    emit(this, 'readycheck-change', this.result);
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

  // The draft is the document under #key and, under #key + JOURNAL, the answers changed
  // since it was saved whole: a tap writes a few hundred bytes, not the whole document.
  #readDraft() {
    try {
      const key = this.#key;
      const draft = localStorage.getItem(key);
      const journal = draft && localStorage.getItem(key + JOURNAL);
      if (!journal) return draft || undefined;
      try {
        return mergeDraft(draft, journal);
      } catch (e) {
        this.#fail(e);
        return draft;
      }
    } catch (e) {
      this.#storageFailed(e);
      return undefined;
    }
  }

  #save() {
    try {
      const key = this.#key;
      const journal = key === this.#savedKey ? this.#form.draftJournal() : undefined;
      if (journal !== undefined) {
        localStorage.setItem(key + JOURNAL, journal);
      } else {
        localStorage.setItem(key, this.#form.assessmentJson());
        localStorage.removeItem(key + JOURNAL);
        this.#form.draftWritten();
        this.#savedKey = key;
      }
      return true;
    } catch (e) {
      this.#storageFailed(e);
      return false;
    }
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

  #onHost(kind, detail) {
    switch (kind) {
      case 'change':
        this.#lastInput = performance.now();
        this.#save(); // saved before anyone hears of the change
        emit(this, 'readycheck-change', this.result);
        break;
      case 'submit':
        this.#save();
        emit(this, 'readycheck-submit', { assessment: this.assessment, result: this.result });
        break;
      case 'export-json':
        this.#download(this.export('json'), 'application/json', 'json');
        break;
      case 'export-csv':
        this.#download('\ufeff' + this.export('csv'), 'text/csv;charset=utf-8', 'csv');
        break;
      case 'print':
        this.#form.renderMore(Infinity);
        window.print();
        break;
      case 'locale':
        this.setAttribute('locale', detail);
        break;
      case 'mode':
        this.setAttribute('mode', detail);
        this.#save();
        break;
      case 'load-self':
        this.#pickSelfCheck();
        break;
    }
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
    if (name === 'locale') form.setLocale(value || 'zh-CN');
    else if (name === 'mode') form.setMode(value || 'self');
    else if (name === 'readonly') form.setReadonly(value !== null);
    if (name === 'locale' || name === 'mode' || name === 'readonly') this.#renderRest();
    else if (name === 'storage-key') this.#switchDraft();
    else if (name === 'template' && this.#template === undefined) {
      this.#assessment = undefined;
      this.#loadTemplate().catch((e) => this.#fail(e));
    }
  }

  set template(obj) {
    this.#template = obj;
    if (this.#form) this.#loadTemplate().catch((e) => this.#fail(e));
  }
  get template() {
    return this.#template;
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

  /** Resolves once the element has rendered its first template. */
  get ready() {
    return this.#booting ?? Promise.resolve();
  }
}

if (!customElements.get('ready-check')) customElements.define('ready-check', ReadyCheck);
export { ReadyCheck };
