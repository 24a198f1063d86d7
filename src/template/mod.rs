//! The template model (§1): sections, items, rules, with expressions parsed, names
//! resolved and types checked. A [`Template`] only exists once it passed lint.

pub mod deps;
mod graph;
mod load;

use std::collections::HashMap;
use std::ops::Range;

use chrono::NaiveDate;

use crate::expr::Expr;
use crate::problem::Problem;
use crate::text::locale::Text;

pub use load::{lint, load, load_value, FORMAT, ITEM_TYPES};

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Grading {
    pub ready: f64,
    pub conditional: f64,
}

#[derive(Debug, Clone)]
pub struct Template {
    pub id: String,
    pub version: String,
    pub title: Text,
    pub description: Option<Text>,
    pub default_locale: String,
    pub grading: Grading,
    pub sections: Vec<Section>,
    /// Top-level items of every section, in template order.
    pub items: Vec<Item>,
    pub rules: Vec<Rule>,
    /// Sections and items in an order where everything a node reads comes before it.
    pub order: Vec<Node>,
    /// Warnings found at load (errors prevent loading).
    pub warnings: Vec<Problem>,
    /// The template as given, for the receipt and for `builtin` fetches.
    pub json: serde_json::Value,
    pub sha256: String,
    pub(crate) index: HashMap<String, Target>,
    /// Who reads each item, for incremental re-evaluation.
    pub deps: deps::Deps,
    /// Item indices in id order (byte order, as answers are keyed).
    pub(crate) by_id: Vec<usize>,
}

impl Template {
    /// Whether any condition, computed value or rule reads `today()`: then the same answers
    /// score differently on another day, and a receipt's verdict and score can only be
    /// checked as of the day the assessment names.
    pub fn reads_today(&self) -> bool {
        fn item(it: &Item) -> bool {
            it.visible_if.as_ref().is_some_and(Expr::reads_today)
                || matches!(&it.required, Required::If(e) if e.reads_today())
                || match &it.kind {
                    Kind::Computed { expr, .. } => expr.reads_today(),
                    Kind::Repeat { children, .. } => children.iter().any(item),
                    _ => false,
                }
        }
        self.sections
            .iter()
            .any(|s| s.visible_if.as_ref().is_some_and(Expr::reads_today))
            || self.items.iter().any(item)
            || self
                .rules
                .iter()
                .any(|r| r.when.as_ref().is_some_and(Expr::reads_today) || r.assert.reads_today())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Node {
    Section(usize),
    Item(usize),
}

/// What an id names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Section(usize),
    Item(usize),
    Child { repeat: usize, child: usize },
    Rule(usize),
}

#[derive(Debug, Clone)]
pub struct Section {
    pub id: String,
    pub title: Text,
    pub help: Option<Text>,
    pub weight: f64,
    pub pass: Option<f64>,
    pub visible_if: Option<Expr>,
    /// Indices into [`Template::items`].
    pub items: Range<usize>,
    /// Indices into [`Template::rules`] of the rules that count here.
    pub rules: Vec<usize>,
}

#[derive(Debug, Clone)]
pub enum Required {
    Always,
    Never,
    If(Expr),
}

#[derive(Debug, Clone)]
pub struct Item {
    pub id: String,
    pub title: Text,
    pub help: Option<Text>,
    pub source: Option<String>,
    pub tags: Vec<String>,
    pub visible_if: Option<Expr>,
    pub required: Required,
    pub critical: bool,
    /// Index of the section that holds it (for a repeat child: the repeat's section).
    pub section: usize,
    pub kind: Kind,
}

#[derive(Debug, Clone)]
pub struct ChoiceOption {
    pub value: String,
    pub label: Text,
    /// Points in hundredths.
    pub points: Option<i64>,
    pub fail: bool,
}

#[derive(Debug, Clone)]
pub enum Kind {
    YesNo {
        /// Points in hundredths.
        points: i64,
        na: bool,
    },
    Choice {
        options: Vec<ChoiceOption>,
    },
    Multi {
        options: Vec<ChoiceOption>,
        min_count: Option<f64>,
        max_count: Option<f64>,
    },
    Number {
        min: Option<f64>,
        max: Option<f64>,
        integer: bool,
        unit: Option<Text>,
    },
    Date {
        min: Option<NaiveDate>,
        max: Option<NaiveDate>,
    },
    Text {
        max_length: Option<f64>,
        multiline: bool,
    },
    Computed {
        expr: Expr,
        unit: Option<Text>,
    },
    Repeat {
        children: Vec<Item>,
        min_rows: Option<f64>,
        max_rows: Option<f64>,
        /// Child indices in an order where a child's conditions read only earlier ones.
        order: Vec<usize>,
    },
}

impl Kind {
    pub fn type_name(&self) -> &'static str {
        match self {
            Kind::YesNo { .. } => "yesno",
            Kind::Choice { .. } => "choice",
            Kind::Multi { .. } => "multi",
            Kind::Number { .. } => "number",
            Kind::Date { .. } => "date",
            Kind::Text { .. } => "text",
            Kind::Computed { .. } => "computed",
            Kind::Repeat { .. } => "repeat",
        }
    }
}

impl Item {
    /// The most points the item can earn, in hundredths; `None` when it is not scored.
    pub fn max_points(&self) -> Option<i64> {
        match &self.kind {
            Kind::YesNo { points, .. } => Some(*points),
            Kind::Choice { options } => options.iter().filter_map(|o| o.points).max(),
            _ => None,
        }
    }

    /// Whether the answer is a failed response (yesno "no", a choice option marked fail).
    pub fn fails(&self, answer: &str) -> bool {
        match &self.kind {
            Kind::YesNo { .. } => answer == "no",
            Kind::Choice { options } => options.iter().any(|o| o.value == answer && o.fail),
            _ => false,
        }
    }

    /// Whether the answer is a passing response: answered, not failed and not "na".
    pub fn passes(&self, answer: &str) -> bool {
        match &self.kind {
            Kind::YesNo { .. } => answer == "yes",
            Kind::Choice { options } => options.iter().any(|o| o.value == answer && !o.fail),
            _ => false,
        }
    }
}

/// A message with `{expression}` placeholders, one parse per locale entry of its text.
#[derive(Debug, Clone)]
pub struct Message {
    pub text: Text,
    pub pieces: Vec<Vec<Piece>>,
}

#[derive(Debug, Clone)]
pub enum Piece {
    Lit(String),
    Expr(Expr),
}

#[derive(Debug, Clone)]
pub struct Rule {
    pub id: String,
    pub title: Option<Text>,
    pub section: Option<usize>,
    pub when: Option<Expr>,
    pub assert: Expr,
    /// Points in hundredths.
    pub points: Option<i64>,
    pub critical: bool,
    pub message: Option<Message>,
    pub source: Option<String>,
    pub tags: Vec<String>,
}

impl Template {
    /// What an id names in this template.
    pub fn target(&self, id: &str) -> Option<Target> {
        self.index.get(id).copied()
    }

    pub fn item_index(&self, id: &str) -> Option<usize> {
        match self.index.get(id) {
            Some(Target::Item(i)) => Some(*i),
            _ => None,
        }
    }
}
