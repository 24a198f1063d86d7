//! Minifies every template in templates/ into OUT_DIR, so the binary and the wasm module
//! carry them without indentation (the files in templates/ stay readable).

use std::path::Path;

fn main() {
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    println!("cargo:rerun-if-changed=templates");
    let dir = std::fs::read_dir("templates").expect("templates/ exists");
    for entry in dir.flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "json") {
            println!("cargo:rerun-if-changed={}", path.display());
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let v: serde_json::Value =
                serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let name = path.file_name().expect("a file name");
            std::fs::write(Path::new(&out).join(name), v.to_string()).expect("write OUT_DIR");
        }
    }
}
