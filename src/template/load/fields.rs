//! Reading a template's fields: objects, locale strings, numbers, points, ids and
//! expressions, each problem reported at its pointer.

use serde_json::{Map, Value};

use crate::expr::{parse, Expr};
use crate::problem::pointer;
use crate::template::Target;
use crate::text::locale::Text;
use crate::text::number;

use super::*;

impl Loader {
    pub(super) fn unknown_keys(&mut self, obj: &Map<String, Value>, ptr: &str, known: &[&[&str]]) {
        for k in obj.keys() {
            if !known.iter().any(|ks| ks.contains(&k.as_str())) {
                self.warn(
                    &pointer(ptr, k),
                    Code::UnknownKey,
                    format!("unknown key `{k}` is ignored"),
                );
            }
        }
    }

    pub(super) fn object<'v>(
        &mut self,
        v: &'v Value,
        ptr: &str,
        what: &str,
    ) -> Option<&'v Map<String, Value>> {
        let o = v.as_object();
        if o.is_none() {
            self.err(
                ptr,
                Code::Structure,
                format!("{what} must be a JSON object"),
            );
        }
        o
    }

    pub(super) fn text(
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
                        Code::Structure,
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
                            Code::MissingLocale,
                            format!("no text for the default locale `{dl}`"),
                        );
                    }
                    Some(t)
                }
                None => {
                    self.err(
                        &p,
                        Code::Structure,
                        format!("`{key}` must be a string or an object of strings keyed by locale"),
                    );
                    None
                }
            },
        }
    }

    /// Reads `key` with `extract`: absent or null is `None`; any other JSON type is a
    /// `structure` error saying what was expected.
    pub(super) fn field<T>(
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
                Code::Structure,
                format!("`{key}` must be {what}"),
            );
        }
        x
    }

    pub(super) fn string(
        &mut self,
        o: &Map<String, Value>,
        key: &str,
        ptr: &str,
    ) -> Option<String> {
        self.field(o, key, ptr, "a string", |v| v.as_str().map(str::to_owned))
    }

    pub(super) fn boolean(&mut self, o: &Map<String, Value>, key: &str, ptr: &str) -> bool {
        self.field(o, key, ptr, "true or false", Value::as_bool)
            .unwrap_or(false)
    }

    pub(super) fn number(&mut self, o: &Map<String, Value>, key: &str, ptr: &str) -> Option<f64> {
        self.field(o, key, ptr, "a number", Value::as_f64)
    }

    /// A count (min_rows, max_length, …): a whole number ≥ 0.
    pub(super) fn count(&mut self, o: &Map<String, Value>, key: &str, ptr: &str) -> Option<f64> {
        let n = self.number(o, key, ptr)?;
        if n < 0.0 || n.fract() != 0.0 {
            self.err(
                &pointer(ptr, key),
                Code::Range,
                format!("`{key}` must be a whole number ≥ 0"),
            );
            return None;
        }
        Some(n)
    }

    /// A maximum (`max_rows`, `max_length`) the engine can honour (`crate::limits`).
    pub(super) fn within(&mut self, ptr: &str, key: &str, n: Option<f64>, limit: usize) {
        if n.is_some_and(|n| n > limit as f64) {
            self.err(
                &pointer(ptr, key),
                Code::Limit,
                format!("`{key}` is at most {limit}, the engine's limit"),
            );
        }
    }

    /// Points: ≥ 0 with at most two decimals; returned in hundredths.
    pub(super) fn points(&mut self, o: &Map<String, Value>, key: &str, ptr: &str) -> Option<i64> {
        let n = self.number(o, key, ptr)?;
        let p = pointer(ptr, key);
        if n < 0.0 {
            self.err(
                &p,
                Code::Negative,
                format!("points must be ≥ 0, not {}", number::shortest(n)),
            );
            None
        } else if !number::has_two_decimals(n) || n > 1e12 {
            self.err(
                &p,
                Code::Precision,
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

    pub(super) fn id(&mut self, o: &Map<String, Value>, ptr: &str, target: Target) -> String {
        let p = pointer(ptr, "id");
        match o.get("id") {
            Some(Value::String(s)) if is_name(s) => {
                if self.index.contains_key(s) {
                    self.push_about(
                        Severity::Error,
                        &p,
                        Code::DuplicateId,
                        s,
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
                    Code::Id,
                    format!("id `{s}` must match [A-Za-z_][A-Za-z0-9_]*"),
                );
                s.clone()
            }
            None | Some(Value::Null) => {
                self.err(&p, Code::Id, "`id` is required");
                String::new()
            }
            Some(_) => {
                self.err(&p, Code::Id, "`id` must be a string");
                String::new()
            }
        }
    }

    pub(super) fn expr(&mut self, o: &Map<String, Value>, key: &str, ptr: &str) -> Option<Expr> {
        let p = pointer(ptr, key);
        match o.get(key) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => self.parse_at(s, &p),
            Some(_) => {
                self.err(
                    &p,
                    Code::Structure,
                    format!("`{key}` must be an expression string"),
                );
                None
            }
        }
    }

    pub(super) fn parse_at(&mut self, src: &str, ptr: &str) -> Option<Expr> {
        match parse(src) {
            Ok(e) => Some(e),
            Err(e) => {
                self.expr_problem(Severity::Error, ptr, e);
                None
            }
        }
    }
}
