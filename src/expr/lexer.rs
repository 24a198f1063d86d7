//! Tokens of the expression language (§2.1).

use super::ExprError;
use crate::problem::Code;

#[derive(Debug, Clone, PartialEq)]
pub enum Tok {
    Num(f64),
    Str(String),
    Name(String),
    LParen,
    RParen,
    Comma,
    Op(&'static str),
}

/// A token and the character offset where it starts (for messages).
pub type Spanned = (Tok, usize);

pub fn lex(src: &str) -> Result<Vec<Spanned>, ExprError> {
    let chars: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let start = i;
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if c.is_ascii_digit() {
            let (n, end) = number(&chars, start)?;
            out.push((Tok::Num(n), start));
            i = end;
            continue;
        }
        if c.is_ascii_alphabetic() || c == '_' {
            while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            out.push((Tok::Name(chars[start..i].iter().collect()), start));
            continue;
        }
        if c == '\'' || c == '"' {
            let (text, end) = string(&chars, start)?;
            out.push((Tok::Str(text), start));
            i = end;
            continue;
        }
        let two: String = chars[i..(i + 2).min(chars.len())].iter().collect();
        let op2 = ["==", "!=", "<=", ">=", "&&", "||"]
            .into_iter()
            .find(|op| *op == two);
        if let Some(op) = op2 {
            out.push((Tok::Op(op), start));
            i += 2;
            continue;
        }
        let tok = match c {
            '(' => Tok::LParen,
            ')' => Tok::RParen,
            ',' => Tok::Comma,
            '<' => Tok::Op("<"),
            '>' => Tok::Op(">"),
            '+' => Tok::Op("+"),
            '-' => Tok::Op("-"),
            '*' => Tok::Op("*"),
            '/' => Tok::Op("/"),
            '%' => Tok::Op("%"),
            '!' => Tok::Op("!"),
            _ => {
                return Err(ExprError::new(
                    Code::Parse,
                    format!("unexpected character `{c}` at {}", start + 1),
                )
                .about(|| vec![c.to_string()]))
            }
        };
        out.push((tok, start));
        i += 1;
    }
    Ok(out)
}

/// The number starting at `start` (digits, then maybe `.` and digits) and where it ends.
fn number(chars: &[char], start: usize) -> Result<(f64, usize), ExprError> {
    let mut i = start;
    while i < chars.len() && chars[i].is_ascii_digit() {
        i += 1;
    }
    if i + 1 < chars.len() && chars[i] == '.' && chars[i + 1].is_ascii_digit() {
        i += 1;
        while i < chars.len() && chars[i].is_ascii_digit() {
            i += 1;
        }
    }
    let text: String = chars[start..i].iter().collect();
    let n = crate::text::number::parse(&text).ok_or_else(|| {
        ExprError::new(Code::Parse, format!("bad number `{text}` at {}", start + 1))
    })?;
    Ok((n, i))
}

/// The string literal whose quote is at `start`, unescaped, and where it ends (after the
/// closing quote). Only `\\`, `\'` and `\"` are escapes.
fn string(chars: &[char], start: usize) -> Result<(String, usize), ExprError> {
    let quote = chars[start];
    let mut i = start + 1;
    let mut s = String::new();
    loop {
        match chars.get(i) {
            None => {
                return Err(ExprError::new(
                    Code::Parse,
                    format!("string starting at {} is not closed", start + 1),
                ))
            }
            Some(&q) if q == quote => return Ok((s, i + 1)),
            Some('\\') => match chars.get(i + 1) {
                Some(&e @ ('\\' | '\'' | '"')) => {
                    s.push(e);
                    i += 2;
                }
                _ => {
                    return Err(ExprError::new(
                        Code::Parse,
                        format!(
                            "unknown escape at {}: only \\\\, \\' and \\\" are allowed",
                            i + 1
                        ),
                    ))
                }
            },
            Some(&ch) => {
                s.push(ch);
                i += 1;
            }
        }
    }
}
