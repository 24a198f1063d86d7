// Ambient declarations (this file is not a module): .vue files, and what the test reads.
declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent;
  export default component;
}

interface Window { __events: { type: string; detail: unknown }[] }
