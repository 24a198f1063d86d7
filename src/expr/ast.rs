//! Syntax tree of expressions.

use super::value::Val;

/// Where a name's value lives once resolved against a template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    Unresolved,
    /// A top-level item, by its index in template order.
    Item(usize),
    /// A child of the repeat item `repeat`, by its index among the repeat's children.
    Child {
        repeat: usize,
        child: usize,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Name {
    pub id: String,
    pub slot: Slot,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnOp {
    Neg,
    Not,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinOp {
    Or,
    And,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Add,
    Sub,
    Mul,
    Div,
    Rem,
}

impl BinOp {
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Or => "or",
            BinOp::And => "and",
            BinOp::Eq => "==",
            BinOp::Ne => "!=",
            BinOp::Lt => "<",
            BinOp::Le => "<=",
            BinOp::Gt => ">",
            BinOp::Ge => ">=",
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
            BinOp::Rem => "%",
        }
    }
}

/// The functions of §2.3.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Func {
    Ceil,
    Floor,
    Abs,
    Round,
    Min,
    Max,
    If,
    Coalesce,
    Answered,
    Date,
    Today,
    Days,
    Year,
    Month,
    Day,
    Weekday,
    Len,
    Contains,
    Count,
    Sum,
    CountIf,
    All,
    Any,
}

impl Func {
    pub fn name(self) -> &'static str {
        match self {
            Func::Ceil => "ceil",
            Func::Floor => "floor",
            Func::Abs => "abs",
            Func::Round => "round",
            Func::Min => "min",
            Func::Max => "max",
            Func::If => "if",
            Func::Coalesce => "coalesce",
            Func::Answered => "answered",
            Func::Date => "date",
            Func::Today => "today",
            Func::Days => "days",
            Func::Year => "year",
            Func::Month => "month",
            Func::Day => "day",
            Func::Weekday => "weekday",
            Func::Len => "len",
            Func::Contains => "contains",
            Func::Count => "count",
            Func::Sum => "sum",
            Func::CountIf => "countif",
            Func::All => "all",
            Func::Any => "any",
        }
    }

    pub fn from_name(name: &str) -> Option<Func> {
        Some(match name {
            "ceil" => Func::Ceil,
            "floor" => Func::Floor,
            "abs" => Func::Abs,
            "round" => Func::Round,
            "min" => Func::Min,
            "max" => Func::Max,
            "if" => Func::If,
            "coalesce" => Func::Coalesce,
            "answered" => Func::Answered,
            "date" => Func::Date,
            "today" => Func::Today,
            "days" => Func::Days,
            "year" => Func::Year,
            "month" => Func::Month,
            "day" => Func::Day,
            "weekday" => Func::Weekday,
            "len" => Func::Len,
            "contains" => Func::Contains,
            "count" => Func::Count,
            "sum" => Func::Sum,
            "countif" => Func::CountIf,
            "all" => Func::All,
            "any" => Func::Any,
            _ => return None,
        })
    }

    /// Aggregates take a repeat item first and evaluate their second argument per row.
    pub fn is_aggregate(self) -> bool {
        matches!(
            self,
            Func::Count | Func::Sum | Func::CountIf | Func::All | Func::Any
        )
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Lit(Val),
    Name(Name),
    Unary(UnOp, Box<Expr>),
    Binary(BinOp, Box<Expr>, Box<Expr>),
    Call(Func, Vec<Expr>),
}

impl Expr {
    /// Visits every name in the expression, with the repeat scope it is read in.
    pub fn names(&self, f: &mut impl FnMut(&Name)) {
        match self {
            Expr::Lit(_) => {}
            Expr::Name(n) => f(n),
            Expr::Unary(_, e) => e.names(f),
            Expr::Binary(_, a, b) => {
                a.names(f);
                b.names(f);
            }
            Expr::Call(_, args) => args.iter().for_each(|a| a.names(f)),
        }
    }

    /// True when the expression calls `today()`: its value depends on the day it is read.
    pub fn reads_today(&self) -> bool {
        match self {
            Expr::Lit(_) | Expr::Name(_) => false,
            Expr::Unary(_, e) => e.reads_today(),
            Expr::Binary(_, a, b) => a.reads_today() || b.reads_today(),
            Expr::Call(Func::Today, _) => true,
            Expr::Call(_, args) => args.iter().any(Expr::reads_today),
        }
    }

    /// True when the expression reads no item and not the date: its value never changes.
    pub fn is_constant(&self) -> bool {
        match self {
            Expr::Lit(_) => true,
            Expr::Name(_) => false,
            Expr::Unary(_, e) => e.is_constant(),
            Expr::Binary(_, a, b) => a.is_constant() && b.is_constant(),
            Expr::Call(Func::Today, _) => false,
            Expr::Call(_, args) => args.iter().all(Expr::is_constant),
        }
    }
}
