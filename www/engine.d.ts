// The public JS module (SPEC §7.2), `readycheck/engine`: the engine without the element.
// The classes the element uses inside (Form, ResultParts) are not part of it.
export {
  default, initSync, loadTemplate, lintTemplate, evaluate, compare, builtinTemplates, builtinTemplate,
  engineVersion, verdictWord, ReadyTemplate,
} from './pkg/readycheck.js';
export type {
  Assessment, Result, Template, TemplateSection, TemplateItem, TemplateRule, Comparison, Verdict, Problem,
  LoadError, AnswerValue, LocaleString, BuiltinInfo, InitInput, InitOutput, SyncInitInput,
} from './pkg/readycheck.js';
