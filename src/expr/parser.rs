//! Recursive-descent parser for the grammar of §2.1, with a nesting limit so that hostile
//! input is an error and never a stack overflow.

use super::ast::{BinOp, Expr, Func, Name, Slot, UnOp};
use super::lexer::{lex, Spanned, Tok};
use super::value::Val;
use super::ExprError;
use crate::problem::Code;

/// Deepest tree accepted: nesting plus the length of operator chains (`a + b + …` nests to
/// the left). Checking and evaluation recurse this deep.
pub const MAX_DEPTH: usize = 256;

/// Deepest nesting of parentheses, call arguments and prefix operators. The parser recurses
/// through nine functions per level, so this bound keeps it far from any stack limit
/// (wasm's 1 MiB included).
pub const MAX_NESTING: usize = 32;

/// Parses one expression.
pub fn parse(src: &str) -> Result<Expr, ExprError> {
    let toks = lex(src)?;
    let mut p = Parser {
        toks,
        pos: 0,
        depth: 0,
        nest: 0,
        end: src.chars().count(),
    };
    let e = p.expr()?;
    match p.toks.get(p.pos) {
        None => Ok(e),
        Some((t, at)) => Err(p.err_at(
            *at,
            format!("unexpected {} after the expression", describe(t)),
        )),
    }
}

struct Parser {
    toks: Vec<Spanned>,
    pos: usize,
    depth: usize,
    nest: usize,
    end: usize,
}

fn describe(t: &Tok) -> String {
    match t {
        Tok::Num(n) => format!("number {}", crate::text::number::shortest(*n)),
        Tok::Str(s) => format!("string '{s}'"),
        Tok::Name(n) => format!("`{n}`"),
        Tok::LParen => "`(`".into(),
        Tok::RParen => "`)`".into(),
        Tok::Comma => "`,`".into(),
        Tok::Op(o) => format!("`{o}`"),
    }
}

impl Parser {
    fn err_at(&self, at: usize, msg: String) -> ExprError {
        ExprError::new(Code::Parse, format!("{msg} (at character {})", at + 1))
    }

    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|(t, _)| t)
    }

    fn here(&self) -> usize {
        self.toks.get(self.pos).map_or(self.end, |(_, at)| *at)
    }

    fn is_op(&self, ops: &[&str]) -> Option<&'static str> {
        match self.peek() {
            Some(Tok::Op(o)) if ops.contains(o) => Some(o),
            Some(Tok::Name(n)) if ops.contains(&n.as_str()) => {
                ["and", "or", "not"].into_iter().find(|k| k == n)
            }
            _ => None,
        }
    }

    /// Enters one level of recursion: nesting and tree depth both grow.
    fn enter(&mut self) -> Result<(), ExprError> {
        self.nest += 1;
        if self.nest > MAX_NESTING {
            return Err(self.err_at(
                self.here(),
                format!("expression nested more than {MAX_NESTING} levels deep"),
            ));
        }
        self.grow()
    }

    fn leave(&mut self) {
        self.nest -= 1;
        self.depth -= 1;
    }

    /// One more link in an operator chain: the tree grows one level deeper.
    fn grow(&mut self) -> Result<(), ExprError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.err_at(
                self.here(),
                format!("expression nested more than {MAX_DEPTH} levels deep"),
            ));
        }
        Ok(())
    }

    fn expr(&mut self) -> Result<Expr, ExprError> {
        self.enter()?;
        let e = self.or();
        self.leave();
        e
    }

    fn or(&mut self) -> Result<Expr, ExprError> {
        let mut e = self.and()?;
        let base = self.depth;
        while self.is_op(&["or", "||"]).is_some() {
            self.pos += 1;
            self.grow()?;
            e = Expr::Binary(BinOp::Or, Box::new(e), Box::new(self.and()?));
        }
        self.depth = base;
        Ok(e)
    }

    fn and(&mut self) -> Result<Expr, ExprError> {
        let mut e = self.not()?;
        let base = self.depth;
        while self.is_op(&["and", "&&"]).is_some() {
            self.pos += 1;
            self.grow()?;
            e = Expr::Binary(BinOp::And, Box::new(e), Box::new(self.not()?));
        }
        self.depth = base;
        Ok(e)
    }

    fn not(&mut self) -> Result<Expr, ExprError> {
        if self.is_op(&["not", "!"]).is_some() {
            self.pos += 1;
            self.enter()?;
            let inner = self.not();
            self.leave();
            return Ok(Expr::Unary(UnOp::Not, Box::new(inner?)));
        }
        self.cmp()
    }

    fn cmp(&mut self) -> Result<Expr, ExprError> {
        let a = self.add()?;
        let op = match self.is_op(&["==", "!=", "<", "<=", ">", ">="]) {
            Some("==") => BinOp::Eq,
            Some("!=") => BinOp::Ne,
            Some("<") => BinOp::Lt,
            Some("<=") => BinOp::Le,
            Some(">") => BinOp::Gt,
            Some(">=") => BinOp::Ge,
            _ => return Ok(a),
        };
        self.pos += 1;
        let b = self.add()?;
        if self.is_op(&["==", "!=", "<", "<=", ">", ">="]).is_some() {
            return Err(self.err_at(
                self.here(),
                "comparisons do not chain; join them with `and`".into(),
            ));
        }
        Ok(Expr::Binary(op, Box::new(a), Box::new(b)))
    }

    fn add(&mut self) -> Result<Expr, ExprError> {
        let mut e = self.mul()?;
        let base = self.depth;
        while let Some(o) = self.is_op(&["+", "-"]) {
            self.pos += 1;
            self.grow()?;
            let op = if o == "+" { BinOp::Add } else { BinOp::Sub };
            e = Expr::Binary(op, Box::new(e), Box::new(self.mul()?));
        }
        self.depth = base;
        Ok(e)
    }

    fn mul(&mut self) -> Result<Expr, ExprError> {
        let mut e = self.unary()?;
        let base = self.depth;
        while let Some(o) = self.is_op(&["*", "/", "%"]) {
            self.pos += 1;
            self.grow()?;
            let op = match o {
                "*" => BinOp::Mul,
                "/" => BinOp::Div,
                _ => BinOp::Rem,
            };
            e = Expr::Binary(op, Box::new(e), Box::new(self.unary()?));
        }
        self.depth = base;
        Ok(e)
    }

    fn unary(&mut self) -> Result<Expr, ExprError> {
        if self.is_op(&["-"]).is_some() {
            self.pos += 1;
            self.enter()?;
            let inner = self.unary();
            self.leave();
            return Ok(Expr::Unary(UnOp::Neg, Box::new(inner?)));
        }
        self.primary()
    }

    fn primary(&mut self) -> Result<Expr, ExprError> {
        let at = self.here();
        let Some((tok, _)) = self.toks.get(self.pos).cloned() else {
            return Err(self.err_at(at, "the expression ends too early".into()));
        };
        self.pos += 1;
        match tok {
            Tok::Num(n) => Ok(Expr::Lit(Val::Num(n))),
            Tok::Str(s) => Ok(Expr::Lit(Val::Str(s.into()))),
            Tok::LParen => {
                let e = self.expr()?;
                self.expect_close(at)?;
                Ok(e)
            }
            Tok::Name(n) => match n.as_str() {
                "true" => Ok(Expr::Lit(Val::Bool(true))),
                "false" => Ok(Expr::Lit(Val::Bool(false))),
                "null" => Ok(Expr::Lit(Val::Null)),
                "and" | "or" | "not" => {
                    Err(self.err_at(at, format!("`{n}` needs an operand before it")))
                }
                _ if self.peek() == Some(&Tok::LParen) => {
                    self.pos += 1;
                    let func = Func::from_name(&n).ok_or_else(|| {
                        ExprError::new(
                            Code::UnknownName,
                            format!("unknown function `{n}` (at character {})", at + 1),
                        )
                        .about(|| vec![n.to_string()])
                    })?;
                    let mut args = Vec::new();
                    if self.peek() != Some(&Tok::RParen) {
                        loop {
                            args.push(self.expr()?);
                            if self.peek() == Some(&Tok::Comma) {
                                self.pos += 1;
                            } else {
                                break;
                            }
                        }
                    }
                    self.expect_close(at)?;
                    Ok(Expr::Call(func, args))
                }
                _ => Ok(Expr::Name(Name {
                    id: n,
                    slot: Slot::Unresolved,
                })),
            },
            other => Err(self.err_at(at, format!("unexpected {}", describe(&other)))),
        }
    }

    fn expect_close(&mut self, open: usize) -> Result<(), ExprError> {
        if self.peek() == Some(&Tok::RParen) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.err_at(
                self.here(),
                format!("`(` at character {} is not closed", open + 1),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precedence() {
        let e = parse("1 + 2 * 3 == 7 and not false").unwrap();
        assert!(matches!(e, Expr::Binary(BinOp::And, _, _)));
        assert!(parse("a < b < c").is_err());
        assert!(parse("(1").is_err());
        assert!(parse("1 +").is_err());
        assert!(parse("f(1)").unwrap_err().code == crate::problem::Code::UnknownName);
    }

    #[test]
    fn deep_nesting_is_an_error() {
        let deep = "(".repeat(10_000) + "1" + &")".repeat(10_000);
        assert_eq!(parse(&deep).unwrap_err().code, crate::problem::Code::Parse);
        let negs = "-".repeat(10_000) + "1";
        assert!(parse(&negs).is_err());
        let nots = "not ".repeat(10_000) + "true";
        assert!(parse(&nots).is_err());
        let ok = "(".repeat(30) + "1" + &")".repeat(30);
        assert!(parse(&ok).is_ok());
        let chain = vec!["1"; 100_000].join(" + ");
        assert_eq!(parse(&chain).unwrap_err().code, crate::problem::Code::Parse);
        let fine = vec!["1"; 200].join(" + ");
        assert!(parse(&fine).is_ok());
    }
}
