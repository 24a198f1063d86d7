//! Loading and linting a template (§1.3): every check runs and every problem is reported
//! at once, each with a JSON pointer, a stable code and a message.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::graph;
use super::{
    Grading, Item, Kind, Message, Node, Opt, Piece, Required, Rule, Section, Target, Template,
};
use crate::expr::check::{self, Scope, Ty};
use crate::expr::{parse, Expr, ExprError, Slot};
use crate::locale::{Text, DEFAULT_LOCALE};
use crate::problem::{pointer, LoadError, Problem, Severity};
use crate::{canonical, date, number};

/// The `format` every template declares.
pub const FORMAT: &str = "readycheck/1";

/// Parses and loads a template from JSON text.
pub fn load(json: &str) -> Result<Template, LoadError> {
    let v: Value = crate::json::parse(json).map_err(|e| {
        let message = format!("malformed JSON: {e}");
        LoadError {
            code: "json",
            problems: vec![Problem {
                severity: Severity::Error,
                pointer: String::new(),
                code: "json",
                message: message.clone(),
            }],
            message,
        }
    })?;
    load_value(v)
}

/// Lints JSON text: every problem, errors and warnings, in the order found.
pub fn lint(json: &str) -> Vec<Problem> {
    match load(json) {
        Ok(t) => t.warnings,
        Err(e) => e.problems,
    }
}

/// Loads a template from parsed JSON.
pub fn load_value(v: Value) -> Result<Template, LoadError> {
    let mut l = Loader::default();
    let t = l.template(&v);
    let errors = l
        .problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .count();
    match t {
        Some(mut t) if errors == 0 => {
            t.sha256 = canonical::sha256(&v);
            t.deps = super::deps::Deps::build(&t);
            // serde_json's map keeps keys in order: inserting into one sorts the ids
            // without adding another sort routine to the wasm.
            let mut ids = Map::new();
            for (i, it) in t.items.iter().enumerate() {
                ids.insert(it.id.clone(), Value::from(i));
            }
            t.by_id = ids
                .values()
                .filter_map(Value::as_u64)
                .map(|i| i as usize)
                .collect();
            t.json = v;
            t.warnings = l.problems;
            Ok(t)
        }
        _ => {
            let format_problem = l.problems.iter().find(|p| p.code == "format");
            let (code, message) = match format_problem {
                Some(p) => ("format", p.message.clone()),
                None => {
                    let first = l.problems.iter().find(|p| p.severity == Severity::Error);
                    let more = if errors > 1 {
                        format!(" (and {} more)", errors - 1)
                    } else {
                        String::new()
                    };
                    (
                        "lint",
                        first.map_or("template does not load".to_string(), |p| {
                            format!("template fails lint: {p}{more}")
                        }),
                    )
                }
            };
            Err(LoadError {
                code,
                message,
                problems: l.problems,
            })
        }
    }
}

const TEMPLATE_KEYS: &[&str] = &[
    "format",
    "id",
    "version",
    "title",
    "description",
    "default_locale",
    "grading",
    "sections",
    "rules",
];
const SECTION_KEYS: &[&str] = &[
    "id",
    "title",
    "help",
    "description",
    "weight",
    "pass",
    "visible_if",
    "items",
    "tags",
];
const ITEM_KEYS: &[&str] = &[
    "id",
    "type",
    "title",
    "help",
    "source",
    "visible_if",
    "required",
    "critical",
    "tags",
];
const RULE_KEYS: &[&str] = &[
    "id", "title", "section", "when", "assert", "points", "critical", "message", "source", "tags",
    "help",
];
const OPTION_KEYS: &[&str] = &["value", "label", "points", "fail", "help"];

fn extra_keys(kind: &str) -> &'static [&'static str] {
    match kind {
        "yesno" => &["points", "na"],
        "choice" => &["options"],
        "multi" => &["options", "min_count", "max_count"],
        "number" => &["min", "max", "integer", "unit"],
        "date" => &["min", "max"],
        "text" => &["max_length", "multiline"],
        "computed" => &["expr", "unit"],
        "repeat" => &["items", "min_rows", "max_rows"],
        _ => &[],
    }
}

/// Where each expression of the template sits, to check it after names are known.
#[derive(Clone, Copy)]
enum Loc {
    Item(usize),
    Child(usize, usize),
}

#[derive(Default)]
struct Loader {
    problems: Vec<Problem>,
    default_locale: String,
    index: HashMap<String, Target>,
    item_ptrs: Vec<String>,
}

fn is_template_id(s: &str) -> bool {
    let mut cs = s.chars();
    matches!(cs.next(), Some(c) if c.is_ascii_lowercase() || c.is_ascii_digit())
        && cs.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
}

fn is_name(s: &str) -> bool {
    let mut cs = s.chars();
    matches!(cs.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && cs.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

impl Loader {
    fn push(&mut self, severity: Severity, ptr: &str, code: &'static str, message: String) {
        self.problems.push(Problem {
            severity,
            pointer: ptr.to_string(),
            code,
            message,
        });
    }

    fn err(&mut self, ptr: &str, code: &'static str, message: impl Into<String>) {
        self.push(Severity::Error, ptr, code, message.into());
    }

    fn warn(&mut self, ptr: &str, code: &'static str, message: impl Into<String>) {
        self.push(Severity::Warning, ptr, code, message.into());
    }

    fn unknown_keys(&mut self, obj: &Map<String, Value>, ptr: &str, known: &[&[&str]]) {
        for k in obj.keys() {
            if !known.iter().any(|ks| ks.contains(&k.as_str())) {
                self.warn(
                    &pointer(ptr, k),
                    "unknown_key",
                    format!("unknown key `{k}` is ignored"),
                );
            }
        }
    }

    fn object<'v>(
        &mut self,
        v: &'v Value,
        ptr: &str,
        what: &str,
    ) -> Option<&'v Map<String, Value>> {
        let o = v.as_object();
        if o.is_none() {
            self.err(ptr, "structure", format!("{what} must be a JSON object"));
        }
        o
    }

    fn text(
        &mut self,
        o: &Map<String, Value>,
        key: &str,
        ptr: &str,
        required: bool,
    ) -> Option<Text> {
        let p = pointer(ptr, key);
        match o.get(key) {
            None | Some(Value::Null) => {
                if required {
                    self.err(
                        &p,
                        "structure",
                        format!("`{key}` is required (a locale string)"),
                    );
                }
                None
            }
            Some(v) => match Text::from_json(v) {
                Some(t) => {
                    if t.lacks(&self.default_locale) {
                        let dl = self.default_locale.clone();
                        self.warn(
                            &p,
                            "missing_locale",
                            format!("no text for the default locale `{dl}`"),
                        );
                    }
                    Some(t)
                }
                None => {
                    self.err(
                        &p,
                        "structure",
                        format!("`{key}` must be a string or an object of strings keyed by locale"),
                    );
                    None
                }
            },
        }
    }

    /// Reads `key` with `extract`: absent or null is `None`; any other JSON type is a
    /// `structure` error saying what was expected.
    fn field<T>(
        &mut self,
        o: &Map<String, Value>,
        key: &str,
        ptr: &str,
        what: &str,
        extract: impl Fn(&Value) -> Option<T>,
    ) -> Option<T> {
        let v = o.get(key).filter(|v| !v.is_null())?;
        let x = extract(v);
        if x.is_none() {
            self.err(
                &pointer(ptr, key),
                "structure",
                format!("`{key}` must be {what}"),
            );
        }
        x
    }

    fn string(&mut self, o: &Map<String, Value>, key: &str, ptr: &str) -> Option<String> {
        self.field(o, key, ptr, "a string", |v| v.as_str().map(str::to_owned))
    }

    fn boolean(&mut self, o: &Map<String, Value>, key: &str, ptr: &str) -> bool {
        self.field(o, key, ptr, "true or false", Value::as_bool)
            .unwrap_or(false)
    }

    fn number(&mut self, o: &Map<String, Value>, key: &str, ptr: &str) -> Option<f64> {
        self.field(o, key, ptr, "a number", Value::as_f64)
    }

    /// A count (min_rows, max_length, …): a whole number ≥ 0.
    fn count(&mut self, o: &Map<String, Value>, key: &str, ptr: &str) -> Option<f64> {
        let n = self.number(o, key, ptr)?;
        if n < 0.0 || n.fract() != 0.0 {
            self.err(
                &pointer(ptr, key),
                "range",
                format!("`{key}` must be a whole number ≥ 0"),
            );
            return None;
        }
        Some(n)
    }

    /// Points: ≥ 0 with at most two decimals; returned in hundredths.
    fn points(&mut self, o: &Map<String, Value>, key: &str, ptr: &str) -> Option<i64> {
        let n = self.number(o, key, ptr)?;
        let p = pointer(ptr, key);
        if n < 0.0 {
            self.err(
                &p,
                "negative",
                format!("points must be ≥ 0, not {}", number::shortest(n)),
            );
            None
        } else if !number::has_two_decimals(n) || n > 1e12 {
            self.err(
                &p,
                "precision",
                format!(
                    "points have at most two decimals (and stay below 10^12), not {}",
                    number::shortest(n)
                ),
            );
            None
        } else {
            Some((n * 100.0).round() as i64)
        }
    }

    fn id(&mut self, o: &Map<String, Value>, ptr: &str, target: Target) -> String {
        let p = pointer(ptr, "id");
        match o.get("id") {
            Some(Value::String(s)) if is_name(s) => {
                if self.index.contains_key(s) {
                    self.err(
                        &p,
                        "duplicate_id",
                        format!("id `{s}` is used more than once"),
                    );
                } else {
                    self.index.insert(s.clone(), target);
                }
                s.clone()
            }
            Some(Value::String(s)) => {
                self.err(
                    &p,
                    "id",
                    format!("id `{s}` must match [A-Za-z_][A-Za-z0-9_]*"),
                );
                s.clone()
            }
            None | Some(Value::Null) => {
                self.err(&p, "id", "`id` is required");
                String::new()
            }
            Some(_) => {
                self.err(&p, "id", "`id` must be a string");
                String::new()
            }
        }
    }

    fn expr(&mut self, o: &Map<String, Value>, key: &str, ptr: &str) -> Option<Expr> {
        let p = pointer(ptr, key);
        match o.get(key) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => self.parse_at(s, &p),
            Some(_) => {
                self.err(
                    &p,
                    "structure",
                    format!("`{key}` must be an expression string"),
                );
                None
            }
        }
    }

    fn parse_at(&mut self, src: &str, ptr: &str) -> Option<Expr> {
        match parse(src) {
            Ok(e) => Some(e),
            Err(ExprError { code, message }) => {
                self.err(ptr, code, message);
                None
            }
        }
    }

    fn template(&mut self, v: &Value) -> Option<Template> {
        let o = self.object(v, "", "a template")?;
        match o.get("format") {
            Some(Value::String(f)) if f == FORMAT => {}
            Some(Value::String(f)) => self.err(
                "/format",
                "format",
                format!("format is `{f}`, expected `{FORMAT}`"),
            ),
            _ => self.err(
                "/format",
                "format",
                format!("`format` must be \"{FORMAT}\""),
            ),
        }
        self.default_locale = match o.get("default_locale") {
            None | Some(Value::Null) => DEFAULT_LOCALE.into(),
            Some(Value::String(s)) if !s.is_empty() => s.clone(),
            Some(_) => {
                self.err(
                    "/default_locale",
                    "structure",
                    "`default_locale` must be a locale tag such as \"zh-CN\"",
                );
                DEFAULT_LOCALE.into()
            }
        };
        self.unknown_keys(o, "", &[TEMPLATE_KEYS]);
        let id = match o.get("id") {
            Some(Value::String(s)) if is_template_id(s) => s.clone(),
            Some(Value::String(s)) => {
                self.err(
                    "/id",
                    "id",
                    format!("template id `{s}` must match [a-z0-9][a-z0-9_-]*"),
                );
                s.clone()
            }
            _ => {
                self.err("/id", "id", "template `id` is required (a string)");
                String::new()
            }
        };
        let version = match o.get("version") {
            Some(Value::String(s)) if !s.is_empty() => s.clone(),
            _ => {
                self.err(
                    "/version",
                    "structure",
                    "`version` is required (a non-empty string)",
                );
                String::new()
            }
        };
        let title = self.text(o, "title", "", true).unwrap_or_default();
        let description = self.text(o, "description", "", false);
        let grading = self.grading(o.get("grading"));

        let mut sections = Vec::new();
        let mut items = Vec::new();
        match o.get("sections") {
            Some(Value::Array(a)) => {
                for (si, sv) in a.iter().enumerate() {
                    let sp = format!("/sections/{si}");
                    if let Some(s) = self.section(sv, &sp, sections.len(), &mut items) {
                        sections.push(s);
                    }
                }
            }
            _ => self.err(
                "/sections",
                "structure",
                "`sections` is required (an array)",
            ),
        }
        let mut rules = Vec::new();
        match o.get("rules") {
            None | Some(Value::Null) => {}
            Some(Value::Array(a)) => {
                for (ri, rv) in a.iter().enumerate() {
                    if let Some(r) = self.rule(rv, &format!("/rules/{ri}"), rules.len(), &sections)
                    {
                        rules.push(r);
                    }
                }
            }
            Some(_) => self.err("/rules", "structure", "`rules` must be an array"),
        }
        for (ri, r) in rules.iter().enumerate() {
            if let Some(s) = r.section {
                sections[s].rules.push(ri);
            }
        }

        let order = self.resolve(&mut sections, &mut items, &mut rules);
        self.section_warnings(&sections, &items, &rules);
        Some(Template {
            id,
            version,
            title,
            description,
            default_locale: self.default_locale.clone(),
            grading,
            sections,
            items,
            rules,
            order,
            warnings: Vec::new(),
            json: Value::Null,
            sha256: String::new(),
            index: std::mem::take(&mut self.index),
            deps: Default::default(),
            by_id: Vec::new(),
        })
    }

    fn grading(&mut self, v: Option<&Value>) -> Grading {
        let mut g = Grading {
            ready: 90.0,
            conditional: 75.0,
        };
        let Some(v) = v.filter(|v| !v.is_null()) else {
            return g;
        };
        let Some(o) = self.object(v, "/grading", "`grading`") else {
            return g;
        };
        self.unknown_keys(o, "/grading", &[&["ready", "conditional"]]);
        if let Some(r) = self.number(o, "ready", "/grading") {
            g.ready = r;
        }
        if let Some(c) = self.number(o, "conditional", "/grading") {
            g.conditional = c;
        }
        if !(0.0 <= g.conditional && g.conditional <= g.ready && g.ready <= 100.0) {
            self.err(
                "/grading",
                "grading",
                format!(
                    "grading needs 0 ≤ conditional ≤ ready ≤ 100; got conditional {} and ready {}",
                    number::shortest(g.conditional),
                    number::shortest(g.ready)
                ),
            );
        }
        g
    }

    fn section(
        &mut self,
        v: &Value,
        ptr: &str,
        si: usize,
        items: &mut Vec<Item>,
    ) -> Option<Section> {
        let o = self.object(v, ptr, "a section")?;
        self.unknown_keys(o, ptr, &[SECTION_KEYS]);
        let id = self.id(o, ptr, Target::Section(si));
        let title = self.text(o, "title", ptr, true).unwrap_or_default();
        let help = self
            .text(o, "help", ptr, false)
            .or_else(|| self.text(o, "description", ptr, false));
        let weight = self.number(o, "weight", ptr).unwrap_or(1.0);
        if weight < 0.0 {
            self.err(
                &pointer(ptr, "weight"),
                "negative",
                format!("weight must be ≥ 0, not {}", number::shortest(weight)),
            );
        }
        let pass = self.number(o, "pass", ptr);
        if let Some(p) = pass {
            if !(0.0..=100.0).contains(&p) {
                self.err(
                    &pointer(ptr, "pass"),
                    "range",
                    format!(
                        "pass is a percentage from 0 to 100, not {}",
                        number::shortest(p)
                    ),
                );
            }
        }
        let visible_if = self.expr(o, "visible_if", ptr);
        let start = items.len();
        match o.get("items") {
            Some(Value::Array(a)) => {
                for (ii, iv) in a.iter().enumerate() {
                    let ip = format!("{ptr}/items/{ii}");
                    let target = Target::Item(items.len());
                    if let Some(item) = self.item(iv, &ip, si, target, None) {
                        self.item_ptrs.push(ip);
                        items.push(item);
                    }
                }
            }
            _ => self.err(
                &pointer(ptr, "items"),
                "structure",
                "`items` is required (an array)",
            ),
        }
        Some(Section {
            id,
            title,
            help,
            weight: weight.max(0.0),
            pass,
            visible_if,
            items: start..items.len(),
            rules: Vec::new(),
        })
    }

    fn options(&mut self, o: &Map<String, Value>, ptr: &str) -> Vec<Opt> {
        let p = pointer(ptr, "options");
        let Some(Value::Array(a)) = o.get("options") else {
            self.err(
                &p,
                "options",
                "a choice needs `options` (a non-empty array)",
            );
            return Vec::new();
        };
        if a.is_empty() {
            self.err(&p, "options", "a choice needs at least one option");
        }
        let mut out: Vec<Opt> = Vec::new();
        // Seen values in a set: a search of `out` per option was quadratic (100,000
        // options took 25 s to lint).
        let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
        for (i, ov) in a.iter().enumerate() {
            let op = format!("{p}/{i}");
            let Some(oo) = self.object(ov, &op, "an option") else {
                continue;
            };
            self.unknown_keys(oo, &op, &[OPTION_KEYS]);
            let value = match oo.get("value") {
                Some(Value::String(s)) => s,
                _ => {
                    self.err(
                        &pointer(&op, "value"),
                        "options",
                        "an option needs a string `value`",
                    );
                    continue;
                }
            };
            if !seen.insert(value) {
                self.err(
                    &pointer(&op, "value"),
                    "options",
                    format!("option value {} appears twice", crate::text::quote(value)),
                );
            }
            let value = value.clone();
            let label = self
                .text(oo, "label", &op, false)
                .unwrap_or_else(|| Text::Plain(value.clone()));
            let points = self.points(oo, "points", &op);
            let fail = self.boolean(oo, "fail", &op);
            out.push(Opt {
                value,
                label,
                points,
                fail,
            });
        }
        out
    }

    fn item(
        &mut self,
        v: &Value,
        ptr: &str,
        si: usize,
        target: Target,
        in_repeat: Option<usize>,
    ) -> Option<Item> {
        let o = self.object(v, ptr, "an item")?;
        let id = self.id(o, ptr, target);
        let ty = match o.get("type") {
            Some(Value::String(s)) => s.as_str(),
            _ => {
                self.err(&pointer(ptr, "type"), "item_type", "`type` is required: yesno, choice, multi, number, date, text, computed or repeat");
                ""
            }
        };
        self.unknown_keys(o, ptr, &[ITEM_KEYS, extra_keys(ty)]);
        let title = self.text(o, "title", ptr, true).unwrap_or_default();
        let help = self.text(o, "help", ptr, false);
        let source = self.string(o, "source", ptr);
        let tags = match o.get("tags") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(a)) if a.iter().all(Value::is_string) => a
                .iter()
                .filter_map(|t| t.as_str().map(str::to_owned))
                .collect(),
            Some(_) => {
                self.err(
                    &pointer(ptr, "tags"),
                    "structure",
                    "`tags` must be an array of strings",
                );
                Vec::new()
            }
        };
        let visible_if = self.expr(o, "visible_if", ptr);
        let critical = self.boolean(o, "critical", ptr);
        let kind = match ty {
            "yesno" => {
                let points = self.points(o, "points", ptr).unwrap_or(100);
                let na = self.boolean(o, "na", ptr);
                if critical && na {
                    self.warn(&pointer(ptr, "na"), "critical_na", format!("critical item `{id}` may be answered \"na\", which would let it skip the veto"));
                }
                Kind::YesNo { points, na }
            }
            "choice" => Kind::Choice {
                options: self.options(o, ptr),
            },
            "multi" => {
                let options = self.options(o, ptr);
                let min_count = self.count(o, "min_count", ptr);
                let max_count = self.count(o, "max_count", ptr);
                self.check_range(ptr, "min_count", min_count, max_count);
                Kind::Multi {
                    options,
                    min_count,
                    max_count,
                }
            }
            "number" => {
                let min = self.number(o, "min", ptr);
                let max = self.number(o, "max", ptr);
                self.check_range(ptr, "min", min, max);
                let integer = self.boolean(o, "integer", ptr);
                let unit = self.text(o, "unit", ptr, false);
                Kind::Number {
                    min,
                    max,
                    integer,
                    unit,
                }
            }
            "date" => {
                let mut bound = |key: &str| match o.get(key) {
                    None | Some(Value::Null) => None,
                    Some(Value::String(s)) if date::parse(s).is_some() => date::parse(s),
                    Some(_) => {
                        self.err(
                            &pointer(ptr, key),
                            "structure",
                            format!("`{key}` must be a \"YYYY-MM-DD\" date"),
                        );
                        None
                    }
                };
                let (min, max) = (bound("min"), bound("max"));
                if let (Some(a), Some(b)) = (min, max) {
                    if a > b {
                        self.err(&pointer(ptr, "min"), "range", "`min` is after `max`");
                    }
                }
                Kind::Date { min, max }
            }
            "text" => {
                let max_length = self.count(o, "max_length", ptr);
                let multiline = self.boolean(o, "multiline", ptr);
                Kind::Text {
                    max_length,
                    multiline,
                }
            }
            "computed" => {
                let unit = self.text(o, "unit", ptr, false);
                let expr = match o.get("expr") {
                    Some(Value::String(s)) => self.parse_at(s, &pointer(ptr, "expr")),
                    _ => {
                        self.err(
                            &pointer(ptr, "expr"),
                            "structure",
                            "a computed item needs `expr` (an expression string)",
                        );
                        None
                    }
                };
                Kind::Computed {
                    expr: expr.unwrap_or(Expr::Lit(crate::expr::Val::Null)),
                    unit,
                }
            }
            "repeat" if in_repeat.is_some() => {
                self.err(
                    &pointer(ptr, "type"),
                    "item_type",
                    "a repeat row cannot hold a `repeat` item",
                );
                Kind::Text {
                    max_length: None,
                    multiline: false,
                }
            }
            "repeat" => {
                // Top-level items are registered as Target::Item; nothing else gets here.
                let Target::Item(ri) = target else {
                    return None;
                };
                let min_rows = self.count(o, "min_rows", ptr);
                let max_rows = self.count(o, "max_rows", ptr);
                self.check_range(ptr, "min_rows", min_rows, max_rows);
                let mut children = Vec::new();
                match o.get("items") {
                    Some(Value::Array(a)) => {
                        for (ci, cv) in a.iter().enumerate() {
                            let cp = format!("{ptr}/items/{ci}");
                            let t = Target::Child {
                                repeat: ri,
                                child: children.len(),
                            };
                            if let Some(c) = self.item(cv, &cp, si, t, Some(ri)) {
                                children.push(c);
                            }
                        }
                    }
                    _ => self.err(
                        &pointer(ptr, "items"),
                        "structure",
                        "a repeat needs `items` (an array of child items)",
                    ),
                }
                Kind::Repeat {
                    children,
                    min_rows,
                    max_rows,
                    order: Vec::new(),
                }
            }
            "" => Kind::Text {
                max_length: None,
                multiline: false,
            },
            other => {
                self.err(
                    &pointer(ptr, "type"),
                    "item_type",
                    format!("unknown item type `{other}`"),
                );
                Kind::Text {
                    max_length: None,
                    multiline: false,
                }
            }
        };
        if in_repeat.is_some() && ty == "computed" {
            self.err(
                &pointer(ptr, "type"),
                "item_type",
                "a repeat row cannot hold a `computed` item",
            );
        }
        let required = match o.get("required") {
            None | Some(Value::Null) => {
                if matches!(
                    kind,
                    Kind::YesNo { .. }
                        | Kind::Choice { .. }
                        | Kind::Number { .. }
                        | Kind::Date { .. }
                ) {
                    Required::Always
                } else {
                    Required::Never
                }
            }
            Some(Value::Bool(true)) => Required::Always,
            Some(Value::Bool(false)) => Required::Never,
            Some(Value::String(s)) => self
                .parse_at(s, &pointer(ptr, "required"))
                .map_or(Required::Never, Required::If),
            Some(_) => {
                self.err(
                    &pointer(ptr, "required"),
                    "structure",
                    "`required` must be true, false or an expression",
                );
                Required::Never
            }
        };
        Some(Item {
            id,
            title,
            help,
            source,
            tags,
            visible_if,
            required,
            critical,
            section: si,
            kind,
        })
    }

    fn check_range(&mut self, ptr: &str, key: &str, lo: Option<f64>, hi: Option<f64>) {
        if let (Some(a), Some(b)) = (lo, hi) {
            if a > b {
                self.err(
                    &pointer(ptr, key),
                    "range",
                    format!(
                        "{} is above the maximum {}",
                        number::shortest(a),
                        number::shortest(b)
                    ),
                );
            }
        }
    }

    fn rule(&mut self, v: &Value, ptr: &str, ri: usize, sections: &[Section]) -> Option<Rule> {
        let o = self.object(v, ptr, "a rule")?;
        self.unknown_keys(o, ptr, &[RULE_KEYS]);
        let id = self.id(o, ptr, Target::Rule(ri));
        let section = match self.string(o, "section", ptr) {
            None => None,
            Some(s) => {
                let found = sections.iter().position(|x| x.id == s);
                if found.is_none() {
                    self.err(
                        &pointer(ptr, "section"),
                        "unknown_name",
                        format!("no section has id `{s}`"),
                    );
                }
                found
            }
        };
        let title = self.text(o, "title", ptr, false);
        let when = self.expr(o, "when", ptr);
        if when.as_ref().is_some_and(Expr::is_constant) {
            self.warn(
                &pointer(ptr, "when"),
                "constant_when",
                "`when` reads no item: the rule always or never applies",
            );
        }
        let assert = match o.get("assert") {
            Some(Value::String(s)) => self.parse_at(s, &pointer(ptr, "assert")),
            _ => {
                self.err(
                    &pointer(ptr, "assert"),
                    "structure",
                    "a rule needs `assert` (an expression string)",
                );
                None
            }
        };
        let points = self.points(o, "points", ptr);
        let critical = self.boolean(o, "critical", ptr);
        let source = self.string(o, "source", ptr);
        let tags = o
            .get("tags")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|t| t.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        let message = self.text(o, "message", ptr, false).map(|text| {
            let mp = pointer(ptr, "message");
            let pieces = match &text {
                Text::Plain(s) => vec![self.placeholders(s, &mp)],
                Text::Map(entries) => entries
                    .iter()
                    .map(|(k, s)| self.placeholders(s, &pointer(&mp, k)))
                    .collect(),
            };
            Message { text, pieces }
        });
        Some(Rule {
            id,
            title,
            section,
            when,
            assert: assert.unwrap_or(Expr::Lit(crate::expr::Val::Null)),
            points,
            critical,
            message,
            source,
            tags,
        })
    }

    /// Splits a message into literal text and `{expression}` placeholders.
    fn placeholders(&mut self, s: &str, ptr: &str) -> Vec<Piece> {
        let mut out = Vec::new();
        let mut lit = String::new();
        let mut chars = s.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '{' if chars.peek() == Some(&'{') => {
                    chars.next();
                    lit.push('{');
                }
                '}' if chars.peek() == Some(&'}') => {
                    chars.next();
                    lit.push('}');
                }
                '{' => {
                    let mut src = String::new();
                    let mut quote: Option<char> = None;
                    let mut closed = false;
                    while let Some(c) = chars.next() {
                        match (quote, c) {
                            (None, '}') => {
                                closed = true;
                                break;
                            }
                            (None, '\'' | '"') => quote = Some(c),
                            (Some(q), _) if c == q => quote = None,
                            (Some(_), '\\') => {
                                src.push(c);
                                if let Some(n) = chars.next() {
                                    src.push(n);
                                }
                                continue;
                            }
                            _ => {}
                        }
                        src.push(c);
                    }
                    if !closed {
                        self.err(
                            ptr,
                            "parse",
                            "a `{` placeholder is not closed (write `{{` for a literal brace)",
                        );
                        return out;
                    }
                    if !lit.is_empty() {
                        out.push(Piece::Lit(std::mem::take(&mut lit)));
                    }
                    match parse(&src) {
                        Ok(e) => out.push(Piece::Expr(e)),
                        Err(e) => {
                            self.err(ptr, e.code, format!("placeholder {{{src}}}: {}", e.message))
                        }
                    }
                }
                '}' => {
                    self.err(
                        ptr,
                        "parse",
                        "a lone `}` in a message (write `}}` for a literal brace)",
                    );
                    return out;
                }
                _ => lit.push(c),
            }
        }
        if !lit.is_empty() {
            out.push(Piece::Lit(lit));
        }
        out
    }

    /// Orders sections and items by what they read, reports cycles, then resolves names
    /// and checks types in that order (a computed item's type is known before it is read).
    fn resolve(
        &mut self,
        sections: &mut [Section],
        items: &mut [Item],
        rules: &mut [Rule],
    ) -> Vec<Node> {
        let ns = sections.len();
        let node_of = |index: &HashMap<String, Target>, id: &str| -> Option<usize> {
            match index.get(id)? {
                Target::Item(i) | Target::Child { repeat: i, .. } => Some(ns + i),
                _ => None,
            }
        };
        let mut deps: Vec<Vec<usize>> = vec![Vec::new(); ns + items.len()];
        for (si, s) in sections.iter().enumerate() {
            if let Some(e) = &s.visible_if {
                e.names(&mut |n| deps[si].extend(node_of(&self.index, &n.id)));
            }
        }
        for (i, it) in items.iter().enumerate() {
            let d = &mut deps[ns + i];
            d.push(it.section);
            let mut add = |e: &Expr| e.names(&mut |n| d.extend(node_of(&self.index, &n.id)));
            for_each_expr(it, &mut add);
            if let Kind::Repeat { children, .. } = &it.kind {
                for c in children {
                    for_each_expr(c, &mut |e: &Expr| {
                        e.names(&mut |n| {
                            // Siblings are ordered within the row, not in this graph.
                            if !matches!(self.index.get(&n.id), Some(Target::Child { repeat, .. }) if *repeat == i) {
                                d.extend(node_of(&self.index, &n.id));
                            }
                        })
                    });
                }
            }
        }
        let order = match graph::order(&deps) {
            Ok(o) => o,
            Err(cycle) => {
                let names: Vec<String> = cycle
                    .iter()
                    .map(|&n| {
                        if n < ns {
                            sections[n].id.clone()
                        } else {
                            items[n - ns].id.clone()
                        }
                    })
                    .collect();
                for &n in &cycle {
                    let (ptr, id) = if n < ns {
                        (format!("/sections/{n}/visible_if"), &sections[n].id)
                    } else {
                        (self.item_ptrs[n - ns].clone(), &items[n - ns].id)
                    };
                    self.err(&ptr, "cycle", format!("`{id}` depends on itself through visible_if, required or computed references ({})", names.join(", ")));
                }
                (0..deps.len()).collect()
            }
        };

        let index = std::mem::take(&mut self.index);
        let mut scope = Names::new(items, &index);
        for &n in &order {
            if n < ns {
                let ptr = format!("/sections/{n}/visible_if");
                if let Some(e) = sections[n].visible_if.as_mut() {
                    self.check_bool(e, &scope, None, &ptr);
                }
                continue;
            }
            let i = n - ns;
            let ty = self.check_item(&mut items[i], &scope, Loc::Item(i));
            if let Some(ty) = ty {
                scope.tys[i] = ty;
            }
        }
        for (ri, r) in rules.iter_mut().enumerate() {
            let p = format!("/rules/{ri}");
            if let Some(e) = r.when.as_mut() {
                self.check_bool(e, &scope, None, &pointer(&p, "when"));
            }
            self.check_bool(&mut r.assert, &scope, None, &pointer(&p, "assert"));
            if let Some(m) = r.message.as_mut() {
                let keys: Vec<String> = match &m.text {
                    Text::Plain(_) => vec![String::new()],
                    Text::Map(e) => e.iter().map(|(k, _)| k.clone()).collect(),
                };
                for (pieces, k) in m.pieces.iter_mut().zip(keys) {
                    let mp = if k.is_empty() {
                        pointer(&p, "message")
                    } else {
                        pointer(&pointer(&p, "message"), &k)
                    };
                    for piece in pieces.iter_mut() {
                        if let Piece::Expr(e) = piece {
                            self.check_at(e, &scope, None, &mp);
                        }
                    }
                }
            }
        }
        drop(scope);
        self.index = index;
        order
            .into_iter()
            .map(|n| {
                if n < ns {
                    Node::Section(n)
                } else {
                    Node::Item(n - ns)
                }
            })
            .collect()
    }

    fn loc_ptr(&self, loc: Loc) -> String {
        match loc {
            Loc::Item(i) => self.item_ptrs[i].clone(),
            Loc::Child(i, c) => format!("{}/items/{c}", self.item_ptrs[i]),
        }
    }

    /// Checks an item's expressions; returns the type its name has in other expressions.
    fn check_item(&mut self, it: &mut Item, scope: &Names, loc: Loc) -> Option<Ty> {
        let ptr = self.loc_ptr(loc);
        let rep = match loc {
            Loc::Child(r, _) => Some(r),
            _ => None,
        };
        if let Some(e) = it.visible_if.as_mut() {
            self.check_bool(e, scope, rep, &pointer(&ptr, "visible_if"));
        }
        if let Required::If(e) = &mut it.required {
            self.check_bool(e, scope, rep, &pointer(&ptr, "required"));
        }
        match &mut it.kind {
            Kind::Computed { expr, .. } => self.check_at(expr, scope, rep, &pointer(&ptr, "expr")),
            Kind::Repeat {
                children, order, ..
            } => {
                let Loc::Item(ri) = loc else { return None };
                let mut deps = vec![Vec::new(); children.len()];
                for (ci, c) in children.iter().enumerate() {
                    for_each_expr(c, &mut |e: &Expr| {
                        e.names(&mut |n| {
                            if let Some(Target::Child { repeat, child }) = scope.index.get(&n.id) {
                                if *repeat == ri {
                                    deps[ci].push(*child);
                                }
                            }
                        })
                    });
                }
                *order = match graph::order(&deps) {
                    Ok(o) => o,
                    Err(cycle) => {
                        for &c in &cycle {
                            self.err(&format!("{ptr}/items/{c}"), "cycle", format!("`{}` depends on itself through visible_if or required references within its row", children[c].id));
                        }
                        (0..children.len()).collect()
                    }
                };
                for &ci in order.iter() {
                    self.check_item(&mut children[ci], scope, Loc::Child(ri, ci));
                }
                Some(Ty::Repeat)
            }
            _ => None,
        }
    }

    fn check_at(
        &mut self,
        e: &mut Expr,
        scope: &Names,
        rep: Option<usize>,
        ptr: &str,
    ) -> Option<Ty> {
        let mut warnings = Vec::new();
        let r = check::check(e, scope, rep, &mut warnings);
        for w in warnings {
            self.warn(ptr, "unknown_value", w);
        }
        match r {
            Ok(t) => Some(t),
            Err(ExprError { code, message }) => {
                self.err(ptr, code, message);
                None
            }
        }
    }

    fn check_bool(&mut self, e: &mut Expr, scope: &Names, rep: Option<usize>, ptr: &str) {
        if let Some(t) = self.check_at(e, scope, rep, ptr) {
            if !matches!(t, Ty::Bool | Ty::Null) {
                self.err(
                    ptr,
                    "type",
                    format!("a condition must be true or false, not a {}", t.name()),
                );
            }
        }
    }

    fn section_warnings(&mut self, sections: &[Section], items: &[Item], rules: &[Rule]) {
        for (si, s) in sections.iter().enumerate() {
            let max: i64 = items[s.items.clone()]
                .iter()
                .filter_map(Item::max_points)
                .sum::<i64>()
                + s.rules.iter().filter_map(|&r| rules[r].points).sum::<i64>();
            if s.weight > 0.0 && max == 0 {
                self.warn(
                    &format!("/sections/{si}"),
                    "empty_section",
                    format!(
                        "section `{}` has weight {} but nothing in it can be scored",
                        s.id,
                        number::shortest(s.weight)
                    ),
                );
            }
        }
    }
}

/// Calls `f` on each expression an item reads (not on its repeat children).
fn for_each_expr(it: &Item, f: &mut impl FnMut(&Expr)) {
    if let Some(e) = &it.visible_if {
        f(e);
    }
    if let Required::If(e) = &it.required {
        f(e);
    }
    if let Kind::Computed { expr, .. } = &it.kind {
        f(expr);
    }
}

/// The names of a template, as the type checker sees them.
struct Names<'a> {
    index: &'a HashMap<String, Target>,
    /// Type of each top-level item's name; computed items get theirs once checked.
    tys: Vec<Ty>,
    values: Vec<Option<Vec<String>>>,
    child_tys: Vec<Vec<Ty>>,
    child_values: Vec<Vec<Option<Vec<String>>>>,
}

fn static_ty(k: &Kind) -> Ty {
    match k {
        Kind::YesNo { .. } | Kind::Choice { .. } | Kind::Text { .. } => Ty::Str,
        Kind::Multi { .. } => Ty::List,
        Kind::Number { .. } => Ty::Num,
        Kind::Date { .. } => Ty::Date,
        Kind::Computed { .. } => Ty::Null,
        Kind::Repeat { .. } => Ty::Repeat,
    }
}

/// `f` of each repeat child, by repeat item index (empty for other items).
fn per_child<T>(items: &[Item], f: impl Fn(&Kind) -> T) -> Vec<Vec<T>> {
    items
        .iter()
        .map(|it| match &it.kind {
            Kind::Repeat { children, .. } => children.iter().map(|c| f(&c.kind)).collect(),
            _ => Vec::new(),
        })
        .collect()
}

fn answer_values(k: &Kind) -> Option<Vec<String>> {
    match k {
        Kind::YesNo { na, .. } => {
            let mut v = vec!["yes".to_string(), "no".to_string()];
            if *na {
                v.push("na".into());
            }
            Some(v)
        }
        Kind::Choice { options } => Some(options.iter().map(|o| o.value.clone()).collect()),
        _ => None,
    }
}

impl<'a> Names<'a> {
    fn new(items: &[Item], index: &'a HashMap<String, Target>) -> Self {
        Names {
            index,
            tys: items.iter().map(|it| static_ty(&it.kind)).collect(),
            values: items.iter().map(|it| answer_values(&it.kind)).collect(),
            child_tys: per_child(items, static_ty),
            child_values: per_child(items, answer_values),
        }
    }
}

impl Scope for Names<'_> {
    fn resolve(&self, id: &str, repeat: Option<usize>) -> Result<(Slot, Ty), ExprError> {
        let unknown = |m: String| Err(ExprError::new("unknown_name", m));
        match self.index.get(id) {
            Some(Target::Item(i)) => Ok((Slot::Item(*i), self.tys[*i])),
            Some(Target::Child { repeat: r, child }) if repeat == Some(*r) => {
                Ok((Slot::Child { repeat: *r, child: *child }, self.child_tys[*r][*child]))
            }
            Some(Target::Child { .. }) => unknown(format!(
                "`{id}` is a field of a repeat; read it inside count, sum, countif, all or any of that repeat"
            )),
            Some(Target::Section(_)) => unknown(format!("`{id}` is a section, not an item")),
            Some(Target::Rule(_)) => unknown(format!("`{id}` is a rule, not an item")),
            None => unknown(format!("no item has id `{id}`")),
        }
    }

    fn values(&self, slot: Slot) -> Option<Vec<String>> {
        match slot {
            Slot::Item(i) => self.values.get(i).cloned().flatten(),
            Slot::Child { repeat, child } => {
                self.child_values.get(repeat)?.get(child).cloned().flatten()
            }
            Slot::Unresolved => None,
        }
    }
}
