// @ts-check
// <ready-check>: registers the custom element and loads the wasm module from ./pkg/.
// Thin by design: rendering, validation, scoring, formatting and the draft policy all happen
// in Rust; this file wires attributes, properties and events to the form, performs the
// writes it decides (drafts.js), hands submissions to the outbox (outbox.js) and loads the
// field kit (fieldkit.js: photos, signatures, packages) on first use.
import init, { Form, ResultParts, builtinTemplate } from './pkg/readycheck.js';
import { builtinText } from './pkg/builtin-files.js';
import * as store from './store.js';
import * as drafts from './drafts.js';
import * as outbox from './outbox.js';
import * as service from './service.js';

// Every file is found by a literal `new URL('./…', import.meta.url)` (SPEC §7.5), which
// Vite, webpack 5 and Rollup follow and emit once: the wasm by the glue's own
// `new URL('readycheck_bg.wasm', import.meta.url)`, the stylesheet here, the built-in
// templates in pkg/builtin-files.js. A page may still say where the package is served with
// <meta name="readycheck-assets" content="/node_modules/readycheck/"> (an override).
const assetMeta = /** @type {HTMLMetaElement | null} */ (document.querySelector('meta[name="readycheck-assets"]'));
const assets = assetMeta ? new URL(assetMeta.content, document.baseURI) : null;
// A wasm module that cannot be fetched is reported as `fetch` (SPEC §7.5), not `error`.
const wasmReady = init(assets ? { module_or_path: new URL('pkg/readycheck_bg.wasm', assets) } : undefined).catch((e) => {
  throw Object.assign(e instanceof Error ? e : new Error(String(e)), { code: 'fetch' });
});
// The stylesheet is www/readycheck.css minified by scripts/build.sh.
const stylesheet = (assets ? new URL('pkg/readycheck.css', assets) : new URL('./pkg/readycheck.css', import.meta.url)).href;
const INPUT_QUIET_MS = 400;
const SELF_CHECK_WAIT_MS = 3000;

// The field kit (photos, sign-off, packages) loads on first use; a failed load (offline
// before it was ever cached) is tried again on the next use and when the network returns.
/** @type {Promise<typeof import('./fieldkit.js')> | null} */
let fieldkit = null;
let kitFailed = false;
// Photos chosen while it could not load wait for it here, stored once it loads (on the next
// use or when the network returns): nothing taken is lost.
/** @type {((k: typeof import('./fieldkit.js')) => void)[]} */
const waitingForKit = [];
const kit = () => (fieldkit ??= import('./fieldkit.js').then((k) => {
  kitFailed = false;
  for (const add of waitingForKit.splice(0)) add(k);
  return k;
}, (e) => {
  fieldkit = null;
  kitFailed = true;
  throw Object.assign(e instanceof Error ? e : new Error(String(e)), { code: 'fetch' });
}));
// Once it loads, it paints what waited for it (paint() skips canvases already painted).
window.addEventListener('online', () => {
  if (kitFailed) kit().then((k) => { for (const el of elements) if (el.shadowRoot) k.paint(el.shadowRoot); }, () => {});
});
// The camera or file chooser. A browser opens it only while the tap's activation lasts
// (5 s in Chromium), which a first load of the field kit on a slow network outlives: so it is
// opened here, at once, and the chosen files go to the kit when it is in; the kit starts
// loading while the chooser is open. A cancelled chooser gives no files.
/** @type {HTMLInputElement | null} */
let picker = null;
/** @returns {Promise<File[]>} */
function choosePhotos() {
  const input = (picker ??= Object.assign(document.createElement('input'), { type: 'file', accept: 'image/*', multiple: true }));
  const chosen = new Promise((resolve) => {
    input.onchange = () => {
      const files = [...(input.files ?? [])];
      input.value = '';
      resolve(files);
    };
    input.oncancel = () => resolve([]);
  });
  input.click();
  kit().catch(() => {}); // its failure is reported when the files are handed over
  return /** @type {Promise<File[]>} */ (chosen);
}
// Elements on the page, for drafts shared by two elements on one page.
const elements = new Set();
// Other tabs on the same draft hear every change (§7.1): the last change to an item wins,
// nothing else is lost.
const tabs = typeof BroadcastChannel === 'function' ? new BroadcastChannel('readycheck-drafts') : null;
tabs?.addEventListener('message', (e) => { for (const el of elements) el.heard(e.data); });

let resultKeys; // ResultParts.keys(), read once the module is in
/** @type {(cb: (deadline: {timeRemaining(): number}) => void) => unknown} */
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

/** A write the form decided (JSON text), or nothing to store. */
const parseWrite = (text) => (typeof text === 'string' ? JSON.parse(text) : text ?? null);

class ReadyCheck extends HTMLElement {
  static observedAttributes = ['template', 'locale', 'mode', 'readonly', 'storage-key', 'site-code', 'site-name', 'modes', 'langs', 'submit-url'];

  /** Headers added to every outbox request (an authorization token, say). @type {Record<string, string>} */
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
  #startMode = 'self'; // the mode the page started the element in (its open draft is noted per mode)
  #writes = 0; // draft writes started, to show "saved" once the last one is on disk
  #switching = false; // a draft switch is under way
  #resuming = false; // the form set the mode it resumed in: not a switch
  #remote = false; // applying a change heard from another tab (not told again)
  #printing = false; // print() prepared the view: Ctrl+P's default does not replace it
  #lastWrite = Promise.resolve(true);

  connectedCallback() {
    elements.add(this);
    outbox.watch(this);
    // Touches and keys also hold idle building back (scrolling does not: whoever scrolls
    // down a long form wants it built).
    this.#unlisten = new AbortController();
    const mark = () => { this.#lastInput = performance.now(); };
    const opts = { capture: true, passive: true, signal: this.#unlisten.signal };
    for (const type of ['pointerdown', 'keydown']) this.addEventListener(type, mark, opts);
    // Ctrl+P prints the mode's default (SPEC §8): the findings document in inspection mode,
    // else the whole form, built first if far sections still wait for idle time.
    window.addEventListener('beforeprint', () => {
      if (this.#printing || !this.#form) return;
      if (this.#form.preparePrint('') === 'form') this.#form.renderMore(Infinity);
    }, { signal: this.#unlisten.signal });
    this.#booting ??= this.#boot().catch((e) => this.#fail(e));
  }

  disconnectedCallback() {
    this.#unlisten?.abort();
    elements.delete(this);
    outbox.unwatch(this);
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
    const root = this.shadowRoot || this.attachShadow({ mode: 'open' });
    // While the wasm comes, its stylesheet and built-in template come too rather than after
    // it (docs/performance.md, "The first load's waterfall"): the form keeps a stylesheet
    // link it finds first in the root, and the wasm checks the template's text once it is
    // in. Until the form replaces it, the slot shows the element's own children, as before
    // the root existed (a portal's "loading" text, say).
    if (!root.firstChild) {
      root.append(Object.assign(document.createElement('link'), { rel: 'stylesheet', href: stylesheet }), document.createElement('slot'));
    }
    // A microtask first: a page's module that imports this one sets its attributes after
    // the element upgrades (the demo's ?template=), and that template is the one to fetch.
    await null;
    const early = this.#template === undefined ? this.getAttribute('template') : null;
    if (early?.startsWith('builtin:')) builtinText(early.slice(8)).catch(() => {});
    await wasmReady;
    this.#holdFixed();
    this.#startMode = this.getAttribute('mode') || 'self';
    this.#form = new Form(root, (kind, detail) => this.#onHost(kind, detail), stylesheet, drafts.reader((e) => this.#storageFailed(e)));
    this.#form.setLocale(this.getAttribute('locale') || 'zh-CN');
    this.#form.setMode(this.getAttribute('mode') || 'self');
    this.#form.setReadonly(this.hasAttribute('readonly'));
    this.#holdFixed();
    this.#page();
    await this.#loadTemplate();
    this.#keepStorage();
    // Submissions queued before a reload are sent now.
    outbox.resume(this).catch(() => {});
  }

  /** Tells the form the page's keys for the draft. */
  #page() {
    this.#form?.setPage(this.getAttribute('storage-key'), this.getAttribute('site-code'), this.#startMode);
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
        source = attr.startsWith('builtin:') ? await builtinTemplate(attr.slice(8))
          : attr.startsWith('server:') ? await this.#published(attr.slice(7))
            : await fetch(new URL(attr, document.baseURI)).then((r) => {
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
    const given = this.#assessment;
    if (given !== undefined) {
      this.#give(given);
    } else {
      this.#resume();
      this.#open();
    }
    this.#applySite();
    emit(this, 'readycheck-ready', this.result);
    this.#renderRest();
    this.#paint();
    this.#showOutbox();
    this.#showReview();
    if (given === undefined) this.#preferDurable();
  }

  /** The collect service beside `submit-url` (SPEC §10.3), or null without one. */
  #service() {
    const url = this.getAttribute('submit-url');
    return url ? service.serviceBase(url) : null;
  }

  /** A template published on the collect service (`server:<id>`), kept for offline use. */
  async #published(id) {
    const base = this.#service();
    if (!base) throw Object.assign(new Error(`template server:${id}: set submit-url to the collect service's submissions URL`), { code: 'input' });
    return service.publishedTemplate(base, id, this.submitHeaders);
  }

  /** The latest review of this site's submission in this mode (SPEC §10.4), shown in the form. */
  #showReview() {
    const base = this.#service();
    const key = this.draftKey;
    const site = this.assessment?.site?.code;
    const template = this.#form?.templateId();
    if (!base || !site || !template) return this.#form?.showReview('', '');
    const mode = this.getAttribute('mode') || 'self';
    service.latestSubmission(base, this.submitHeaders, { site, mode, template }).then((doc) => {
      if (key !== this.draftKey) return;
      const last = doc?.reviews?.at(-1);
      this.#form?.showReview(last?.state ?? '', last?.note ?? '');
    }, () => { /* offline: the last review shown stays */ });
  }

  /**
   * Inspection mode: the site's latest self-check from the collect service (SPEC §10.4),
   * else a file the inspector picks. The service gets SELF_CHECK_WAIT_MS: the file chooser
   * opens only while the tap's activation lasts (5 s in Chromium), and a site's poor network
   * can hold a request far longer.
   */
  async #loadSelf() {
    const base = this.#service();
    const site = this.assessment?.site?.code;
    const template = this.#form?.templateId();
    if (base && site && template) {
      try {
        const wait = AbortSignal.timeout(SELF_CHECK_WAIT_MS);
        const doc = await service.latestSubmission(base, this.submitHeaders, { site, mode: 'self', template }, wait);
        if (doc?.assessment) return this.loadSelfCheck(doc.assessment);
      } catch { /* offline or refused: a file instead */ }
    }
    this.#pickSelfCheck();
  }

  /** After a reload, the draft that was open opens again, in its mode (the form decides). */
  #resume() {
    const mode = this.#form.resume();
    if (!mode || mode === this.getAttribute('mode')) return;
    this.#resuming = true;
    try {
      this.setAttribute('mode', mode);
    } finally {
      this.#resuming = false;
    }
  }

  /** Opens the draft stored for the form's place; `durable` is IndexedDB's copy. */
  #open(durable) {
    const r = JSON.parse(this.#form.openDraft(durable));
    if (r.problem) this.#fail(r.problem);
    return r.opened;
  }

  /** A document set from outside: applied (keeping a site's saved answers) and saved. */
  #give(doc) {
    try {
      this.#form.giveAssessment(doc);
      this.#store(this.#form.save());
      return true;
    } catch (e) {
      this.#fail(e);
      return false;
    }
  }

  /**
   * The form opens from localStorage at once; IndexedDB's copy, read after, opens when it is
   * newer (localStorage lost its last writes to a killed browser). Waiting for it before the
   * first paint cost 12–17 % of time to interactive (bench).
   */
  #preferDurable() {
    const key = this.draftKey;
    const load = this.#loads;
    const writes = this.#writes;
    if (!key) return;
    drafts.readDurable(key).then((text) => {
      // Not once another template or document was set, or the draft was written since.
      if (!text || load !== this.#loads || writes !== this.#writes || key !== this.draftKey) return;
      if (!this.#open(text)) return;
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

  /** Another document is on screen: build the rest, paint its photos, tell the page. */
  #opened() {
    this.#renderRest();
    this.#paint();
    this.#showOutbox();
    this.#showReview();
    emit(this, 'readycheck-change', this.result);
  }

  /** Canvases the form built for photos and signatures are painted by the field kit. */
  #paint() {
    if (this.#form?.paintPending()) kit().then((k) => k.paint(this.shadowRoot), () => {});
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

  /**
   * A promise of the shadow root's stylesheet, or null when it is in already. An element off
   * the page has nothing to show and its stylesheet does not load until it is back: it is
   * built at once, so `ready` settles for an element a page removed while it loaded.
   */
  #styled() {
    const link = /** @type {HTMLLinkElement | null | undefined} */ (this.shadowRoot?.querySelector('link[rel="stylesheet"]'));
    if (!link || link.sheet || !this.isConnected) return null;
    return new Promise((resolve) => {
      link.addEventListener('load', resolve, { once: true });
      link.addEventListener('error', resolve, { once: true });
      this.#unlisten?.signal.addEventListener('abort', resolve, { once: true }); // removed meanwhile
    });
  }

  /**
   * The key changed: the form opens the draft kept there. With none there, a new site or
   * mode starts an empty document (two schools never share answers; nothing is stored
   * until something is entered); a new storage-key takes this draft along (the one under the
   * old key stays), and a draft found there keeps its own site.
   */
  #switchDraft(fresh) {
    if (!this.#form?.templateId()) return;
    this.#switching = true;
    try {
      this.#page();
      const opened = this.#open();
      if (!opened && !fresh) return; // this draft moves there with its next change
      if (!opened) this.#form.startEmpty();
      if (fresh || !opened) this.#applySite();
      if (fresh) this.#store(this.#form.save());
      this.#opened();
    } finally {
      this.#switching = false;
    }
    this.#preferDurable();
  }

  /**
   * Performs a write the form decided: localStorage at once (before the change event), and
   * IndexedDB durably, after which the form says "saved". Returns false when the
   * synchronous store refused it.
   */
  #store(text) {
    const w = parseWrite(text);
    if (!w) return true;
    const { refused, durable } = drafts.perform(w);
    if (refused) this.#storageFailed(refused);
    const n = ++this.#writes;
    // "Saving" shows only if the disk is slow: a text change per tap would cost a layout.
    const slow = setTimeout(() => n === this.#writes && this.#form?.setState('save', 'saving', ''), 500);
    this.#lastWrite = durable.then(
      () => {
        clearTimeout(slow);
        if (n !== this.#writes) return true;
        const at = new Date().toLocaleTimeString(this.getAttribute('locale') || 'zh-CN', { hour12: false, hour: '2-digit', minute: '2-digit' });
        this.#form?.setState('save', 'saved', at);
        return true;
      },
      (e) => {
        clearTimeout(slow);
        this.#form?.setState('save', 'failed', '');
        if (!refused) this.#storageFailed(e); // reported once per change
        return false;
      },
    );
    return !refused;
  }

  #storageFailed(e) {
    const message = this.#form.storageFailed(e && e.name ? e.name : String(e));
    this.#form.setState('save', 'failed', '');
    emit(this, 'readycheck-error', { code: 'storage', message });
  }

  /** Stores `files` as photos of item `id`; kept until the field kit loads if it cannot yet. */
  #addPhotos(id, files) {
    const add = (k) => k.addPhotos(this.#form, id, files).then(() => this.#showUsage(), (e) => this.#fail(e));
    kit().then(add, (e) => {
      waitingForKit.push(add);
      this.#fail(e);
    });
  }

  #fail(e) {
    // A DOMException's `code` is a number (22 for a full store): the failure codes are strings.
    if (e && (e.name === 'QuotaExceededError' || e.code === 22)) return this.#storageFailed(e);
    const detail = { code: typeof e?.code === 'string' ? e.code : 'error', message: e?.message || String(e) };
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
      case 'change': {
        // The JSON, then (after a newline) the document text when it is written whole.
        const nl = detail.indexOf('\n');
        const change = JSON.parse(nl < 0 ? detail : detail.slice(0, nl));
        if (nl >= 0 && change.write) change.write.doc = detail.slice(nl + 1);
        this.#lastInput = performance.now();
        this.#store(change.write); // saved before anyone hears of the change
        if (!this.#remote) this.#tell(change);
        emit(this, 'readycheck-change', this.result);
        break;
      }
      case 'submit':
        if (this.hasAttribute('submit-url')) {
          this.#queue();
        } else {
          // Without a service the page takes the submission (SPEC §7.1); the form says so.
          this.#form.setState('outbox', 'handed', '');
          emit(this, 'readycheck-submit', { assessment: this.assessment, result: this.result });
        }
        break;
      case 'photos':
        kit().then((k) => k.paint(this.shadowRoot), (e) => this.#fail(e));
        break;
      case 'photo':
        // The chooser opens within the tap; the field kit loads meanwhile and stores the photos.
        choosePhotos().then((files) => files.length && this.#addPhotos(detail, files));
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
        this.print(detail).catch((e) => this.#fail(e));
        break;
      case 'locale':
        this.setAttribute('locale', detail);
        break;
      case 'mode':
        this.setAttribute('mode', detail);
        break;
      case 'load-self':
        this.#loadSelf().catch((e) => this.#fail(e));
        break;
    }
  }

  /** Tells the other tabs and elements on this draft of a change: one answer, or the document. */
  #tell(change) {
    const msg = { key: change.key, from: change.from };
    if (change.item) msg.answer = [change.item, JSON.stringify(change.value ?? null), change.at ?? ''];
    else msg.doc = this.#form.assessmentJson();
    tabs?.postMessage(msg);
    for (const el of elements) if (el !== this) el.heard(msg);
  }

  /** A change made in another tab or element on the same draft (see #tell). */
  heard(msg) {
    if (!this.#form || msg.key !== this.draftKey) return;
    this.#remote = true;
    try {
      if (msg.answer) {
        // The later change to an item wins in every tab (the form decides), so tabs converge.
        this.#form.heard(msg.answer[0], msg.answer[1], msg.answer[2], msg.from);
      } else {
        this.#form.setAssessment(msg.doc);
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
      await outbox.enqueue(this, {
        url: new URL(this.getAttribute('submit-url'), document.baseURI).href,
        draft: this.draftKey,
        assessment: this.#form.assessmentJson(),
        result: this.resultJson,
      });
    } catch (e) {
      this.#storageFailed(e);
    }
  }

  /** Shows the state of the open draft's own latest submission (none: nothing shown). */
  #showOutbox() {
    const key = this.draftKey;
    if (!key) return;
    outbox.stateOf(key).then((e) => {
      if (key !== this.draftKey) return;
      if (e) this.#showState(e.state, e.status, e.message);
      else this.#form?.setState('outbox', 'none', '');
    }, () => {});
  }

  #showState(state, status, message) {
    // A server that keeps refusing (5xx, 408, 429) is named: the entry waits for it, not for the network.
    const refused = state === 'queued' && status;
    const detail = state === 'failed' || refused ? message || String(status) : '';
    this.#form?.setState('outbox', refused ? 'refused' : state, detail);
  }

  /** The outbox state of a submission (the outbox calls this on every change of state). */
  outboxState(detail) {
    if (detail.draft === this.draftKey) this.#showState(detail.state, detail.status, detail.message);
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
    if (name === 'submit-url') {
      // A framework may set `template="server:…"` before `submit-url` (React sets properties in
      // the order they are written): the published template could not be asked for; now it is.
      const source = this.getAttribute('template') || '';
      if (source.startsWith('server:') && this.#template === undefined && form.templateId() !== source.slice(7)) {
        return this.#loadTemplate().catch((e) => this.#fail(e)); // the review is shown once it is in
      }
      return this.#showReview();
    }
    // A mode or language the page fixed is held (a school cannot switch itself to 督查).
    const held = name === 'mode' ? this.#fixed('modes', ['self', 'inspection'])
      : name === 'locale' ? this.#fixed('langs', ['zh-CN', 'en']) : null;
    if (held && value !== held) return this.setAttribute(name, held);
    if (name === 'mode' && this.#resuming) return; // the form is in that mode already
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
    this.#assessment = doc;
    // While a template is on its way, its load applies (and saves) this assessment.
    if (this.#form && this.#form.templateId() && this.#loaded === this.#loads && this.#give(doc)) {
      this.#renderRest();
      this.#showOutbox();
      // A portal's own summary stays current when it sets the document (SPEC §7.5).
      emit(this, 'readycheck-change', this.result);
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
    throw Object.assign(new Error(`${what}: the element is not ready yet; wait for readycheck-ready`), { code: 'not_ready' });
  }

  /** 'json' (the assessment) or 'csv'. */
  export(format = 'json') {
    return this.#whenReady('export').export(format);
  }

  reset() {
    this.#whenReady('reset').reset();
    this.#renderRest();
  }

  /**
   * Prints the findings document (`findings`: site, date, verdict and score, blockers and
   * findings with their photos, the ledger, the signatures) or the whole form (`form`);
   * without a kind, the mode's default: findings in inspection mode (SPEC §8).
   * @param {'findings' | 'form'} [kind]
   */
  async print(kind) {
    const form = this.#whenReady('print');
    this.#printing = true;
    try {
      if (form.preparePrint(kind ?? '') === 'form') form.renderMore(Infinity);
      try {
        await (await kit()).paint(this.shadowRoot);
      } catch { /* without the field kit, photos print as blank frames */ }
      window.print();
    } finally {
      this.#printing = false;
    }
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
    return this.#form?.templateId() ? this.#form.draftKey() ?? null : null;
  }

  /** Resolves once the element has rendered its first template. */
  get ready() {
    return this.#booting ?? Promise.resolve();
  }
}

/** Every draft on this device, newest first (§8; see drafts.js). */
const listDrafts = () => drafts.listDrafts(wasmReady);

/** Deletes a draft from this device (see drafts.js). */
const deleteDraft = (key) => drafts.deleteDraft(wasmReady, key);

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
