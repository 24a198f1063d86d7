// <ready-check> in React's JSX (SPEC §7.5), React 18 and 19, types only:
//   import type {} from 'readycheck/react';
// Attributes are the element's (strings; `readonly` a boolean); events are read with a ref
// and addEventListener (see the README and examples/vite-react).
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { ReadyCheckElement, ReadyCheckAttributes } from './readycheck.js';

/** The element's attributes as JSX props. */
export interface ReadyCheckProps extends DetailedHTMLProps<HTMLAttributes<ReadyCheckElement>, ReadyCheckElement>, ReadyCheckAttributes {}

declare module 'react' {
  // React 19 (and 18.3 with the automatic runtime) read React.JSX.
  namespace JSX {
    interface IntrinsicElements {
      'ready-check': ReadyCheckProps;
    }
  }
}

declare global {
  // React 18's classic runtime reads the global JSX namespace.
  namespace JSX {
    interface IntrinsicElements {
      'ready-check': ReadyCheckProps;
    }
  }
}
