// The examples' service worker, the recipe of the README's "Working offline": the network
// first, the cache when offline; the page hands over every URL it has loaded (its bundle,
// the wasm, the stylesheet, the template), so the first visit is enough.
const CACHE = 'readycheck-example-v1';

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (e) => e.waitUntil(self.clients.claim()));

// The page's list of loaded URLs (see offline.js), cached as they are now.
self.addEventListener('message', (e) => {
  if (!Array.isArray(e.data?.cache)) return;
  const same = e.data.cache.filter((u) => new URL(u).origin === self.location.origin);
  // One by one: a URL that fails (gone, or a 404) must not keep the others out.
  e.waitUntil(caches.open(CACHE).then((c) => Promise.all(same.map((u) => c.add(u).catch(() => {})))));
});

self.addEventListener('fetch', (e) => {
  const url = new URL(e.request.url);
  if (e.request.method !== 'GET' || url.origin !== self.location.origin) return;
  e.respondWith(
    fetch(e.request)
      .then((r) => {
        if (r.ok) {
          const copy = r.clone();
          caches.open(CACHE).then((c) => c.put(e.request, copy));
        }
        return r;
      })
      .catch(() => caches.match(e.request, { ignoreSearch: true }).then((r) => r ?? Response.error())),
  );
});
