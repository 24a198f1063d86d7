/** A lint problem (SPEC §1.3). */
export interface Problem {
  severity: "error" | "warning";
  /** JSON pointer into the template, e.g. "/sections/2/items/5/visible_if". */
  pointer: string;
  /** Stable code, e.g. "duplicate_id", "type", "cycle". */
  code: string;
  message: string;
}

/** The error loadTemplate throws. */
export interface LoadError extends Error {
  code: "json" | "format" | "lint" | "input";
  problems: Problem[];
}

export type LocaleString = string | Record<string, string>;

/** A readycheck/1 template (SPEC §1). */
export interface Template {
  format: "readycheck/1";
  id: string;
  version: string;
  title: LocaleString;
  default_locale?: string;
  grading?: { ready?: number; conditional?: number };
  sections: unknown[];
  rules?: unknown[];
  [key: string]: unknown;
}

export type AnswerValue = string | number | string[] | Record<string, unknown>[] | null;

/** A readycheck-assessment/1 document (SPEC §4). */
export interface Assessment {
  format: "readycheck-assessment/1";
  template?: { id: string; version: string };
  mode?: "self" | "inspection";
  site?: { name?: string; code?: string };
  assessor?: string;
  as_of?: string;
  answers: Record<string, AnswerValue>;
  notes?: Record<string, string>;
  actions?: {
    id: string; finding: string; description?: string; owner?: string;
    due?: string; status: "open" | "done" | "verified"; closed_on?: string | null;
  }[];
  updated_at?: string;
}

export type Verdict = "ready" | "conditional" | "not_ready" | "incomplete";

/** The result document (SPEC §5). */
export interface Result {
  template: { id: string; version: string };
  verdict: Verdict;
  score: number | null;
  complete: boolean;
  progress: { applicable: number; answered: number; required: number; missing: number };
  sections: {
    id: string; score: number | null; earned: number; possible: number; weight: number;
    applicable: number; answered: number; complete: boolean; passed: boolean | null;
  }[];
  findings: {
    id: string; kind: "item" | "rule" | "section"; section: string | null;
    critical: boolean; points_lost: number; message: string;
  }[];
  issues: { target: string; code: string; message: string }[];
  values: Record<string, unknown>;
  hidden: string[];
  orphans: string[];
  actions: { open: number; overdue: number; done: number; verified: number };
  receipt: { engine: string; template_sha256: string; answers_sha256: string };
}

/** The comparison document (SPEC §6). */
export interface Comparison {
  items: { id: string; a: AnswerValue; b: AnswerValue; agree: boolean | null }[];
  agreement: number | null;
  score: { a: number | null; b: number | null; delta: number | null };
  verdict: { a: Verdict; b: Verdict };
  sections: { id: string; a: number | null; b: number | null; delta: number | null }[];
  disputed: string[];
}

export interface BuiltinInfo { id: string; version: string; title: string; /** SHA-256 of the canonical JSON, as in a receipt. */ sha256: string }
