//! Built-in templates, compiled into the binary and the wasm module (`builtin:<id>`).

/// (id, JSON text) of every built-in template.
pub const TEMPLATES: &[(&str, &str)] = &[
    (
        "school-reopening",
        include_str!("../templates/school-reopening.json"),
    ),
    ("exam-site", include_str!("../templates/exam-site.json")),
    (
        "training-institution",
        include_str!("../templates/training-institution.json"),
    ),
    ("example", include_str!("../templates/example.json")),
];

/// The JSON text of a built-in template.
pub fn get(id: &str) -> Option<&'static str> {
    TEMPLATES.iter().find(|(i, _)| *i == id).map(|(_, j)| *j)
}
