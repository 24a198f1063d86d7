// A Vue 3 portal page with <ready-check>: the template binds attributes and listens to the
// element's events (typed by 'readycheck/vue'); the page keeps its own summary.
import { createApp } from 'vue';
import 'readycheck';
import type {} from 'readycheck/vue';
import App from './App.vue';
import { keepOffline } from '../../offline.js';

window.__events = [];
for (const t of ['readycheck-ready', 'readycheck-change', 'readycheck-error', 'readycheck-outbox', 'readycheck-submit']) {
  document.addEventListener(t, (e) => window.__events.push({ type: t, detail: (e as CustomEvent).detail }));
}
createApp(App).mount('#app');
keepOffline();
