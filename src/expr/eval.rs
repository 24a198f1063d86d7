//! Evaluation with three-valued nulls (§2.2): total, never panics, never reads the clock.

use std::cell::RefCell;

use chrono::{Datelike, Duration, NaiveDate};

use super::ast::{BinOp, Expr, Func, Slot, UnOp};
use super::value::Val;
use crate::text::number::round_half_away;

/// The answers of one row of a repeat item, by child index.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Row {
    pub vals: Vec<Val>,
    pub answered: Vec<bool>,
}

/// What an expression can read: item values by index, the rows of repeat items, the
/// current row inside an aggregate or a child's condition, and the assessment's date.
#[derive(Clone, Copy)]
pub struct Env<'a> {
    pub vals: &'a [Val],
    pub answered: &'a [bool],
    /// Rows of each repeat item by item index; `None` when the repeat reads as null.
    pub rows: &'a [Option<Vec<Row>>],
    pub row: Option<&'a Row>,
    pub today: NaiveDate,
    /// Aggregates already computed in this evaluation, so that a template that sums the same
    /// rows in many places walks them once.
    pub memo: Option<&'a Memo>,
}

/// The values of the aggregates an evaluation has computed, by a 64-bit hash of their
/// structure: the same call written in two expressions is one entry. Sound because
/// evaluation runs in dependency order: an aggregate is first computed once its rows and
/// every item its body reads are final, and the owner clears it whenever answers change.
/// The hash covers the template's expressions only, never answers: two different calls
/// hashing alike would have to be written so by the template's author, who decides the
/// score anyway, so the arguments are not kept to compare.
#[derive(Debug, Clone, Default)]
pub struct Memo(RefCell<Table>);

/// Open addressing with linear probing, at most half full; key 0 marks an empty slot. A
/// `BTreeMap<u64, Val>` did the same for 4.5 KB more of wasm.
#[derive(Debug, Clone, Default)]
struct Table {
    slots: Vec<(u64, Val)>,
    used: usize,
}

impl Table {
    fn slot(&self, key: u64) -> usize {
        let mask = self.slots.len() - 1;
        let mut i = key as usize & mask;
        while self.slots[i].0 != 0 && self.slots[i].0 != key {
            i = (i + 1) & mask;
        }
        i
    }

    fn get(&self, key: u64) -> Option<&Val> {
        if self.slots.is_empty() {
            return None;
        }
        let (k, v) = &self.slots[self.slot(key)];
        (*k == key).then_some(v)
    }

    fn insert(&mut self, key: u64, v: Val) {
        if (self.used + 1) * 2 > self.slots.len() {
            let old = std::mem::take(&mut self.slots);
            let size = (old.len() * 2).max(16);
            self.slots = std::iter::repeat_with(|| (0, Val::Null))
                .take(size)
                .collect();
            for (k, v) in old {
                if k != 0 {
                    let i = self.slot(k);
                    self.slots[i] = (k, v);
                }
            }
        }
        let i = self.slot(key);
        if self.slots[i].0 == 0 {
            self.used += 1;
        }
        self.slots[i] = (key, v);
    }
}

/// A cache: two states with the same values are equal whatever each has computed.
impl PartialEq for Memo {
    fn eq(&self, _: &Memo) -> bool {
        true
    }
}

impl Memo {
    pub fn clear(&self) {
        *self.0.borrow_mut() = Table::default();
    }
}

impl<'a> Env<'a> {
    fn read(&self, slot: Slot) -> Val {
        match slot {
            Slot::Item(i) => self.vals.get(i).cloned().unwrap_or_default(),
            Slot::Child { child, .. } => self
                .row
                .and_then(|r| r.vals.get(child).cloned())
                .unwrap_or_default(),
            Slot::Unresolved => Val::Null,
        }
    }

    fn is_answered(&self, slot: Slot) -> bool {
        match slot {
            Slot::Item(i) => self.answered.get(i).copied().unwrap_or(false),
            Slot::Child { child, .. } => self
                .row
                .and_then(|r| r.answered.get(child).copied())
                .unwrap_or(false),
            Slot::Unresolved => false,
        }
    }

    fn rows_of(&self, e: &Expr) -> Option<&'a [Row]> {
        match e {
            Expr::Name(n) => match n.slot {
                Slot::Item(i) => self.rows.get(i).and_then(|r| r.as_deref()),
                _ => None,
            },
            _ => None,
        }
    }

    pub fn eval(&self, e: &Expr) -> Val {
        match e {
            Expr::Lit(v) => v.clone(),
            Expr::Name(n) => self.read(n.slot),
            Expr::Unary(UnOp::Neg, a) => match self.eval(a) {
                Val::Num(x) => Val::num(-x),
                _ => Val::Null,
            },
            Expr::Unary(UnOp::Not, a) => match self.eval(a) {
                Val::Bool(b) => Val::Bool(!b),
                _ => Val::Null,
            },
            Expr::Binary(BinOp::And, a, b) => kleene(self.eval(a), || self.eval(b), false),
            Expr::Binary(BinOp::Or, a, b) => kleene(self.eval(a), || self.eval(b), true),
            Expr::Binary(op, a, b) => binary(*op, self.eval(a), self.eval(b)),
            Expr::Call(f, args) => self.call(*f, args),
        }
    }

    fn call(&self, f: Func, args: &[Expr]) -> Val {
        let arg = |i: usize| args.get(i).map_or(Val::Null, |a| self.eval(a));
        match f {
            Func::Ceil => num1(arg(0), f64::ceil),
            Func::Floor => num1(arg(0), f64::floor),
            Func::Abs => num1(arg(0), f64::abs),
            Func::Round => {
                let places = if args.len() > 1 {
                    arg(1)
                } else {
                    Val::Num(0.0)
                };
                match (arg(0), places) {
                    (Val::Num(x), Val::Num(n)) if n.fract() == 0.0 && (0.0..=6.0).contains(&n) => {
                        Val::num(round_half_away(x, n as u32))
                    }
                    _ => Val::Null,
                }
            }
            Func::Min | Func::Max => {
                let mut best = Val::Null;
                for a in args {
                    let v = self.eval(a);
                    let better = match (&best, &v) {
                        (_, Val::Null) => return Val::Null,
                        (Val::Null, _) => true,
                        (Val::Num(b), Val::Num(x)) => (f == Func::Min) == (x < b),
                        (Val::Date(b), Val::Date(x)) => (f == Func::Min) == (x < b),
                        _ => return Val::Null,
                    };
                    if better {
                        best = v;
                    }
                }
                best
            }
            Func::If => match arg(0) {
                Val::Bool(true) => arg(1),
                Val::Bool(false) => arg(2),
                _ => Val::Null,
            },
            Func::Coalesce => args
                .iter()
                .map(|a| self.eval(a))
                .find(|v| !v.is_null())
                .unwrap_or_default(),
            Func::Answered => match args.first() {
                Some(Expr::Name(n)) => Val::Bool(self.is_answered(n.slot)),
                _ => Val::Bool(false),
            },
            // The checker turns date('…') into a literal; this is only reached for a
            // string that was not checked, which reads as unknown.
            Func::Date => match arg(0) {
                Val::Str(s) => crate::text::date::parse(&s).map_or(Val::Null, Val::Date),
                _ => Val::Null,
            },
            Func::Today => Val::Date(self.today),
            Func::Days => match (arg(0), arg(1)) {
                (Val::Date(a), Val::Date(b)) => Val::Num((b - a).num_days() as f64),
                _ => Val::Null,
            },
            Func::Year => date1(arg(0), |d| d.year() as f64),
            Func::Month => date1(arg(0), |d| d.month() as f64),
            Func::Day => date1(arg(0), |d| d.day() as f64),
            Func::Weekday => date1(arg(0), |d| d.weekday().number_from_monday() as f64),
            Func::Len => match arg(0) {
                Val::Str(s) => Val::Num(s.chars().count() as f64),
                Val::List(l) => Val::Num(l.len() as f64),
                _ => Val::Null,
            },
            Func::Contains => match (arg(0), arg(1)) {
                (Val::List(l), Val::Str(s)) => Val::Bool(l.iter().any(|x| *x == *s)),
                _ => Val::Null,
            },
            Func::Count | Func::Sum | Func::CountIf | Func::All | Func::Any => {
                self.aggregate(f, args)
            }
        }
    }

    fn aggregate(&self, f: Func, args: &[Expr]) -> Val {
        let Some(rows) = args.first().and_then(|a| self.rows_of(a)) else {
            return Val::Null;
        };
        // Rows that are there are final (a repeat's rows are built before anything that
        // reads them); a repeat still being built reads as null above and is never kept.
        let Some(memo) = self.memo else {
            return self.walk(f, args, rows);
        };
        let key = fingerprint(f, args);
        if let Some(v) = memo.0.borrow().get(key) {
            return v.clone();
        }
        let v = self.walk(f, args, rows);
        memo.0.borrow_mut().insert(key, v.clone());
        v
    }

    fn walk(&self, f: Func, args: &[Expr], rows: &[Row]) -> Val {
        if f == Func::Count {
            return Val::Num(rows.len() as f64);
        }
        let Some(body) = args.get(1) else {
            return Val::Null;
        };
        let mut sum = 0.0;
        let mut count = 0usize;
        let mut unknown = false;
        for row in rows {
            let env = Env {
                row: Some(row),
                ..*self
            };
            match (f, env.eval(body)) {
                (Func::Sum, Val::Num(x)) => sum += x,
                (Func::CountIf, Val::Bool(b)) => count += usize::from(b),
                (Func::All, Val::Bool(false)) => return Val::Bool(false),
                (Func::Any, Val::Bool(true)) => return Val::Bool(true),
                (Func::All | Func::Any, Val::Bool(_)) => {}
                _ => unknown = true,
            }
        }
        match f {
            _ if unknown => Val::Null,
            Func::Sum => Val::num(sum),
            Func::CountIf => Val::Num(count as f64),
            Func::All => Val::Bool(true),
            _ => Val::Bool(false),
        }
    }
}

/// A hash of an aggregate call's structure (FNV-1a over a walk of its arguments), never 0.
fn fingerprint(f: Func, args: &[Expr]) -> u64 {
    let mut h = Fnv(0xcbf2_9ce4_8422_2325);
    h.u64(f as u64);
    for a in args {
        h.expr(a);
    }
    h.0 | 1
}

struct Fnv(u64);

impl Fnv {
    fn u64(&mut self, x: u64) {
        for b in x.to_le_bytes() {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn bytes(&mut self, s: &str) {
        self.u64(s.len() as u64);
        for b in s.bytes() {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn expr(&mut self, e: &Expr) {
        match e {
            Expr::Lit(v) => {
                self.u64(1);
                match v {
                    Val::Num(x) => self.u64(x.to_bits()),
                    Val::Bool(b) => self.u64(u64::from(*b)),
                    Val::Str(s) => self.bytes(s),
                    _ => {}
                }
            }
            Expr::Name(n) => {
                self.u64(2);
                match n.slot {
                    Slot::Item(i) => self.u64(i as u64),
                    Slot::Child { repeat, child } => {
                        self.u64(repeat as u64);
                        self.u64(child as u64 | 1 << 40);
                    }
                    Slot::Unresolved => self.bytes(&n.id),
                }
            }
            Expr::Unary(op, a) => {
                self.u64(3 + *op as u64);
                self.expr(a);
            }
            Expr::Binary(op, a, b) => {
                self.u64(10 + *op as u64);
                self.expr(a);
                self.expr(b);
            }
            Expr::Call(f, args) => {
                self.u64(40 + *f as u64);
                for a in args {
                    self.expr(a);
                }
            }
        }
    }
}

/// `and` (`absorb` = false) and `or` (`absorb` = true) in Kleene logic: the absorbing value
/// decides even when the other side is unknown, and the right side is only evaluated when
/// the left does not decide.
fn kleene(a: Val, b: impl FnOnce() -> Val, absorb: bool) -> Val {
    if a == Val::Bool(absorb) {
        return a;
    }
    let b = b();
    match (a, b) {
        (_, Val::Bool(x)) if x == absorb => Val::Bool(absorb),
        (Val::Bool(_), Val::Bool(_)) => Val::Bool(!absorb),
        _ => Val::Null,
    }
}

fn num1(v: Val, f: fn(f64) -> f64) -> Val {
    match v {
        Val::Num(x) => Val::num(f(x)),
        _ => Val::Null,
    }
}

fn date1(v: Val, f: fn(NaiveDate) -> f64) -> Val {
    match v {
        Val::Date(d) => Val::Num(f(d)),
        _ => Val::Null,
    }
}

/// Days to add to a date: whole numbers only, within chrono's range.
fn shift(d: NaiveDate, days: f64) -> Val {
    if days.fract() != 0.0 || days.abs() > 1e7 {
        return Val::Null;
    }
    d.checked_add_signed(Duration::days(days as i64))
        .map_or(Val::Null, Val::Date)
}

fn binary(op: BinOp, a: Val, b: Val) -> Val {
    use std::cmp::Ordering;
    let ord: Option<Ordering> = match (&a, &b) {
        (Val::Num(x), Val::Num(y)) => x.partial_cmp(y),
        (Val::Date(x), Val::Date(y)) => Some(x.cmp(y)),
        (Val::Str(x), Val::Str(y)) => Some(x.cmp(y)),
        _ => None,
    };
    match op {
        BinOp::Eq | BinOp::Ne => {
            if a.is_null() || b.is_null() {
                return Val::Null;
            }
            Val::Bool((a == b) == (op == BinOp::Eq))
        }
        BinOp::Lt => ord.map_or(Val::Null, |o| Val::Bool(o.is_lt())),
        BinOp::Le => ord.map_or(Val::Null, |o| Val::Bool(o.is_le())),
        BinOp::Gt => ord.map_or(Val::Null, |o| Val::Bool(o.is_gt())),
        BinOp::Ge => ord.map_or(Val::Null, |o| Val::Bool(o.is_ge())),
        BinOp::Add => match (a, b) {
            (Val::Num(x), Val::Num(y)) => Val::num(x + y),
            (Val::Date(d), Val::Num(n)) => shift(d, n),
            _ => Val::Null,
        },
        BinOp::Sub => match (a, b) {
            (Val::Num(x), Val::Num(y)) => Val::num(x - y),
            (Val::Date(d), Val::Num(n)) => shift(d, -n),
            (Val::Date(x), Val::Date(y)) => Val::Num((x - y).num_days() as f64),
            _ => Val::Null,
        },
        BinOp::Mul => match (a, b) {
            (Val::Num(x), Val::Num(y)) => Val::num(x * y),
            _ => Val::Null,
        },
        BinOp::Div | BinOp::Rem => match (a, b) {
            (Val::Num(_), Val::Num(0.0)) => Val::Null,
            (Val::Num(x), Val::Num(y)) if op == BinOp::Div => Val::num(x / y),
            (Val::Num(x), Val::Num(y)) => Val::num(x % y),
            _ => Val::Null,
        },
        BinOp::And | BinOp::Or => Val::Null,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_memo_table_keeps_every_key_through_growth() {
        let mut t = Table::default();
        assert_eq!(t.get(7), None);
        // Keys that collide on the low bits land in neighbouring slots.
        let keys: Vec<u64> = (1..=1000u64).map(|k| (k << 32) | 1).collect();
        for (n, &k) in keys.iter().enumerate() {
            t.insert(k, Val::Num(n as f64));
        }
        t.insert(keys[3], Val::Bool(true));
        assert_eq!(t.used, 1000);
        assert!(t.slots.len() >= 2000, "at most half full");
        for (n, &k) in keys.iter().enumerate() {
            let want = if n == 3 {
                Val::Bool(true)
            } else {
                Val::Num(n as f64)
            };
            assert_eq!(t.get(k), Some(&want), "key {k}");
        }
        assert_eq!(t.get(3), None);
        assert_eq!(t.get((2000 << 32) | 1), None);
    }
}
