//! Text that goes into one-line outputs and messages: control characters escaped so an id
//! or a value with a newline cannot forge a line of `lint` output or of standard error,
//! and long values quoted by a bounded prefix so a 50 MB answer is not echoed whole.

pub mod date;
pub mod locale;
pub mod messages;
pub mod number;

use std::borrow::Cow;
use std::fmt::Write;

/// How many characters of a value a message quotes.
pub const QUOTE_CHARS: usize = 80;

/// `s` with every control character written as an escape (`\n`, `\t`, `\u{7f}`): the
/// result holds no line break, whatever `s` holds.
pub fn one_line(s: &str) -> Cow<'_, str> {
    if !s.chars().any(needs_escape) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if needs_escape(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Control characters, the line and paragraph separators (a line break to some readers)
/// and the bidirectional controls (which reorder what follows them on screen, so a hostile
/// id could make a message read otherwise).
fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
        )
}

/// `s` on one line, cut to its first [`QUOTE_CHARS`] characters (with `…`) when longer.
pub fn clip(s: &str) -> Cow<'_, str> {
    match s.char_indices().nth(QUOTE_CHARS) {
        None => one_line(s),
        Some((end, _)) => Cow::Owned(format!("{}…", one_line(&s[..end]))),
    }
}

/// `s` in backquotes for a message: on one line, and cut to its first [`QUOTE_CHARS`]
/// characters with the full length said when longer.
pub fn quote(s: &str) -> String {
    let n = s.chars().count();
    if n <= QUOTE_CHARS {
        return format!("`{}`", one_line(s));
    }
    let cut: String = s.chars().take(QUOTE_CHARS).collect();
    format!("`{}…` ({n} characters)", one_line(&cut))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(
            one_line("a\nerror / x\r\t\u{1}"),
            "a\\nerror / x\\r\\t\\u{1}"
        );
        assert!(matches!(one_line("普通 text"), Cow::Borrowed(_)));
        // Line separators and bidirectional controls are escaped too.
        assert_eq!(one_line("a\u{2028}b\u{2029}c"), "a\\u{2028}b\\u{2029}c");
        assert_eq!(one_line("x\u{202e}gpj.exe"), "x\\u{202e}gpj.exe");
        assert_eq!(one_line("\u{2066}y\u{2069}"), "\\u{2066}y\\u{2069}");
    }

    #[test]
    fn long_values_are_quoted_by_a_prefix() {
        let long = "x".repeat(50_000);
        let q = quote(&long);
        assert!(q.len() < 120, "{q}");
        assert!(q.ends_with("(50000 characters)"));
        assert_eq!(quote("ab\nc"), "`ab\\nc`");
        assert_eq!(clip(&long).chars().count(), QUOTE_CHARS + 1);
    }
}
