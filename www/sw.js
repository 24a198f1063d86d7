// Offline support for the demo page: the app shell is cached on install and served
// cache-first, so an inspector's tablet keeps working without a network.
const CACHE = 'readycheck-v1';
const SHELL = ['./', 'index.html', 'demo.js', 'demo.css', 'favicon.svg', 'manifest.webmanifest',
  'readycheck.js', 'readycheck.css', 'pkg/readycheck.js', 'pkg/readycheck_bg.wasm'];

self.addEventListener('install', (e) => {
  e.waitUntil(caches.open(CACHE).then((c) => c.addAll(SHELL)).then(() => self.skipWaiting()));
});
self.addEventListener('activate', (e) => {
  e.waitUntil(caches.keys().then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});
self.addEventListener('fetch', (e) => {
  if (e.request.method !== 'GET' || new URL(e.request.url).origin !== location.origin) return;
  // Network first keeps a served page fresh; the cache answers when offline.
  e.respondWith(fetch(e.request).then((r) => {
    const copy = r.clone();
    caches.open(CACHE).then((c) => c.put(e.request, copy));
    return r;
  }).catch(() => caches.match(e.request)));
});
