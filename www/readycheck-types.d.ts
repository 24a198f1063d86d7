/** A lint problem's stable code (SPEC §1.3). */
export type LintCode =
  | "json" | "format" | "structure" | "id" | "duplicate_id" | "item_type" | "parse"
  | "unknown_name" | "type" | "cycle" | "grading" | "negative" | "options" | "range"
  | "precision" | "limit" | "critical_na" | "empty_section" | "constant_when"
  | "unknown_value" | "unknown_key" | "missing_locale";

/** A lint problem (SPEC §1.3). */
export interface Problem {
  severity: "error" | "warning";
  /** JSON pointer into the template, e.g. "/sections/2/items/5/visible_if". */
  pointer: string;
  code: LintCode;
  message: string;
}

/** Why a template, an assessment or a call was refused. */
export type FailureCode =
  | "json" | "format" | "lint" | "input" | "limit" | "storage" | "value" | "type" | "not_ready" | "fetch";

/** The error loadTemplate (and every other engine call) throws. */
export interface LoadError extends Error {
  code: FailureCode;
  /** A template's lint problems, each with its pointer (empty for other failures). */
  problems: Problem[];
  /** For an assessment that cannot be read: the member at fault (RFC 6901; "" for the whole document). */
  pointer?: string;
}

/** What a finding is about (SPEC §5). */
export type FindingKind = "item" | "rule" | "section";

export type LocaleString = string | Record<string, string>;

/** A readycheck/1 template (SPEC §1). */
export interface Template {
  format: "readycheck/1";
  id: string;
  version: string;
  title: LocaleString;
  default_locale?: string;
  grading?: { ready?: number; conditional?: number };
  description?: LocaleString;
  sections: TemplateSection[];
  rules?: TemplateRule[];
  [key: string]: unknown;
}

/** A section of a template (SPEC §1). */
export interface TemplateSection {
  id: string;
  title: LocaleString;
  help?: LocaleString;
  weight?: number;
  pass?: number;
  visible_if?: string;
  items: TemplateItem[];
}

/** An item of a template (SPEC §1.1). */
export interface TemplateItem {
  id: string;
  type: "yesno" | "choice" | "multi" | "number" | "date" | "text" | "computed" | "repeat";
  title: LocaleString;
  help?: LocaleString;
  source?: string;
  visible_if?: string;
  required?: boolean | string;
  critical?: boolean;
  tags?: string[];
  points?: number;
  na?: boolean;
  options?: { value: string; label?: LocaleString; points?: number; fail?: boolean }[];
  min?: number | string;
  max?: number | string;
  integer?: boolean;
  unit?: LocaleString;
  max_length?: number;
  multiline?: boolean;
  min_count?: number;
  max_count?: number;
  expr?: string;
  /** A repeat's child items. */
  items?: TemplateItem[];
  min_rows?: number;
  max_rows?: number;
}

/** A cross-field rule (SPEC §1.2). */
export interface TemplateRule {
  id: string;
  section?: string;
  title?: LocaleString;
  when?: string;
  assert: string;
  points?: number;
  critical?: boolean;
  message?: LocaleString;
  source?: string;
  tags?: string[];
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
  /** Photos per item id, in the order taken (§4.1). */
  evidence?: Record<string, {
    sha256: string; type: string; bytes: number; width?: number; height?: number;
    taken_at?: string; caption?: string;
  }[]>;
  /** Sign-offs (§4.1): stale when `answers_sha256` no longer matches the answers. */
  signatures?: { role: "inspector" | "site"; name: string; signed_at: string; sha256: string; answers_sha256: string }[];
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
    id: string; kind: FindingKind; section: string | null;
    critical: boolean; points_lost: number; message: string;
  }[];
  issues: { target: string; code: string; message: string }[];
  values: Record<string, unknown>;
  hidden: string[];
  orphans: string[];
  /** `uncovered`: findings with no ledger action that has an owner and a due date (§3.6). */
  actions: { open: number; overdue: number; done: number; verified: number; uncovered: number };
  receipt: {
    engine: string; template_sha256: string; answers_sha256: string;
    /** Over the assessment's evidence and signatures (§4.1). */
    evidence_sha256: string;
    /** Over template id and version, mode, as_of, answers and actions. */
    inputs_sha256: string;
  };
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
