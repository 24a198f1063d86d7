//! A template's items: common keys, each type's own keys, options, repeat children.

use serde_json::{Map, Value};

use super::*;
use crate::expr::Expr;
use crate::problem::pointer;
use crate::template::{ChoiceOption, Item, Kind, Required, Target};
use crate::text::locale::Text;
use crate::{text::date, text::number};

impl Loader {
    pub(super) fn options(&mut self, o: &Map<String, Value>, ptr: &str) -> Vec<ChoiceOption> {
        let p = pointer(ptr, "options");
        let Some(Value::Array(a)) = o.get("options") else {
            self.err(
                &p,
                Code::Options,
                "a choice needs `options` (a non-empty array)",
            );
            return Vec::new();
        };
        if a.is_empty() {
            self.err(&p, Code::Options, "a choice needs at least one option");
        }
        if a.len() > crate::limits::MAX_OPTIONS {
            self.err(
                &p,
                Code::Limit,
                format!(
                    "{} options; an item has at most {} (split the item)",
                    a.len(),
                    crate::limits::MAX_OPTIONS
                ),
            );
        }
        let mut out: Vec<ChoiceOption> = Vec::new();
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
                        Code::Options,
                        "an option needs a string `value`",
                    );
                    continue;
                }
            };
            if !seen.insert(value) {
                self.err(
                    &pointer(&op, "value"),
                    Code::Options,
                    format!("option value {} appears twice", crate::text::quote(value)),
                );
            }
            let value = value.clone();
            let label = self
                .text(oo, "label", &op, false)
                .unwrap_or_else(|| Text::Plain(value.clone()));
            let points = self.points(oo, "points", &op);
            let fail = self.boolean(oo, "fail", &op);
            out.push(ChoiceOption {
                value,
                label,
                points,
                fail,
            });
        }
        out
    }

    pub(super) fn item(
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
                self.err(&pointer(ptr, "type"), Code::ItemType, "`type` is required: yesno, choice, multi, number, date, text, computed or repeat");
                ""
            }
        };
        self.unknown_keys(o, ptr, &[ITEM_KEYS, extra_keys(ty)]);
        let title = self.text(o, "title", ptr, true).unwrap_or_default();
        let help = self.text(o, "help", ptr, false);
        let source = self.string(o, "source", ptr);
        let tags = self.tags(o, ptr);
        let visible_if = self.expr(o, "visible_if", ptr);
        let critical = self.boolean(o, "critical", ptr);
        let kind = self.kind(o, ty, ptr, (&id, critical), (si, target, in_repeat))?;
        if in_repeat.is_some() && ty == "computed" {
            self.err(
                &pointer(ptr, "type"),
                Code::ItemType,
                "a repeat row cannot hold a `computed` item",
            );
        }
        let required = self.required(o, ptr, &kind);
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

    pub(super) fn check_range(&mut self, ptr: &str, key: &str, lo: Option<f64>, hi: Option<f64>) {
        if let (Some(a), Some(b)) = (lo, hi) {
            if a > b {
                self.err(
                    &pointer(ptr, key),
                    Code::Range,
                    format!(
                        "{} is above the maximum {}",
                        number::shortest(a),
                        number::shortest(b)
                    ),
                );
            }
        }
    }

    /// What an item of type `ty` is, with its type's own keys read; `None` only for a
    /// repeat that is not a top-level item.
    fn kind(
        &mut self,
        o: &Map<String, Value>,
        ty: &str,
        ptr: &str,
        (id, critical): (&str, bool),
        (si, target, in_repeat): (usize, Target, Option<usize>),
    ) -> Option<Kind> {
        Some(match ty {
            "yesno" => {
                let points = self.points(o, "points", ptr).unwrap_or(100);
                let na = self.boolean(o, "na", ptr);
                if critical && na {
                    self.warn(&pointer(ptr, "na"), Code::CriticalNa, format!("critical item `{id}` may be answered \"na\", which would let it skip the veto"));
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
            "date" => self.date_kind(o, ptr),
            "text" => {
                let max_length = self.count(o, "max_length", ptr);
                self.within(ptr, "max_length", max_length, crate::limits::MAX_TEXT);
                let multiline = self.boolean(o, "multiline", ptr);
                Kind::Text {
                    max_length,
                    multiline,
                }
            }
            "computed" => self.computed_kind(o, ptr),
            "repeat" if in_repeat.is_some() => {
                self.err(
                    &pointer(ptr, "type"),
                    Code::ItemType,
                    "a repeat row cannot hold a `repeat` item",
                );
                Kind::Text {
                    max_length: None,
                    multiline: false,
                }
            }
            "repeat" => self.repeat_kind(o, ptr, si, target)?,
            "" => Kind::Text {
                max_length: None,
                multiline: false,
            },
            other => {
                self.push_about(
                    Severity::Error,
                    &pointer(ptr, "type"),
                    Code::ItemType,
                    other,
                    format!("unknown item type `{other}`"),
                );
                Kind::Text {
                    max_length: None,
                    multiline: false,
                }
            }
        })
    }

    /// A date item's bounds (`"YYYY-MM-DD"` literals, `min` not after `max`).
    fn date_kind(&mut self, o: &Map<String, Value>, ptr: &str) -> Kind {
        let mut bound = |key: &str| match o.get(key) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) if date::parse(s).is_some() => date::parse(s),
            Some(_) => {
                self.err(
                    &pointer(ptr, key),
                    Code::Structure,
                    format!("`{key}` must be a \"YYYY-MM-DD\" date"),
                );
                None
            }
        };
        let (min, max) = (bound("min"), bound("max"));
        if let (Some(a), Some(b)) = (min, max) {
            if a > b {
                self.err(&pointer(ptr, "min"), Code::Range, "`min` is after `max`");
            }
        }
        Kind::Date { min, max }
    }

    /// A computed item: its expression and unit.
    fn computed_kind(&mut self, o: &Map<String, Value>, ptr: &str) -> Kind {
        let unit = self.text(o, "unit", ptr, false);
        let expr = match o.get("expr") {
            Some(Value::String(s)) => self.parse_at(s, &pointer(ptr, "expr")),
            _ => {
                self.err(
                    &pointer(ptr, "expr"),
                    Code::Structure,
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

    /// A repeat item: its bounds and child items (a child cannot be a repeat itself).
    fn repeat_kind(
        &mut self,
        o: &Map<String, Value>,
        ptr: &str,
        si: usize,
        target: Target,
    ) -> Option<Kind> {
        // Top-level items are registered as Target::Item; nothing else gets here.
        let Target::Item(ri) = target else {
            return None;
        };
        let min_rows = self.count(o, "min_rows", ptr);
        let max_rows = self.count(o, "max_rows", ptr);
        self.within(ptr, "max_rows", max_rows, crate::limits::MAX_ROWS);
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
                Code::Structure,
                "a repeat needs `items` (an array of child items)",
            ),
        }
        Some(Kind::Repeat {
            children,
            min_rows,
            max_rows,
            order: Vec::new(),
        })
    }

    /// `required`: true, false or an expression; by default true for the types a
    /// person must answer (yesno, choice, number, date).
    fn required(&mut self, o: &Map<String, Value>, ptr: &str, kind: &Kind) -> Required {
        match o.get("required") {
            None | Some(Value::Null) => {
                if matches!(
                    *kind,
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
                    Code::Structure,
                    "`required` must be true, false or an expression",
                );
                Required::Never
            }
        }
    }

    fn tags(&mut self, o: &Map<String, Value>, ptr: &str) -> Vec<String> {
        match o.get("tags") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(a)) if a.iter().all(Value::is_string) => a
                .iter()
                .filter_map(|t| t.as_str().map(str::to_owned))
                .collect(),
            Some(_) => {
                self.err(
                    &pointer(ptr, "tags"),
                    Code::Structure,
                    "`tags` must be an array of strings",
                );
                Vec::new()
            }
        }
    }
}
