//! The page's static files (`serve --www DIR`): each served as it is, or as the brotli or
//! gzip copy (`x.br`, `x.gz`) that `scripts/build.sh` writes beside the element's built
//! files, when the browser accepts that encoding. The wasm is 412 KiB as it is and about
//! 150 KiB as brotli: on a school's connection that is most of the first load.
//!
//! A copy older than its file (a file rebuilt or edited after the build) would send the old
//! bytes, so the copies are used only when none is older when the service starts; otherwise
//! every file is sent as it is and the service says which copies are stale and how to write
//! them again. (A file edited while the service runs is seen at its next start.)

use std::path::{Path, PathBuf};

use axum::http::{header, HeaderValue};
use axum::Router;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeader;

/// The extensions of the compressed copies, as `ServeDir` looks for them.
const COPIES: [&str; 2] = ["br", "gz"];

/// How deep the folder walk goes; the page's folder is a few levels deep.
const MAX_DEPTH: usize = 8;

/// The page's folder, and whether its compressed copies are sent.
pub struct Www {
    pub dir: PathBuf,
    pub compressed: bool,
}

impl Www {
    /// `dir`, its copies sent unless one of them is stale; and then what to tell whoever
    /// started the service.
    pub fn new(dir: PathBuf) -> (Www, Option<String>) {
        let stale = stale_copies(&dir);
        let warning = (!stale.is_empty()).then(|| stale_warning(&dir, &stale));
        let compressed = stale.is_empty();
        (Www { dir, compressed }, warning)
    }
}

/// The page's folder served under `router` as its fallback, with `csp` on every answer.
pub fn serve(router: Router, www: &Www, csp: &'static str) -> Router {
    let files = ServeDir::new(&www.dir);
    let files = if www.compressed {
        files.precompressed_br().precompressed_gzip()
    } else {
        files
    };
    let files = SetResponseHeader::overriding(
        files,
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(csp),
    );
    // The files' names carry no version: a browser must ask again (a 304 when unchanged)
    // rather than guess from their age, or after an upgrade it could pair an old glue with
    // a new wasm.
    let files = SetResponseHeader::overriding(
        files,
        header::CACHE_CONTROL,
        HeaderValue::from_static("no-cache"),
    );
    router.fallback_service(SetResponseHeader::overriding(
        files,
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    ))
}

/// The compressed copies under `dir` that are older than the file they copy, sorted.
/// A `.gz` or `.br` file with nothing beside it to copy is a file of its own, not a copy.
/// Symbolic links are not followed, so a link back up the tree cannot loop.
pub fn stale_copies(dir: &Path) -> Vec<PathBuf> {
    let mut stale = Vec::new();
    walk(dir, 0, &mut stale);
    stale.sort();
    stale
}

fn walk(dir: &Path, depth: usize, stale: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            if depth < MAX_DEPTH {
                walk(&path, depth + 1, stale);
            }
        } else if kind.is_file() && is_stale_copy(&path) {
            stale.push(path);
        }
    }
}

fn is_stale_copy(path: &Path) -> bool {
    let is_copy = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| COPIES.contains(&e));
    if !is_copy {
        return false;
    }
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    match (modified(&path.with_extension("")), modified(path)) {
        (Some(original), Some(copy)) => copy < original,
        // Nothing beside it: a file of its own. An unreadable time: not known to be stale.
        _ => false,
    }
}

/// What the service says when it sends files as they are because of `stale` copies.
pub fn stale_warning(dir: &Path, stale: &[PathBuf]) -> String {
    const SHOWN: usize = 3;
    let names: Vec<String> = stale
        .iter()
        .take(SHOWN)
        .map(|p| p.strip_prefix(dir).unwrap_or(p).display().to_string())
        .collect();
    let more = match stale.len().saturating_sub(SHOWN) {
        0 => String::new(),
        n => format!(" and {n} more"),
    };
    format!(
        "readycheck serve: compressed copies older than their files in {}: {}{more}. Every file is sent uncompressed; run `bash scripts/build.sh` to write the copies again",
        dir.display(),
        names.join(", "),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs::{self, File};
    use std::time::{Duration, SystemTime};

    fn touch(path: &Path, when: SystemTime) {
        fs::write(path, b"x").unwrap();
        File::options()
            .write(true)
            .open(path)
            .unwrap()
            .set_modified(when)
            .unwrap();
    }

    #[test]
    fn a_copy_older_than_its_file_is_stale() {
        let dir = std::env::temp_dir().join(format!("rc-files-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("pkg")).unwrap();
        let then = SystemTime::now() - Duration::from_secs(3600);
        let now = SystemTime::now();
        touch(&dir.join("pkg/a.wasm"), then);
        touch(&dir.join("pkg/a.wasm.br"), now);
        touch(&dir.join("pkg/a.wasm.gz"), now);
        touch(&dir.join("b.js"), now);
        touch(&dir.join("b.js.br"), then);
        touch(&dir.join("c.js"), now);
        touch(&dir.join("c.js.gz"), then);
        // A file of its own: nothing named `data.tar` beside it.
        touch(&dir.join("data.tar.gz"), then);
        assert_eq!(
            stale_copies(&dir),
            vec![dir.join("b.js.br"), dir.join("c.js.gz")]
        );
        let said = stale_warning(&dir, &stale_copies(&dir));
        assert!(said.contains("older than their files"), "{said}");
        assert!(said.contains("b.js.br, c.js.gz"), "{said}");
        assert!(said.contains("scripts/build.sh"), "{said}");
        fs::remove_dir_all(&dir).unwrap();
    }
}
