//! A template's structure: the template, grading, sections, items and their options,
//! rules and their message placeholders.

use serde_json::Value;

use crate::expr::{parse, Expr};
use crate::problem::pointer;
use crate::template::{Grading, Item, Message, Piece, Rule, Section, Target, Template};
use crate::text::locale::{Text, DEFAULT_LOCALE};
use crate::text::number;

use super::*;

impl Loader {
    pub(super) fn template(&mut self, v: &Value) -> Option<Template> {
        let o = self.object(v, "", "a template")?;
        self.format(o);
        self.default_locale = self.default_locale_of(o);
        self.unknown_keys(o, "", &[TEMPLATE_KEYS]);
        let (id, version) = self.id_and_version(o);
        let title = self.text(o, "title", "", true).unwrap_or_default();
        let description = self.text(o, "description", "", false);
        let grading = self.grading(o.get("grading"));
        let (mut sections, mut items) = self.sections(o);
        let mut rules = self.rules(o, &sections);
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

    fn format(&mut self, o: &Map<String, Value>) {
        match o.get("format") {
            Some(Value::String(f)) if f == FORMAT => {}
            Some(Value::String(f)) => self.err(
                "/format",
                Code::Format,
                format!("format is `{f}`, expected `{FORMAT}`"),
            ),
            _ => self.err(
                "/format",
                Code::Format,
                format!("`format` must be \"{FORMAT}\""),
            ),
        }
    }

    fn default_locale_of(&mut self, o: &Map<String, Value>) -> String {
        match o.get("default_locale") {
            None | Some(Value::Null) => DEFAULT_LOCALE.into(),
            Some(Value::String(s)) if !s.is_empty() => s.clone(),
            Some(_) => {
                self.err(
                    "/default_locale",
                    Code::Structure,
                    "`default_locale` must be a locale tag such as \"zh-CN\"",
                );
                DEFAULT_LOCALE.into()
            }
        }
    }

    fn id_and_version(&mut self, o: &Map<String, Value>) -> (String, String) {
        let id = match o.get("id") {
            Some(Value::String(s)) if is_template_id(s) => s.clone(),
            Some(Value::String(s)) => {
                self.err(
                    "/id",
                    Code::Id,
                    format!("template id `{s}` must match [a-z0-9][a-z0-9_-]*"),
                );
                s.clone()
            }
            _ => {
                self.err("/id", Code::Id, "template `id` is required (a string)");
                String::new()
            }
        };
        let version = match o.get("version") {
            Some(Value::String(s)) if !s.is_empty() => s.clone(),
            _ => {
                self.err(
                    "/version",
                    Code::Structure,
                    "`version` is required (a non-empty string)",
                );
                String::new()
            }
        };
        (id, version)
    }

    /// The sections, and every item of them in template order.
    fn sections(&mut self, o: &Map<String, Value>) -> (Vec<Section>, Vec<Item>) {
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
                Code::Structure,
                "`sections` is required (an array)",
            ),
        }
        (sections, items)
    }

    fn rules(&mut self, o: &Map<String, Value>, sections: &[Section]) -> Vec<Rule> {
        let mut rules = Vec::new();
        match o.get("rules") {
            None | Some(Value::Null) => {}
            Some(Value::Array(a)) => {
                for (ri, rv) in a.iter().enumerate() {
                    if let Some(r) = self.rule(rv, &format!("/rules/{ri}"), rules.len(), sections) {
                        rules.push(r);
                    }
                }
            }
            Some(_) => self.err("/rules", Code::Structure, "`rules` must be an array"),
        }
        rules
    }

    pub(super) fn grading(&mut self, v: Option<&Value>) -> Grading {
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
                Code::Grading,
                format!(
                    "grading needs 0 ≤ conditional ≤ ready ≤ 100; got conditional {} and ready {}",
                    number::shortest(g.conditional),
                    number::shortest(g.ready)
                ),
            );
        }
        g
    }

    pub(super) fn section(
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
                Code::Negative,
                format!("weight must be ≥ 0, not {}", number::shortest(weight)),
            );
        }
        let pass = self.number(o, "pass", ptr);
        if let Some(p) = pass {
            if !(0.0..=100.0).contains(&p) {
                self.err(
                    &pointer(ptr, "pass"),
                    Code::Range,
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
                    if items.len() == crate::limits::MAX_ITEMS {
                        self.err(
                            &ip,
                            Code::Limit,
                            format!(
                                "more than {} items; a template holds at most that many (split it)",
                                crate::limits::MAX_ITEMS
                            ),
                        );
                    }
                    if let Some(item) = self.item(iv, &ip, si, target, None) {
                        self.item_ptrs.push(ip);
                        items.push(item);
                    }
                }
            }
            _ => self.err(
                &pointer(ptr, "items"),
                Code::Structure,
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

    pub(super) fn rule(
        &mut self,
        v: &Value,
        ptr: &str,
        ri: usize,
        sections: &[Section],
    ) -> Option<Rule> {
        let o = self.object(v, ptr, "a rule")?;
        self.unknown_keys(o, ptr, &[RULE_KEYS]);
        let id = self.id(o, ptr, Target::Rule(ri));
        let section = match self.string(o, "section", ptr) {
            None => None,
            Some(s) => {
                let found = sections.iter().position(|x| x.id == s);
                if found.is_none() {
                    self.push_about(
                        Severity::Error,
                        &pointer(ptr, "section"),
                        Code::UnknownName,
                        &s,
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
                Code::ConstantWhen,
                "`when` reads no item: the rule always or never applies",
            );
        }
        let assert = match o.get("assert") {
            Some(Value::String(s)) => self.parse_at(s, &pointer(ptr, "assert")),
            _ => {
                self.err(
                    &pointer(ptr, "assert"),
                    Code::Structure,
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
    pub(super) fn placeholders(&mut self, s: &str, ptr: &str) -> Vec<Piece> {
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
                            Code::Parse,
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
                            let message = format!("placeholder {{{src}}}: {}", e.message);
                            self.expr_problem(
                                Severity::Error,
                                ptr,
                                crate::expr::ExprError { message, ..e },
                            )
                        }
                    }
                }
                '}' => {
                    self.err(
                        ptr,
                        Code::Parse,
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
}
