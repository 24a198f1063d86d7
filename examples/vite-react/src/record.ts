// What the example test reads: the element's events, in order.
declare global {
  interface Window { __events: { type: string; detail: unknown }[] }
}

export function record() {
  window.__events = [];
  for (const t of ['readycheck-ready', 'readycheck-change', 'readycheck-error', 'readycheck-outbox', 'readycheck-submit']) {
    document.addEventListener(t, (e) => window.__events.push({ type: t, detail: (e as CustomEvent).detail }));
  }
}
