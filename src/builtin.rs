//! Built-in templates, compiled into the binary and the wasm module (`builtin:<id>`).

macro_rules! builtin {
    ($($id:literal),* $(,)?) => {
        &[$(($id, include_str!(concat!(env!("OUT_DIR"), "/", $id, ".json")))),*]
    };
}

/// (id, JSON text) of every built-in template, minified by build.rs from `templates/`.
pub const TEMPLATES: &[(&str, &str)] = builtin![
    "school-reopening",
    "exam-site",
    "training-institution",
    "example"
];

/// The JSON text of a built-in template.
pub fn get(id: &str) -> Option<&'static str> {
    TEMPLATES.iter().find(|(i, _)| *i == id).map(|(_, j)| *j)
}
