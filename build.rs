//! Minifies every template in templates/ into OUT_DIR, so the command line carries them
//! without indentation (the files in templates/ stay readable), and writes `builtin_index.rs`:
//! each built-in's id, version, title and the SHA-256 of its canonical JSON. The wasm
//! module carries only that index and fetches the template files served beside it, checking
//! each against its hash, so the browser and the command line score the same template.

use std::fmt::Write as _;
use std::path::Path;

#[allow(dead_code)]
#[path = "src/report/canonical.rs"]
mod canonical;
#[allow(dead_code)]
#[path = "src/text/number.rs"]
mod number;
/// `canonical.rs` reads numbers through `crate::text::number`.
mod text {
    pub(crate) use super::number;
}

fn main() {
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    println!("cargo:rerun-if-changed=templates");
    println!("cargo:rerun-if-changed=src/report/canonical.rs");
    println!("cargo:rerun-if-changed=src/text/number.rs");
    let mut paths: Vec<_> = std::fs::read_dir("templates")
        .expect("templates/ exists")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    let mut index = String::from("&[\n");
    for path in &paths {
        println!("cargo:rerun-if-changed={}", path.display());
        let text =
            std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let v: serde_json::Value =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let name = path.file_name().expect("a file name");
        std::fs::write(Path::new(&out).join(name), v.to_string()).expect("write OUT_DIR");
        let field = |k: &str| v.get(k).cloned().unwrap_or_default();
        writeln!(
            index,
            "    Builtin {{ id: {:?}, version: {:?}, default_locale: {:?}, title: {:?}, sha256: {:?} }},",
            path.file_stem().and_then(|s| s.to_str()).expect("a UTF-8 name"),
            field("version").as_str().unwrap_or_default(),
            field("default_locale").as_str().unwrap_or("zh-CN"),
            field("title").to_string(),
            canonical::sha256(&v),
        )
        .expect("write to a String");
    }
    index.push(']');
    std::fs::write(Path::new(&out).join("builtin_index.rs"), index).expect("write OUT_DIR");
}
