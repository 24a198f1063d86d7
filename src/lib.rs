//! readycheck: a checklist engine for deciding whether a school (or an exam site, or a
//! training institution) is ready to reopen under epidemic-prevention rules.
//!
//! The core is pure Rust and knows nothing of the browser: [`template`] loads and lints a
//! template (§1), [`expr`] is its expression language (§2), [`evaluate`] scores an
//! assessment [`document`] into a [`report`] (§3–§5), which also sets a self-check beside
//! an inspection (§6); [`text`] reads and writes numbers, dates and words in zh-CN and en. The command line (`src/main.rs`) and the wasm module (`web`, built
//! only for wasm32) are two thin faces of the same functions.

pub mod builtin;
#[cfg(all(not(target_arch = "wasm32"), feature = "sheet"))]
pub mod bureau;
mod codes;
pub mod document;
pub mod evaluate;
pub mod expr;
pub mod json;
pub mod limits;
pub mod problem;
pub mod report;
#[cfg(all(not(target_arch = "wasm32"), feature = "serve"))]
pub mod serve;
pub mod template;
pub mod text;
pub mod view;

#[cfg(target_arch = "wasm32")]
pub mod web;

/// The wasm module's allocator: talc rather than the default dlmalloc, 2.8 KiB less in the
/// gzipped module at the same speed and memory (measured; docs/performance.md).
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

pub use builtin::text as builtin_text;
pub use document::check_pairing;
pub use document::Assessment;
pub use document::{AssessmentError, AssessmentFailure};
pub use problem::{Code, Failure, Problem, Severity, TemplateError, TemplateFailure};
pub use report::{to_json, Comparison, Report};
pub use template::Template;

/// Loads a template named by `builtin:<id>` or given as JSON text.
pub fn load_template(source: &str) -> Result<Template, TemplateError> {
    template::load(source)
}
