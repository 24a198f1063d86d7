// Types of the <ready-check> element (SPEC §7.1): importing the module registers it.
import type { Assessment, Result, Template, Comparison } from './pkg/readycheck.js';

export type { Assessment, Result, Template, Comparison, Verdict, Problem, LoadError, AnswerValue, LocaleString, TemplateSection, TemplateItem, TemplateRule } from './pkg/readycheck.js';

/** `readycheck-error` detail. `code`: `template`, `storage`, `fetch`, `json`, `format`, `lint`, `input`, … */
export interface ReadyCheckErrorDetail {
  code: string;
  message: string;
}

/** `readycheck-submit` detail. */
export interface ReadyCheckSubmitDetail {
  assessment: Assessment;
  result: Result;
}

/** The element's events (bubbling, composed). */
export interface ReadyCheckEventMap {
  /** Once a template is loaded and first rendered, and whenever a new one is set. */
  'readycheck-ready': CustomEvent<Result>;
  /** After every change, once it is saved. */
  'readycheck-change': CustomEvent<Result>;
  'readycheck-submit': CustomEvent<ReadyCheckSubmitDetail>;
  'readycheck-error': CustomEvent<ReadyCheckErrorDetail>;
}

/** An error the element's methods throw: `not_ready` before the module loaded, `type` or `value` for an answer that is none. */
export interface ReadyCheckError extends Error {
  code: 'not_ready' | 'type' | 'value' | 'input' | string;
}

export declare class ReadyCheckElement extends HTMLElement {
  /** Attribute `template`: `builtin:<id>` or the URL of a template JSON. */
  getAttribute(name: 'template' | 'locale' | 'mode' | 'storage-key' | 'readonly'): string | null;
  getAttribute(name: string): string | null;
  setAttribute(name: 'template', value: `builtin:${string}` | string): void;
  setAttribute(name: 'locale', value: 'zh-CN' | 'en'): void;
  setAttribute(name: 'mode', value: 'self' | 'inspection'): void;
  setAttribute(name: 'storage-key' | 'readonly', value: string): void;
  setAttribute(name: string, value: string): void;

  /** Resolves once the wasm module is in and the element can take a template. */
  readonly ready: Promise<void>;
  /** Set a template object (the attribute takes a URL or `builtin:<id>`). */
  set template(t: Template);
  /** The assessment document, with every answer kept (also invalid and orphaned ones). */
  get assessment(): Assessment;
  set assessment(a: Assessment);
  /** The current result (SPEC §5), or null before a template is loaded. */
  readonly result: Result | null;
  /** The exact JSON text `readycheck score` prints for the same assessment. */
  readonly resultJson: string | null;

  /** The same path as a tap: validates, re-scores, saves, fires `readycheck-change`; null clears. */
  setAnswer(id: string, value: string | number | string[] | Record<string, unknown>[] | null): void;
  export(format?: 'json' | 'csv'): string;
  reset(): void;
  /** Inspection mode: load the site's self-check to compare with (SPEC §6). */
  loadSelfCheck(doc: Assessment | string): void;

  addEventListener<K extends keyof ReadyCheckEventMap>(type: K, listener: (this: ReadyCheckElement, ev: ReadyCheckEventMap[K]) => unknown, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof ReadyCheckEventMap>(type: K, listener: (this: ReadyCheckElement, ev: ReadyCheckEventMap[K]) => unknown, options?: boolean | EventListenerOptions): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | EventListenerOptions): void;
}

declare global {
  interface HTMLElementTagNameMap {
    'ready-check': ReadyCheckElement;
  }
  interface HTMLElementEventMap extends ReadyCheckEventMap {}
}
