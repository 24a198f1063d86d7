// @ts-check
// The field kit's browser work (SPEC 1.1 §8), loaded on first use by readycheck.js: photos
// (decode, scale, re-encode, store), painting them and signatures on the form's canvases,
// the sign-off pad, and packages. What can be decided without a browser is Rust's: the
// document edits (Form.addPhoto, addSignature) and blob names (sha256Hex, blobsOf). The
// outbox is outbox.js, loaded with the entry module: an offline submit never waits for this one.
import { sha256Hex, blobsOf } from './pkg/readycheck.js';
import * as store from './store.js';
import { body } from './outbox.js';

const MAX_SIDE = 1600; // §8: the long side of a stored photo
const JPEG_QUALITY = 0.85;

/** @typedef {{addPhoto(id: string, photo: string): void, addSignature(sig: string): void}} FormEdits */

/** Local time with its offset, as the documents write times ("2026-08-25T09:12:00+08:00"). */
export function localIso(t = new Date()) {
  const pad = (n) => String(Math.abs(n)).padStart(2, '0');
  const off = -t.getTimezoneOffset();
  return `${t.getFullYear()}-${pad(t.getMonth() + 1)}-${pad(t.getDate())}T${pad(t.getHours())}:${pad(t.getMinutes())}:${pad(t.getSeconds())}`
    + `${off >= 0 ? '+' : '-'}${pad(Math.trunc(off / 60))}:${pad(off % 60)}`;
}

/** Stores a blob under its SHA-256 and returns the hash and bytes. */
async function keep(blob) {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  const sha256 = sha256Hex(bytes);
  await store.putBlob(sha256, new Blob([bytes], { type: blob.type }));
  return { sha256, bytes: bytes.length };
}

/**
 * A photo as stored: decoded, its long side scaled to at most 1600 px, drawn on a canvas and
 * re-encoded as JPEG, so nothing of the original file (EXIF, GPS, maker notes) is kept.
 */
export async function storePhoto(file) {
  let bitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch {
    throw Object.assign(new Error(`${file.name || 'file'}: not an image this browser can read`), { code: 'photo' });
  }
  const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
  const width = Math.max(1, Math.round(bitmap.width * scale));
  const height = Math.max(1, Math.round(bitmap.height * scale));
  const canvas = new OffscreenCanvas(width, height);
  const g = canvas.getContext('2d');
  g.fillStyle = '#fff'; // a transparent PNG becomes white, not black, as JPEG
  g.fillRect(0, 0, width, height);
  g.drawImage(bitmap, 0, 0, width, height);
  bitmap.close();
  const jpeg = await canvas.convertToBlob({ type: 'image/jpeg', quality: JPEG_QUALITY });
  const { sha256, bytes } = await keep(jpeg);
  const taken = file.lastModified ? new Date(file.lastModified) : new Date();
  return { sha256, type: 'image/jpeg', bytes, width, height, taken_at: localIso(taken) };
}

/** Stores each chosen photo (at most 1600 px, no EXIF) and adds it to item `id`. */
export async function addPhotos(form, id, files) {
  for (const f of files) form.addPhoto(id, JSON.stringify(await storePhoto(f)));
}

// Decoded images by hash; a form of twenty photos decodes each once.
const bitmaps = new Map();
async function bitmap(sha) {
  if (!bitmaps.has(sha)) {
    bitmaps.set(sha, store.getBlob(sha).then((b) => (b ? createImageBitmap(b) : null)).catch(() => null));
    if (bitmaps.size > 64) bitmaps.delete(bitmaps.keys().next().value);
  }
  return bitmaps.get(sha);
}

/** Draws `img` on `canvas` at the canvas's laid-out size, covering it or contained in it. */
function draw(canvas, img, cover) {
  const ratio = window.devicePixelRatio || 1;
  const w = Math.round((canvas.clientWidth || 96) * ratio);
  const h = Math.round((canvas.clientHeight || 96) * ratio);
  canvas.width = w;
  canvas.height = h;
  const s = (cover ? Math.max : Math.min)(w / img.width, h / img.height);
  const dw = img.width * s, dh = img.height * s;
  canvas.getContext('2d').drawImage(img, (w - dw) / 2, (h - dh) / 2, dw, dh);
}

/** Paints every canvas the form built for a photo or a signature and not painted yet. */
export async function paint(root) {
  for (const c of root.querySelectorAll('canvas[data-sha]:not([data-painted]):not([data-painting])')) {
    c.dataset.painting = '';
    const img = await bitmap(c.dataset.sha);
    if (img) draw(c, img, c.classList.contains('rc-thumb-img'));
    else c.dataset.missing = ''; // the photo is not on this device (a document from elsewhere)
    delete c.dataset.painting;
    c.dataset.painted = '';
  }
}

/** A modal dialog in the form's shadow root, removed when closed. */
function dialog(root, label) {
  const d = document.createElement('dialog');
  d.className = 'rc-dialog';
  d.setAttribute('aria-label', label);
  d.addEventListener('close', () => d.remove());
  (root.querySelector('.rc') || root).append(d);
  return d;
}

function button(text, cls = 'rc-tool') {
  return Object.assign(document.createElement('button'), { type: 'button', className: cls, textContent: text });
}

/** Shows a photo full size; `detail` is `{sha, close}` (the close button's word). */
export async function openPhoto(root, detail) {
  const { sha, close: closeWord } = JSON.parse(detail);
  const img = await bitmap(sha);
  if (!img) return;
  const label = root.querySelector(`button[data-sha="${CSS.escape(sha)}"]`)?.getAttribute('aria-label') || '';
  const d = dialog(root, label);
  const c = Object.assign(document.createElement('canvas'), { className: 'rc-photo-full' });
  c.setAttribute('role', 'img');
  c.setAttribute('aria-label', label);
  const close = button('×', 'rc-tool rc-dialog-close');
  close.setAttribute('aria-label', closeWord);
  close.addEventListener('click', () => d.close());
  d.append(close, c);
  d.showModal();
  draw(c, img, false);
}

/**
 * The sign-off pad (§8): a name and a signature drawn with a finger or pen (pointer
 * events), stored as a PNG like a photo and recorded through Form.addSignature.
 */
export function sign(root, form, words) {
  return new Promise((resolve, reject) => {
    const d = dialog(root, words.title);
    const h = Object.assign(document.createElement('h2'), { className: 'rc-dialog-title', textContent: words.title });
    const label = Object.assign(document.createElement('label'), { className: 'rc-sitebar-field' });
    const name = Object.assign(document.createElement('input'), { className: 'rc-input', autocomplete: 'name' });
    label.append(Object.assign(document.createElement('span'), { textContent: words.name }), name);
    const pad = Object.assign(document.createElement('canvas'), { className: 'rc-signpad' });
    pad.setAttribute('role', 'img');
    pad.setAttribute('aria-label', words.title);
    const bar = Object.assign(document.createElement('div'), { className: 'rc-dialog-bar' });
    const [clear, cancel, save] = [button(words.clear), button(words.cancel), button(words.save, 'rc-tool rc-primary')];
    save.disabled = true;
    bar.append(clear, cancel, save);
    d.append(h, label, pad, bar);
    d.showModal();
    const ratio = window.devicePixelRatio || 1;
    pad.width = pad.clientWidth * ratio;
    pad.height = pad.clientHeight * ratio;
    const g = pad.getContext('2d');
    g.scale(ratio, ratio);
    g.lineWidth = 2.5;
    g.lineCap = g.lineJoin = 'round';
    g.strokeStyle = '#111';
    /** @type {[number, number] | null} */
    let last = null;
    let strokes = 0;
    const ready = () => { save.disabled = !(strokes && name.value.trim()); };
    /** @param {PointerEvent} e @returns {[number, number]} */
    const at = (e) => { const r = pad.getBoundingClientRect(); return [e.clientX - r.left, e.clientY - r.top]; };
    pad.addEventListener('pointerdown', (e) => {
      pad.setPointerCapture(e.pointerId);
      last = at(e);
      g.beginPath();
      g.arc(last[0], last[1], 1, 0, 2 * Math.PI);
      g.fill();
      strokes++;
      ready();
    });
    pad.addEventListener('pointermove', (e) => {
      if (!last) return;
      const p = at(e);
      g.beginPath();
      g.moveTo(...last);
      g.lineTo(...p);
      g.stroke();
      last = p;
    });
    for (const t of ['pointerup', 'pointercancel']) pad.addEventListener(t, () => { last = null; });
    name.addEventListener('input', ready);
    clear.addEventListener('click', () => { g.clearRect(0, 0, pad.width, pad.height); strokes = 0; ready(); });
    cancel.addEventListener('click', () => { d.close(); resolve(false); });
    save.addEventListener('click', async () => {
      save.disabled = true;
      try {
        const png = await new Promise((r) => pad.toBlob(r, 'image/png'));
        const { sha256 } = await keep(png);
        form.addSignature(JSON.stringify({ role: words.role, name: name.value.trim(), signed_at: localIso(), sha256, type: 'image/png' }));
        d.close();
        resolve(true);
      } catch (e) {
        d.close();
        reject(e);
      }
    });
    name.focus();
  });
}

/** A package (§8): the same multipart body a submission sends, as one file. */
export async function exportPackage(assessment, result) {
  const { fd, missing } = await body(assessment, result);
  if (missing.length) throw Object.assign(new Error(`photos missing on this device: ${missing.join(', ')}`), { code: 'storage' });
  return new Response(fd).blob();
}

/** Reads a package: checks and stores every blob, returns the assessment's JSON text. */
export async function loadPackage(blob) {
  const head = await blob.slice(0, 200).text();
  const boundary = head.startsWith('--') ? head.slice(2, head.indexOf('\r\n')) : '';
  let fd;
  try {
    fd = await new Response(blob, { headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }).formData();
  } catch {
    throw Object.assign(new Error('not a readycheck package (multipart/form-data with an assessment part)'), { code: 'input' });
  }
  const assessment = fd.get('assessment');
  if (!assessment) throw Object.assign(new Error('the package has no assessment part'), { code: 'input' });
  const text = typeof assessment === 'string' ? assessment : await assessment.text();
  const want = new Set(blobsOf(text));
  for (const [name, part] of fd) {
    if (name === 'assessment' || name === 'result' || typeof part === 'string') continue;
    const bytes = new Uint8Array(await part.arrayBuffer());
    if (sha256Hex(bytes) !== name) throw Object.assign(new Error(`blob ${name}: its bytes do not match its name`), { code: 'input' });
    await store.putBlob(name, new Blob([bytes], { type: part.type }));
    want.delete(name);
  }
  if (want.size) throw Object.assign(new Error(`the package lacks ${want.size} photo(s): ${[...want].join(', ')}`), { code: 'input' });
  return text;
}
