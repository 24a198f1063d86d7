// Types of the <ready-check> element (SPEC §7.1): importing the module registers it.
import type { Assessment, Result, Template, Comparison, Verdict } from './pkg/readycheck.js';

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

/** `readycheck-outbox` detail (SPEC §8): `key` is the entry's Idempotency-Key, `draft` its draft's key. */
export interface ReadyCheckOutboxDetail {
  key: string;
  draft: string;
  state: 'queued' | 'sending' | 'sent' | 'failed';
  attempts: number;
  /** The last answer's HTTP status; null after a network error or before any attempt. */
  status: number | null;
  /** The server's message (its JSON `message`, or the start of its text), or the network error. */
  message: string;
}

/** One draft on this device, as `listDrafts()` gives it (SPEC §8). */
export interface DraftInfo {
  key: string;
  template: { id: string; version: string } | null;
  mode: 'self' | 'inspection' | null;
  site: { name?: string; code?: string } | null;
  answered: number | null;
  applicable: number | null;
  score: number | null;
  verdict: Verdict | null;
  updated_at: string | null;
  /** The state of the draft's latest submission in the outbox, or null. */
  outbox: ReadyCheckOutboxDetail['state'] | null;
}

/** Every draft on this device, newest first. */
export declare function listDrafts(): Promise<DraftInfo[]>;
/** Deletes a draft (and its photos no other draft or unsent submission names). */
export declare function deleteDraft(key: string): Promise<void>;

/** The element's events (bubbling, composed). */
export interface ReadyCheckEventMap {
  /** Once a template is loaded and first rendered, and whenever a new one is set. */
  'readycheck-ready': CustomEvent<Result>;
  /** After every change, once it is saved. */
  'readycheck-change': CustomEvent<Result>;
  'readycheck-submit': CustomEvent<ReadyCheckSubmitDetail>;
  'readycheck-error': CustomEvent<ReadyCheckErrorDetail>;
  /** Every change of an outbox entry's state (with `submit-url`). */
  'readycheck-outbox': CustomEvent<ReadyCheckOutboxDetail>;
}

/** The element's attributes as a framework passes them (SPEC §7.1, §7.5; `readycheck/react`, `readycheck/vue`). */
export interface ReadyCheckAttributes {
  template?: `builtin:${string}` | `server:${string}` | string;
  locale?: 'zh-CN' | 'en';
  mode?: 'self' | 'inspection';
  modes?: 'self' | 'inspection' | 'self inspection';
  langs?: 'zh-CN' | 'en' | 'zh-CN en';
  readonly?: boolean;
  'storage-key'?: string;
  'site-code'?: string;
  'site-name'?: string;
  'submit-url'?: string;
}

/** An error the element's methods throw: `not_ready` before the module loaded, `type` or `value` for an answer that is none. */
export interface ReadyCheckError extends Error {
  code: 'not_ready' | 'type' | 'value' | 'input' | string;
}

export declare class ReadyCheckElement extends HTMLElement {
  /** Attribute `template`: `builtin:<id>` or the URL of a template JSON. */
  getAttribute(name: 'template' | 'locale' | 'mode' | 'storage-key' | 'readonly' | 'site-code' | 'site-name' | 'submit-url' | 'modes' | 'langs'): string | null;
  getAttribute(name: string): string | null;
  setAttribute(name: 'template', value: `builtin:${string}` | string): void;
  setAttribute(name: 'locale', value: 'zh-CN' | 'en'): void;
  setAttribute(name: 'mode', value: 'self' | 'inspection'): void;
  setAttribute(name: 'storage-key' | 'readonly' | 'site-code' | 'site-name' | 'submit-url', value: string): void;
  setAttribute(name: 'modes', value: 'self' | 'inspection'): void;
  setAttribute(name: 'langs', value: 'zh-CN' | 'en'): void;
  setAttribute(name: string, value: string): void;

  /** Resolves once the wasm module is in and the element can take a template. */
  readonly ready: Promise<void>;
  /** A template object, or the attribute's string (`builtin:<id>`, `server:<id>`, a URL). */
  set template(t: Template | string);
  get template(): Template | string | null;
  /** Each attribute as a property taking the same string (SPEC §7.5). */
  locale: 'zh-CN' | 'en' | string | null;
  mode: 'self' | 'inspection' | string | null;
  readonly: boolean;
  storageKey: string | null;
  siteCode: string | null;
  siteName: string | null;
  submitUrl: string | null;
  /** `modes="self"` (or `inspection`) fixes the mode and hides the switch; `langs` likewise. */
  modes: string | null;
  langs: string | null;
  /** The assessment document, with every answer kept (also invalid and orphaned ones). */
  get assessment(): Assessment;
  set assessment(a: Assessment);
  /** The current result (SPEC §5), or null before a template is loaded. */
  readonly result: Result | null;
  /** The exact JSON text `readycheck score` prints for the same assessment. */
  readonly resultJson: string | null;
  /** The key the draft is saved under (`readycheck:<template>:<mode>:<site code>` unless `storage-key`), null before a template. */
  readonly draftKey: string | null;
  /** Resolves to true once the last change is on disk (IndexedDB with strict durability; the form then says 已保存到本机), false if it could not be written. */
  readonly saved: Promise<boolean>;
  /** Headers added to every outbox request, such as `{Authorization: 'Bearer …'}`. */
  submitHeaders: Record<string, string>;

  /** The same path as a tap: validates, re-scores, saves, fires `readycheck-change`; null clears. */
  setAnswer(id: string, value: string | number | string[] | Record<string, unknown>[] | null): void;
  export(format?: 'json' | 'csv'): string;
  reset(): void;
  /** Inspection mode: load the site's self-check to compare with (SPEC §6). */
  loadSelfCheck(doc: Assessment | string): void;
  /**
   * Prints the findings document (`findings`: 督查意见 / 自查报告 with site, date, verdict and
   * score, blockers and findings with their photos, the ledger and the signatures) or the
   * whole form (`form`); without a kind, the mode's default (findings in inspection mode).
   */
  print(kind?: 'findings' | 'form'): Promise<void>;
  /** The document with its photos and signatures as one file (the §8 multipart body). */
  exportPackage(): Promise<Blob>;
  /** Opens a package made by `exportPackage()` on this or another device; its photos are stored. */
  loadPackage(blob: Blob): Promise<void>;
  /** Used by the field kit: shows an outbox state and fires `readycheck-outbox`. */
  outboxState(detail: ReadyCheckOutboxDetail): void;

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
