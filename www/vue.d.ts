// <ready-check> in Vue 3 templates (SPEC §7.5), types only:
//   import type {} from 'readycheck/vue';
// Vue must also be told it is a custom element (compilerOptions.isCustomElement, see the
// README and examples/vite-vue).
import type { DefineComponent } from 'vue';
import type { Result, ReadyCheckAttributes } from './readycheck.js';
import type { ReadyCheckSubmitDetail, ReadyCheckErrorDetail, ReadyCheckOutboxDetail } from './readycheck.js';

/** The element's attributes as props, and its events as `@readycheck-…` listeners. */
export interface ReadyCheckVueProps extends ReadyCheckAttributes {
  'onReadycheck-ready'?: (e: CustomEvent<Result>) => void;
  'onReadycheck-change'?: (e: CustomEvent<Result>) => void;
  'onReadycheck-submit'?: (e: CustomEvent<ReadyCheckSubmitDetail>) => void;
  'onReadycheck-error'?: (e: CustomEvent<ReadyCheckErrorDetail>) => void;
  'onReadycheck-outbox'?: (e: CustomEvent<ReadyCheckOutboxDetail>) => void;
}

declare module 'vue' {
  interface GlobalComponents {
    'ready-check': DefineComponent<ReadyCheckVueProps>;
    ReadyCheck: DefineComponent<ReadyCheckVueProps>;
  }
}
