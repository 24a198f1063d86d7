//! Helpers shared by the integration tests.
#![allow(dead_code)]

/// Runs `readycheck ARGS`: its exit code, standard output and standard error.
pub fn cli(args: &[&str]) -> (i32, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_readycheck"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

pub mod load;
pub mod service;

/// The suite's scratch folder, `readycheck-<suite>-<pid>` in the system's temp folder,
/// created. The folders of earlier runs whose process is gone are removed first, so runs on
/// one machine do not pile up (the storage suite alone writes 29 MB); a failed run's files
/// stay until the next run of that suite, to be looked at.
pub fn scratch(suite: &str) -> std::path::PathBuf {
    let temp = std::env::temp_dir();
    let prefix = format!("readycheck-{suite}-");
    for entry in std::fs::read_dir(&temp).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = name
            .strip_prefix(&prefix)
            .and_then(|p| p.parse::<u32>().ok())
        else {
            continue;
        };
        // Only where a process can be looked up (Linux's /proc); elsewhere nothing is removed.
        let proc = std::path::Path::new("/proc");
        if proc.is_dir() && !proc.join(pid.to_string()).exists() {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
    let dir = temp.join(format!("{prefix}{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

use serde_json::Value;

/// Checks that every key of `expected` is in `actual` with an equal value (arrays must
/// have the same length; numbers equal within 1e-9). Returns the first difference.
pub fn subset(expected: &Value, actual: &Value, path: &str) -> Result<(), String> {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (k, ev) in e {
                let av = a.get(k).ok_or_else(|| format!("{path}/{k}: missing"))?;
                subset(ev, av, &format!("{path}/{k}"))?;
            }
            Ok(())
        }
        (Value::Array(e), Value::Array(a)) => {
            if e.len() != a.len() {
                return Err(format!(
                    "{path}: expected {} elements, got {}: {}",
                    e.len(),
                    a.len(),
                    actual
                ));
            }
            for (i, (ev, av)) in e.iter().zip(a).enumerate() {
                subset(ev, av, &format!("{path}/{i}"))?;
            }
            Ok(())
        }
        (Value::Number(e), Value::Number(a)) => {
            let (e, a) = (
                e.as_f64().unwrap_or(f64::NAN),
                a.as_f64().unwrap_or(f64::NAN),
            );
            if (e - a).abs() <= 1e-9 {
                Ok(())
            } else {
                Err(format!("{path}: expected {e}, got {a}"))
            }
        }
        (e, a) if e == a => Ok(()),
        (e, a) => Err(format!("{path}: expected {e}, got {a}")),
    }
}

pub fn golden_cases() -> Vec<(String, Value)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden");
    let mut out: Vec<(String, Value)> = std::fs::read_dir(dir)
        .expect("tests/golden exists")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            (
                p.file_stem().unwrap().to_string_lossy().into_owned(),
                serde_json::from_str(&text).unwrap(),
            )
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// A roll-up document without the names of its inputs (`sites[].input`, the pairs'
/// `self_input`/`inspection_input`), to compare two roll-ups of the same entries read
/// from different places.
pub fn without_inputs(doc: &mut Value) {
    for s in doc["sites"].as_array_mut().into_iter().flatten() {
        if let Some(s) = s.as_object_mut() {
            s.remove("input");
        }
    }
    for p in doc["pairs"].as_array_mut().into_iter().flatten() {
        if let Some(p) = p.as_object_mut() {
            p.remove("self_input");
            p.remove("inspection_input");
        }
    }
}
