// Registers the examples' service worker (public/sw.js) and hands it every URL this page has
// loaded so far, so that a reload works offline after the first visit (README "Working
// offline"). The lazily loaded field kit is cached when first used.
export async function keepOffline() {
  if (!('serviceWorker' in navigator)) return;
  // Once the element has loaded what it needs (module, wasm, stylesheet, template).
  const loaded = new Promise((r) => document.addEventListener('readycheck-ready', r, { once: true }));
  await navigator.serviceWorker.register('/sw.js');
  await loaded;
  const sw = await navigator.serviceWorker.ready;
  const urls = [location.href, ...performance.getEntriesByType('resource').map((e) => e.name)];
  sw.active?.postMessage({ cache: urls });
}
