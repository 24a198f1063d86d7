//! The layout stays a map a newcomer can read: no module uses a module that uses it (the
//! layers point one way), no source file grows past a size one can hold in mind, and the
//! README's layout table names every module under `src/`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The longest a source file may be, in lines (issue 11: "no file over ~600 lines").
const MAX_LINES: usize = 600;

/// Every `.rs` file under `src/`, as (path from the crate root, text).
fn sources() -> Vec<(String, String)> {
    fn walk(dir: &Path, out: &mut Vec<(String, String)>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().flatten().collect();
        entries.sort_by_key(|e| e.path());
        for e in entries {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                let text = std::fs::read_to_string(&p).unwrap();
                out.push((p.to_string_lossy().replace('\\', "/"), text));
            }
        }
    }
    let mut out = Vec::new();
    walk(Path::new("src"), &mut out);
    out
}

/// A file's module path: `src/web/render/mod.rs` → `["web", "render"]`.
fn module_of(path: &str) -> Vec<String> {
    let rel = path.trim_start_matches("src/").trim_end_matches(".rs");
    let mut parts: Vec<String> = rel.split('/').map(str::to_string).collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts
}

/// The code of a file without comments and without its unit tests (a test may use
/// anything).
fn code_of(text: &str) -> String {
    let text = match text.find("#[cfg(test)]\nmod tests") {
        Some(i) => &text[..i],
        None => text,
    };
    text.lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The modules a file names through `crate::`, `super::` or `self::` paths, resolved to the
/// longest prefix that is a module of the crate.
fn uses(path: &str, code: &str, modules: &BTreeSet<Vec<String>>) -> BTreeSet<Vec<String>> {
    let me = module_of(path);
    let mut out = BTreeSet::new();
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    for root in ["crate::", "super::", "self::"] {
        let mut from = 0;
        while let Some(k) = code[from..].find(root) {
            let at = from + k;
            from = at + root.len();
            if at > 0 && code[..at].chars().next_back().is_some_and(ident) {
                continue;
            }
            // The path: segments, then maybe a `{…}` group of names.
            let rest = &code[at..];
            let end = rest
                .find(|c: char| !(ident(c) || c == ':'))
                .unwrap_or(rest.len());
            let mut segments: Vec<String> = rest[..end]
                .split("::")
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect();
            let mut base: Vec<String> = match segments.remove(0).as_str() {
                "crate" => Vec::new(),
                "self" => me.clone(),
                _ => me[..me.len().saturating_sub(1)].to_vec(),
            };
            while segments.first().is_some_and(|s| s == "super") {
                segments.remove(0);
                base.pop();
            }
            let mut names = vec![segments.clone()];
            if rest[end..].starts_with('{') {
                let group = &rest[end + 1..rest[end..].find('}').map_or(end, |g| end + g)];
                for name in group.split(',') {
                    let first = name.trim().split("::").next().unwrap_or("");
                    let first = first.split_whitespace().next().unwrap_or("");
                    if !first.is_empty() && first != "self" && first != "*" {
                        let mut n = segments.clone();
                        n.push(first.to_string());
                        names.push(n);
                    }
                }
            }
            for n in names {
                let full: Vec<String> = base.iter().cloned().chain(n).collect();
                let found = (1..=full.len())
                    .rev()
                    .map(|k| full[..k].to_vec())
                    .find(|m| modules.contains(m));
                match found {
                    Some(m) if m != me => {
                        out.insert(m);
                    }
                    // `crate::Template`, `crate::check_pairing`: an item of the crate root.
                    None if base.is_empty() && !full.is_empty() && !me.is_empty() => {
                        out.insert(Vec::new());
                    }
                    _ => {}
                }
            }
        }
    }
    out
}

#[test]
fn no_module_uses_a_module_that_uses_it() {
    let files: Vec<_> = sources()
        .into_iter()
        .filter(|(p, _)| !p.ends_with("main.rs"))
        .collect();
    let modules: BTreeSet<Vec<String>> = files.iter().map(|(p, _)| module_of(p)).collect();
    let graph: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = files
        .iter()
        .map(|(p, t)| (module_of(p), uses(p, &code_of(t), &modules)))
        .collect();
    let mut both = Vec::new();
    for (a, used) in &graph {
        for b in used {
            if a < b && graph.get(b).is_some_and(|u| u.contains(a)) {
                both.push(format!("{} <-> {}", a.join("::"), b.join("::")));
            }
        }
    }
    assert!(both.is_empty(), "modules that use each other: {both:?}");
    // The check sees real uses: the web layer's events use its state.
    assert!(graph
        .get(&module_of("src/web/events.rs"))
        .is_some_and(|u| u.contains(&module_of("src/web/state.rs"))));
    assert!(graph[&module_of("src/evaluate/mod.rs")].contains(&module_of("src/report/mod.rs")));
}

#[test]
fn no_source_file_is_too_long() {
    let long: Vec<String> = sources()
        .iter()
        .filter(|(_, t)| t.lines().count() > MAX_LINES)
        .map(|(p, t)| format!("{p}: {} lines", t.lines().count()))
        .collect();
    assert!(long.is_empty(), "split these by job: {long:?}");
}

#[test]
fn the_readme_layout_names_every_module() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let start = readme
        .find("## Layout")
        .expect("README has a Layout section");
    let table = &readme[start..];
    let table = &table[..table[3..].find("\n## ").map_or(table.len(), |k| k + 3)];
    let missing: Vec<String> = sources()
        .iter()
        .map(|(p, _)| p.clone())
        .filter(|p| p != "src/lib.rs")
        .filter(|p| !named(table, p))
        .collect();
    assert!(
        missing.is_empty(),
        "README's layout table does not name: {missing:?}"
    );
}

/// Whether the layout table names source file `p`: by its whole path, or in the row of a
/// folder above it, by its file name and the folders between (`src/web/` … `render/` …
/// `item.rs`).
fn named(table: &str, p: &str) -> bool {
    if table.contains(&format!("`{p}`")) {
        return true;
    }
    let parts: Vec<&str> = p.split('/').collect();
    (1..parts.len()).rev().any(|k| {
        let folder = format!("`{}/`", parts[..k].join("/"));
        table
            .lines()
            .filter(|row| row.contains(&folder))
            .any(|row| {
                let file = parts[parts.len() - 1];
                let inner = &parts[k..parts.len() - 1];
                row.contains(&format!("`{file}`"))
                    && inner.iter().all(|d| row.contains(&format!("`{d}/`")))
            })
    })
}

/// The module graph of `src/` (main.rs aside): each module and the modules it names.
fn module_graph() -> BTreeMap<Vec<String>, BTreeSet<Vec<String>>> {
    let files: Vec<_> = sources()
        .into_iter()
        .filter(|(p, _)| !p.ends_with("main.rs"))
        .collect();
    let modules: BTreeSet<Vec<String>> = files.iter().map(|(p, _)| module_of(p)).collect();
    files
        .iter()
        .map(|(p, t)| (module_of(p), uses(p, &code_of(t), &modules)))
        .collect()
}

/// The strongly connected components with more than one member (Tarjan's algorithm).
fn circles<N: Ord + Clone>(graph: &BTreeMap<N, BTreeSet<N>>) -> Vec<Vec<N>> {
    struct S<N> {
        index: BTreeMap<N, usize>,
        low: BTreeMap<N, usize>,
        stack: Vec<N>,
        on: BTreeSet<N>,
        out: Vec<Vec<N>>,
    }
    fn visit<N: Ord + Clone>(v: &N, g: &BTreeMap<N, BTreeSet<N>>, s: &mut S<N>) {
        let i = s.index.len();
        s.index.insert(v.clone(), i);
        s.low.insert(v.clone(), i);
        s.stack.push(v.clone());
        s.on.insert(v.clone());
        for w in g.get(v).into_iter().flatten() {
            if !s.index.contains_key(w) {
                visit(w, g, s);
                let lw = s.low[w];
                let lv = s.low.get_mut(v).unwrap();
                *lv = (*lv).min(lw);
            } else if s.on.contains(w) {
                let iw = s.index[w];
                let lv = s.low.get_mut(v).unwrap();
                *lv = (*lv).min(iw);
            }
        }
        if s.low[v] == s.index[v] {
            let mut comp = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on.remove(&w);
                let done = &w == v;
                comp.push(w);
                if done {
                    break;
                }
            }
            if comp.len() > 1 {
                comp.sort();
                s.out.push(comp);
            }
        }
    }
    let mut s = S {
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on: BTreeSet::new(),
        out: Vec::new(),
    };
    for v in graph.keys() {
        if !s.index.contains_key(v) {
            visit(v, graph, &mut s);
        }
    }
    s.out
}

#[test]
fn no_circle_of_any_length() {
    let found: Vec<String> = circles(&module_graph())
        .into_iter()
        .map(|c| {
            c.iter()
                .map(|m| m.join("::"))
                .collect::<Vec<_>>()
                .join(" → ")
        })
        .collect();
    assert!(found.is_empty(), "modules in a circle: {found:?}");
    // The check finds a circle when there is one.
    let g: BTreeMap<u8, BTreeSet<u8>> = [
        (1, [2].into()),
        (2, [3].into()),
        (3, [1].into()),
        (4, [1].into()),
    ]
    .into();
    assert_eq!(circles(&g), vec![vec![1, 2, 3]]);
}

#[test]
fn the_web_layer_never_unwraps() {
    // A panic in the wasm aborts the module for every element on the page: the web layer
    // turns every failure into a JS error instead.
    let found: Vec<String> = sources()
        .iter()
        .filter(|(p, _)| p.starts_with("src/web/"))
        .flat_map(|(p, t)| {
            code_of(t)
                .lines()
                .filter(|l| l.contains(".unwrap()") || l.contains(".expect("))
                .map(|l| format!("{p}: {}", l.trim()))
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(found.is_empty(), "{found:?}");
}

/// The element's JS modules (`www/src/*.js`) and the modules each imports.
fn js_graph() -> BTreeMap<String, BTreeSet<String>> {
    let mut graph = BTreeMap::new();
    for e in std::fs::read_dir("www/src").unwrap().flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if !name.ends_with(".js") {
            continue;
        }
        let text = std::fs::read_to_string(e.path()).unwrap();
        let mut deps = BTreeSet::new();
        for quote in ["'./", "\"./"] {
            let mut from = 0;
            while let Some(k) = text[from..].find(quote) {
                let start = from + k + 3;
                let end = text[start..].find(['\'', '"']).map_or(start, |e| start + e);
                let target = &text[start..end];
                let before = text[..from + k].trim_end();
                if target.ends_with(".js")
                    && !target.contains('/')
                    && (before.ends_with("from") || before.ends_with("import("))
                {
                    deps.insert(target.to_string());
                }
                from = end;
            }
        }
        graph.insert(name, deps);
    }
    graph
}

#[test]
fn the_elements_js_modules_import_in_one_direction() {
    let graph = js_graph();
    assert!(graph["readycheck.js"].contains("outbox.js"), "{graph:?}");
    assert!(
        graph["readycheck.js"].contains("fieldkit.js"),
        "the lazy import is seen"
    );
    let found = circles(&graph);
    assert!(found.is_empty(), "JS modules in a circle: {found:?}");
}

/// The layers of `src/`, lowest first: a module may name modules of its own layer or
/// below, never above. Text and limits know nothing of the rest; JSON reading and problem
/// reports build on them; expressions and the report's types on those; then the template,
/// the document (the assessment), the evaluation, the view (what the form and the report
/// show, as data), and the three hosts: the browser (web), the bureau's spreadsheets and
/// roll-up (bureau), the collect service (serve). The crate root only declares and
/// re-exports.
const LAYERS: &[&[&str]] = &[
    &["codes", "text", "limits"],
    &["json", "problem"],
    &["expr", "report"],
    &["template", "builtin"],
    &["document"],
    &["evaluate"],
    &["view"],
    &["web", "bureau", "serve"],
];

fn layer_of(module: &[String]) -> Option<usize> {
    let top = module.first()?;
    LAYERS.iter().position(|l| l.contains(&top.as_str()))
}

#[test]
fn every_arrow_points_down_the_declared_layers() {
    let graph = module_graph();
    let mut up = Vec::new();
    for (a, used) in &graph {
        if a.is_empty() {
            continue; // the crate root declares every module
        }
        let la = layer_of(a).unwrap_or_else(|| panic!("{} is in no layer of LAYERS", a.join("::")));
        for b in used {
            let lb = match layer_of(b) {
                Some(l) => l,
                None if b.is_empty() => usize::MAX, // the crate root: above everything
                None => panic!("{} is in no layer of LAYERS", b.join("::")),
            };
            if lb > la {
                up.push(format!("{} → {}", a.join("::"), b.join("::")));
            }
        }
    }
    assert!(up.is_empty(), "arrows that run up the layers: {up:?}");
    // The check sees arrows: the web layer uses the view, which is below it.
    assert!(graph[&module_of("src/web/render/mod.rs")]
        .iter()
        .any(|m| layer_of(m) == layer_of(&module_of("src/view/mod.rs"))));
}

/// The element's JS modules in layers, lowest first: the device storage, then what moves
/// bytes through it (drafts, the outbox, the collect service), then the field kit loaded
/// on first use, then the entry module. A module imports only from layers below its own.
const JS_LAYERS: &[&[&str]] = &[
    &["store.js"],
    &["drafts.js", "outbox.js", "service.js"],
    &["fieldkit.js"],
    &["readycheck.js"],
];

#[test]
fn the_elements_js_modules_import_down_the_declared_layers() {
    let graph = js_graph();
    let layer = |m: &str| {
        JS_LAYERS
            .iter()
            .position(|l| l.contains(&m))
            .unwrap_or_else(|| panic!("www/src/{m} is in no layer of JS_LAYERS"))
    };
    let mut up = Vec::new();
    for (a, deps) in &graph {
        for b in deps {
            if layer(b) >= layer(a) {
                up.push(format!("{a} → {b}"));
            }
        }
    }
    assert!(up.is_empty(), "imports that do not point down: {up:?}");
    assert!(
        graph["fieldkit.js"].contains("outbox.js"),
        "the check sees imports"
    );
}
