//! Load-time name resolution and type checking (§2.3).
//!
//! Every name is resolved to a [`Slot`] in place, `date('…')` literals are parsed once, and
//! every operator and function is checked against the types of its operands, so that a
//! template that loads can never meet a type error at evaluation time.

use super::ast::{BinOp, Expr, Func, Name, Slot, UnOp};
use super::value::Val;
use super::ExprError;
use crate::problem::Code;
use crate::text::date;

/// Static types. `Null` is the type of the `null` literal and of anything not yet known; it
/// unifies with every other type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    Num,
    Bool,
    Str,
    Date,
    List,
    Null,
    Repeat,
}

impl Ty {
    pub fn name(self) -> &'static str {
        match self {
            Ty::Num => "number",
            Ty::Bool => "boolean",
            Ty::Str => "string",
            Ty::Date => "date",
            Ty::List => "list",
            Ty::Null => "null",
            Ty::Repeat => "repeat",
        }
    }

    fn of(v: &Val) -> Ty {
        match v {
            Val::Null => Ty::Null,
            Val::Num(_) => Ty::Num,
            Val::Bool(_) => Ty::Bool,
            Val::Str(_) => Ty::Str,
            Val::Date(_) => Ty::Date,
            Val::List(_) => Ty::List,
        }
    }
}

/// What the checker needs to know about the names of a template.
pub trait Scope {
    /// Resolves `id` read at top level (`repeat` = None) or inside rows of a repeat item.
    fn resolve(&self, id: &str, repeat: Option<usize>) -> Result<(Slot, Ty), ExprError>;
    /// The answer values a yesno or choice item can take, for the comparison warning.
    fn values(&self, slot: Slot) -> Option<Vec<String>>;
}

/// Checks `expr` read in `repeat`'s rows (or at top level); returns its type. Warnings
/// (comparisons with impossible values) are pushed to `warnings`.
pub fn check(
    expr: &mut Expr,
    scope: &dyn Scope,
    repeat: Option<usize>,
    warnings: &mut Vec<ExprError>,
) -> Result<Ty, ExprError> {
    Checker { scope, warnings }.expr(expr, repeat)
}

struct Checker<'a> {
    scope: &'a dyn Scope,
    warnings: &'a mut Vec<ExprError>,
}

fn type_err(msg: String) -> ExprError {
    ExprError::new(Code::Type, msg)
}

fn unify(a: Ty, b: Ty) -> Option<Ty> {
    match (a, b) {
        (Ty::Null, t) | (t, Ty::Null) => Some(t),
        (a, b) if a == b => Some(a),
        _ => None,
    }
}

fn want(got: Ty, allowed: &[Ty], what: &str) -> Result<(), ExprError> {
    if got == Ty::Null || allowed.contains(&got) {
        Ok(())
    } else {
        let names: Vec<_> = allowed.iter().map(|t| t.name()).collect();
        Err(type_err(format!(
            "{what} needs {}, not {}",
            names.join(" or "),
            got.name()
        )))
    }
}

impl Checker<'_> {
    fn expr(&mut self, e: &mut Expr, rep: Option<usize>) -> Result<Ty, ExprError> {
        let ty = self.any(e, rep)?;
        if ty == Ty::Repeat {
            return Err(type_err(
                "a repeat item can only be read through count, sum, countif, all or any".into(),
            ));
        }
        Ok(ty)
    }

    fn any(&mut self, e: &mut Expr, rep: Option<usize>) -> Result<Ty, ExprError> {
        match e {
            Expr::Lit(v) => Ok(Ty::of(v)),
            Expr::Name(n) => {
                let (slot, ty) = self.scope.resolve(&n.id, rep)?;
                n.slot = slot;
                Ok(ty)
            }
            Expr::Unary(UnOp::Neg, a) => {
                let t = self.expr(a, rep)?;
                want(t, &[Ty::Num], "`-`")?;
                Ok(Ty::Num)
            }
            Expr::Unary(UnOp::Not, a) => {
                let t = self.expr(a, rep)?;
                want(t, &[Ty::Bool], "`not`")?;
                Ok(Ty::Bool)
            }
            Expr::Binary(op, a, b) => {
                let op = *op;
                let ta = self.expr(a, rep)?;
                let tb = self.expr(b, rep)?;
                self.binary(op, ta, tb, a, b)
            }
            Expr::Call(f, args) => {
                let f = *f;
                let (ty, lit) = self.call(f, args, rep)?;
                if let Some(v) = lit {
                    *e = Expr::Lit(v);
                }
                Ok(ty)
            }
        }
    }

    fn binary(&mut self, op: BinOp, ta: Ty, tb: Ty, a: &Expr, b: &Expr) -> Result<Ty, ExprError> {
        let sym = op.symbol();
        let mismatch = || {
            type_err(format!(
                "`{sym}` cannot combine {} and {}",
                ta.name(),
                tb.name()
            ))
        };
        match op {
            BinOp::And | BinOp::Or => {
                want(ta, &[Ty::Bool], &format!("`{sym}`"))?;
                want(tb, &[Ty::Bool], &format!("`{sym}`"))?;
                Ok(Ty::Bool)
            }
            BinOp::Eq | BinOp::Ne => {
                unify(ta, tb).ok_or_else(mismatch)?;
                self.warn_impossible(a, b);
                self.warn_impossible(b, a);
                Ok(Ty::Bool)
            }
            BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => {
                let t = unify(ta, tb).ok_or_else(mismatch)?;
                want(t, &[Ty::Num, Ty::Date, Ty::Str], &format!("`{sym}`"))?;
                Ok(Ty::Bool)
            }
            BinOp::Add => match (ta, tb) {
                (Ty::Num | Ty::Null, Ty::Num | Ty::Null) => Ok(Ty::Num),
                (Ty::Date, Ty::Num | Ty::Null) => Ok(Ty::Date),
                _ => Err(mismatch()),
            },
            BinOp::Sub => match (ta, tb) {
                (Ty::Num, Ty::Num | Ty::Null) | (Ty::Null, Ty::Num) => Ok(Ty::Num),
                (Ty::Date, Ty::Num) => Ok(Ty::Date),
                (Ty::Date | Ty::Null, Ty::Date) => Ok(Ty::Num),
                (Ty::Date, Ty::Null) | (Ty::Null, Ty::Null) => Ok(Ty::Null),
                _ => Err(mismatch()),
            },
            BinOp::Mul | BinOp::Div | BinOp::Rem => {
                want(ta, &[Ty::Num], &format!("`{sym}`"))?;
                want(tb, &[Ty::Num], &format!("`{sym}`"))?;
                Ok(Ty::Num)
            }
        }
    }

    /// `item == 'maybe'` where the yesno or choice item can never be 'maybe'.
    fn warn_impossible(&mut self, name: &Expr, lit: &Expr) {
        if let (Expr::Name(Name { id, slot }), Expr::Lit(Val::Str(s))) = (name, lit) {
            if let Some(values) = self.scope.values(*slot) {
                if !values.iter().any(|v| v == s) {
                    let message = format!(
                        "`{id}` is compared with '{s}', which is not one of its values ({})",
                        values.join(", ")
                    );
                    self.warnings.push(
                        ExprError::new(Code::UnknownValue, message)
                            .about(|| vec![id.to_string(), s.to_string()]),
                    );
                }
            }
        }
    }

    fn arity(f: Func, n: usize, lo: usize, hi: usize) -> Result<(), ExprError> {
        if n < lo || n > hi {
            let expected = match (lo, hi) {
                (l, h) if l == h => format!("{l}"),
                (l, usize::MAX) => format!("at least {l}"),
                (l, h) => format!("{l} to {h}"),
            };
            return Err(type_err(format!(
                "{}() takes {expected} argument(s), not {n}",
                f.name()
            )));
        }
        Ok(())
    }

    fn call(
        &mut self,
        f: Func,
        args: &mut [Expr],
        rep: Option<usize>,
    ) -> Result<(Ty, Option<Val>), ExprError> {
        let fname = f.name();
        let n = args.len();
        let one_num = |c: &mut Self, args: &mut [Expr]| -> Result<Ty, ExprError> {
            Self::arity(f, n, 1, 1)?;
            let t = c.expr(&mut args[0], rep)?;
            want(t, &[Ty::Num], &format!("{fname}()"))?;
            Ok(Ty::Num)
        };
        let one_date = |c: &mut Self, args: &mut [Expr]| -> Result<Ty, ExprError> {
            Self::arity(f, n, 1, 1)?;
            let t = c.expr(&mut args[0], rep)?;
            want(t, &[Ty::Date], &format!("{fname}()"))?;
            Ok(Ty::Num)
        };
        let ty = match f {
            Func::Ceil | Func::Floor | Func::Abs => one_num(self, args)?,
            Func::Round => self.round(args, rep)?,
            Func::Min | Func::Max => self.extreme(f, args, rep)?,
            Func::If => {
                Self::arity(f, n, 3, 3)?;
                let c = self.expr(&mut args[0], rep)?;
                want(c, &[Ty::Bool], "the condition of if()")?;
                let a = self.expr(&mut args[1], rep)?;
                let b = self.expr(&mut args[2], rep)?;
                unify(a, b).ok_or_else(|| {
                    type_err(format!(
                        "if() branches differ: {} and {}",
                        a.name(),
                        b.name()
                    ))
                })?
            }
            Func::Coalesce => {
                Self::arity(f, n, 1, usize::MAX)?;
                let mut t = Ty::Null;
                for a in args.iter_mut() {
                    let ta = self.expr(a, rep)?;
                    t = unify(t, ta).ok_or_else(|| {
                        type_err(format!(
                            "coalesce() arguments differ: {} and {}",
                            t.name(),
                            ta.name()
                        ))
                    })?;
                }
                t
            }
            Func::Answered => {
                Self::arity(f, n, 1, 1)?;
                if !matches!(args[0], Expr::Name(_)) {
                    return Err(type_err("answered() takes an item id".into()));
                }
                self.any(&mut args[0], rep)?;
                Ty::Bool
            }
            Func::Date => {
                Self::arity(f, n, 1, 1)?;
                let Expr::Lit(Val::Str(s)) = &args[0] else {
                    return Err(type_err(
                        "date() takes a 'YYYY-MM-DD' string literal".into(),
                    ));
                };
                let d = date::parse(s).ok_or_else(|| {
                    type_err(format!("date('{s}') is not a real YYYY-MM-DD date"))
                })?;
                return Ok((Ty::Date, Some(Val::Date(d))));
            }
            Func::Today => {
                Self::arity(f, n, 0, 0)?;
                Ty::Date
            }
            Func::Days => {
                Self::arity(f, n, 2, 2)?;
                for a in args.iter_mut() {
                    let t = self.expr(a, rep)?;
                    want(t, &[Ty::Date], "days()")?;
                }
                Ty::Num
            }
            Func::Year | Func::Month | Func::Day | Func::Weekday => one_date(self, args)?,
            Func::Len => {
                Self::arity(f, n, 1, 1)?;
                let t = self.expr(&mut args[0], rep)?;
                want(t, &[Ty::Str, Ty::List], "len()")?;
                Ty::Num
            }
            Func::Contains => {
                Self::arity(f, n, 2, 2)?;
                let l = self.expr(&mut args[0], rep)?;
                want(l, &[Ty::List], "contains()")?;
                let s = self.expr(&mut args[1], rep)?;
                want(s, &[Ty::Str], "the value of contains()")?;
                Ty::Bool
            }
            Func::Count | Func::Sum | Func::CountIf | Func::All | Func::Any => {
                self.aggregate(f, args, rep)?
            }
        };
        Ok((ty, None))
    }

    /// `round(x)` or `round(x, decimals)`: numbers, and a literal count of 0 to 6 decimals.
    fn round(&mut self, args: &mut [Expr], rep: Option<usize>) -> Result<Ty, ExprError> {
        let (f, n) = (Func::Round, args.len());
        Self::arity(f, n, 1, 2)?;
        for a in args.iter_mut() {
            let t = self.expr(a, rep)?;
            want(t, &[Ty::Num], "round()")?;
        }
        if let Some(Expr::Lit(Val::Num(d))) = args.get(1) {
            if d.fract() != 0.0 || !(0.0..=6.0).contains(d) {
                return Err(type_err(format!(
                    "round() keeps 0 to 6 decimals, not {}",
                    crate::text::number::shortest(*d)
                )));
            }
        }
        Ok(Ty::Num)
    }

    /// `min()`/`max()`: numbers or dates, not both.
    fn extreme(&mut self, f: Func, args: &mut [Expr], rep: Option<usize>) -> Result<Ty, ExprError> {
        let (fname, n) = (f.name(), args.len());
        Self::arity(f, n, 1, usize::MAX)?;
        let mut t = Ty::Null;
        for a in args.iter_mut() {
            let ta = self.expr(a, rep)?;
            want(ta, &[Ty::Num, Ty::Date], &format!("{fname}()"))?;
            t = unify(t, ta)
                .ok_or_else(|| type_err(format!("{fname}() mixes numbers and dates")))?;
        }
        Ok(t)
    }

    /// `count(r)`, `sum(r, x)`, `count_if(r, c)`, `all(r, c)`, `any(r, c)`: a repeat item
    /// first, then an expression over its row (a number for `sum`, a boolean otherwise).
    fn aggregate(
        &mut self,
        f: Func,
        args: &mut [Expr],
        rep: Option<usize>,
    ) -> Result<Ty, ExprError> {
        let (fname, n) = (f.name(), args.len());
        let (lo, hi) = if f == Func::Count { (1, 1) } else { (2, 2) };
        Self::arity(f, n, lo, hi)?;
        let Expr::Name(name) = &mut args[0] else {
            return Err(type_err(format!("{fname}() takes a repeat item first")));
        };
        let (slot, ty) = self.scope.resolve(&name.id, rep)?;
        let Slot::Item(r) = slot else {
            return Err(type_err(format!("{fname}() takes a repeat item first")));
        };
        if ty != Ty::Repeat {
            return Err(type_err(format!(
                "{fname}() takes a repeat item first; `{}` is a {}",
                name.id,
                ty.name()
            )));
        }
        name.slot = slot;
        if let Some(body) = args.get_mut(1) {
            let t = self.expr(body, Some(r))?;
            if f == Func::Sum {
                want(t, &[Ty::Num], "sum()")?;
            } else {
                want(t, &[Ty::Bool], &format!("the condition of {fname}()"))?;
            }
        }
        Ok(match f {
            Func::All | Func::Any => Ty::Bool,
            _ => Ty::Num,
        })
    }
}
