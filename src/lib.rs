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

pub use document::Assessment;
pub use problem::{Code, Failure, LoadError, Problem, Severity};
pub use report::{to_json, Comparison, Report};
pub use template::Template;

/// Loads a template named by `builtin:<id>` or given as JSON text.
pub fn load_template(source: &str) -> Result<Template, LoadError> {
    template::load(source)
}

/// The JSON text of `builtin:<id>`, or a clear error naming the built-in ids.
#[cfg(not(target_arch = "wasm32"))]
pub fn builtin_text(name: &str) -> Result<&'static str, LoadError> {
    let id = name.strip_prefix("builtin:").unwrap_or(name);
    builtin::get(id).ok_or_else(|| unknown_builtin(id))
}

/// In the browser built-in templates are files served beside the module: a `builtin:<id>`
/// string cannot be loaded synchronously, so the error says what to call instead.
#[cfg(target_arch = "wasm32")]
pub fn builtin_text(name: &str) -> Result<&'static str, LoadError> {
    let id = name.strip_prefix("builtin:").unwrap_or(name);
    Err(match builtin::find(id) {
        None => unknown_builtin(id),
        Some(_) => LoadError {
            code: Failure::Input,
            message: format!(
                "built-in templates are fetched: use loadTemplate(await builtinTemplate(\"{id}\"))"
            ),
            problems: Vec::new(),
        },
    })
}

fn unknown_builtin(id: &str) -> LoadError {
    LoadError {
        code: Failure::Input,
        message: format!(
            "no built-in template `{id}`; built-in templates: {}",
            builtin::INDEX
                .iter()
                .map(|b| b.id)
                .collect::<Vec<_>>()
                .join(", ")
        ),
        problems: Vec::new(),
    }
}

/// Checks that an assessment was made for this template (a different version is fine:
/// answers to removed items are reported as orphans).
pub fn check_pairing(t: &Template, a: &Assessment) -> Result<(), LoadError> {
    match &a.template_id {
        Some(id) if *id != t.id => Err(LoadError {
            code: Failure::Input,
            message: format!("the assessment is for template `{id}`, not `{}`", t.id),
            problems: Vec::new(),
        }),
        _ => Ok(()),
    }
}
