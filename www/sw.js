// Offline support for the demo page: the app shell is cached on install, and the cache
// answers when the network does not, so an inspector's tablet keeps working without one.
const CACHE = 'readycheck-v7';
const SHELL = ['./', 'index.html', 'demo.js', 'demo.css', 'favicon.svg', 'manifest.webmanifest',
  'readycheck.js', 'store.js', 'drafts.js', 'outbox.js', 'service.js', 'fieldkit.js', 'token.js', 'collect.json'];

// pkg/files.json (written by scripts/build.sh) lists the module, its snippets and the
// built-in templates, so every built-in works offline after the first visit.
const precache = async () => {
  const pkg = await fetch('pkg/files.json').then((r) => r.json());
  const c = await caches.open(CACHE);
  await c.addAll([...SHELL, ...pkg]);
};

// A page that loaded from the network says so once its form is in (demo.js), and every file
// of the set is fetched again (a 304 each when unchanged): the copies kept for offline use
// are then of one build. Before, only what a visit fetched was refreshed, and after an
// upgrade the field kit (fetched on first use) could stay old beside a new glue, offline.
self.addEventListener('message', (e) => {
  if (e.data === 'refresh') e.waitUntil(precache().catch(() => {}));
});

self.addEventListener('install', (e) => {
  e.waitUntil(precache().then(() => self.skipWaiting()));
});
self.addEventListener('activate', (e) => {
  e.waitUntil(caches.keys().then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});
self.addEventListener('fetch', (e) => {
  const url = new URL(e.request.url);
  // The collect service's answers are never cached: they are the district's live data.
  if (e.request.method !== 'GET' || url.origin !== location.origin || url.pathname.startsWith('/api/')) return;
  // Network first keeps a served page fresh; the cache answers when offline, and a page
  // opened with a query (?template=…) is the same cached page.
  const offline = () => caches.match(e.request, { ignoreSearch: e.request.mode === 'navigate' });
  e.respondWith(fetch(e.request).then((r) => {
    const copy = r.clone();
    caches.open(CACHE).then((c) => c.put(e.request, copy));
    return r;
  }).catch(offline));
});
