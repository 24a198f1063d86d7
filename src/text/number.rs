//! Decimal rounding and number printing shared by scores, `round()` and messages.
//!
//! Scores and points are decimal quantities stored in binary floats: `100 * 16.49 / 20` is
//! `82.44999…` in f64 although the decimal answer is exactly 82.45. Rounding "half away
//! from zero" must see that as a tie, so values within a few ulps of a half are snapped to
//! it before rounding.

/// Rounds `x` half away from zero to `decimals` places (0 to 6).
pub fn round_half_away(x: f64, decimals: u32) -> f64 {
    if !x.is_finite() {
        return x;
    }
    let scale = 10f64.powi(decimals as i32);
    let scaled = x * scale;
    let floor = scaled.abs().floor();
    let frac = scaled.abs() - floor;
    // Relative tolerance: a tie blurred by binary representation still rounds up.
    let tol = 1e-9 * scaled.abs().max(1.0);
    let magnitude = if frac + tol >= 0.5 {
        floor + 1.0
    } else {
        floor
    };
    let rounded = magnitude.copysign(x) / scale;
    if rounded == 0.0 {
        0.0
    } else {
        rounded
    }
}

/// Prints a number as messages show it (§2.4): at most two decimals, trailing zeros trimmed.
/// Integer arithmetic rather than `{:.2}`, which would pull float formatting into the wasm.
pub fn format_number(x: f64) -> String {
    let r = round_half_away(x, 2);
    if !r.is_finite() || r.abs() >= 1e15 {
        return shortest(r);
    }
    let cents = (r * 100.0).round() as i64;
    let sign = if cents < 0 { "-" } else { "" };
    let (int, frac) = (cents.abs() / 100, cents.abs() % 100);
    match frac {
        0 => format!("{sign}{int}"),
        f if f % 10 == 0 => format!("{sign}{int}.{}", f / 10),
        f => format!("{sign}{int}.{f:02}"),
    }
}

/// A score as shown: always one decimal (`90.0`, `82.5`).
pub fn format_score(x: f64) -> String {
    let r = round_half_away(x, 1);
    if !r.is_finite() || r.abs() >= 1e15 {
        return shortest(r);
    }
    let tenths = (r * 10.0).round() as i64;
    let sign = if tenths < 0 { "-" } else { "" };
    format!("{sign}{}.{}", tenths.abs() / 10, tenths.abs() % 10)
}

/// The shortest text that reads back as `x`, laid out as JavaScript's `String(x)` (and so
/// `JSON.stringify`) writes it: `0.1`, `90`, `1e+21`, `1.5e-7`. The digits come from ryu
/// with its small tables (serde_json's own printer carries a 10 KB table into the wasm).
pub fn shortest(x: f64) -> String {
    if !x.is_finite() {
        return "—".into();
    }
    if x == 0.0 {
        return "0".into();
    }
    let mut buf = ryu::Buffer::new();
    let text = buf.format_finite(x);
    let (sign, text) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text),
    };
    // ryu writes `d.ddd`, `ddd.d` or `d.ddde±x`; take its digits and the decimal exponent n
    // such that x = 0.digits × 10^n, which is how ECMAScript's Number::toString is stated.
    let (mantissa, exp) = match text.split_once('e') {
        Some((m, e)) => (m, e.parse::<i32>().unwrap_or(0)),
        None => (text, 0),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all = format!("{int}{frac}");
    let lead = all.len() - all.trim_start_matches('0').len();
    let digits = all[lead..].trim_end_matches('0');
    let n = int.len() as i32 + exp - lead as i32;
    let k = digits.len() as i32;
    let body = if k <= n && n <= 21 {
        format!("{digits}{}", "0".repeat((n - k) as usize))
    } else if 0 < n && n <= 21 {
        format!("{}.{}", &digits[..n as usize], &digits[n as usize..])
    } else if -6 < n && n <= 0 {
        format!("0.{}{digits}", "0".repeat((-n) as usize))
    } else {
        let e = n - 1;
        let e_sign = if e < 0 { '-' } else { '+' };
        let (first, rest) = digits.split_at(1);
        let dot = if rest.is_empty() { "" } else { "." };
        format!("{first}{dot}{rest}e{e_sign}{}", e.abs())
    };
    format!("{sign}{body}")
}

/// A float as documents print it: integral values keep one decimal (`90.0`, as the spec
/// shows scores), others are [`shortest`]; not-a-number prints `null`.
pub fn json_float(x: f64) -> String {
    if !x.is_finite() {
        "null".into()
    } else if x.fract() == 0.0 && x.abs() < 1e16 {
        format!("{}.0", x as i64)
    } else {
        shortest(x)
    }
}

/// Reads a decimal number as typed or written in an expression (`12`, `-0.5`, `.5`, `3.`,
/// `1e3`); `None` when it is not one. serde_json's reader does the work: the standard
/// library's would link its own 10 KB table of powers into the wasm.
pub fn parse(text: &str) -> Option<f64> {
    let t = text.trim();
    let (sign, t) = match t.as_bytes().first() {
        Some(b'-') => ("-", &t[1..]),
        Some(b'+') => ("", &t[1..]),
        _ => ("", t),
    };
    if !t
        .bytes()
        .next()
        .is_some_and(|b| b.is_ascii_digit() || b == b'.')
    {
        return None;
    }
    // JSON wants one digit before and after a point and no leading zeros; typed text may
    // have neither, so it is brought into that form first.
    let (mantissa, exp) = match t.find(['e', 'E']) {
        Some(i) => t.split_at(i),
        None => (t, ""),
    };
    if !mantissa.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let int = int.trim_start_matches('0');
    let int = if int.is_empty() { "0" } else { int };
    let frac = if frac.is_empty() { "0" } else { frac };
    let json = format!("{sign}{int}.{frac}{exp}");
    serde_json::from_str::<serde_json::Value>(&json)
        .ok()
        .and_then(|v| v.as_f64())
        .filter(|x| x.is_finite())
}

/// True when `x` has at most two decimals (points are stored as hundredths).
pub fn has_two_decimals(x: f64) -> bool {
    let h = x * 100.0;
    (h - h.round()).abs() < 1e-6
}

/// A JSON number for output: integral values print without a fraction (`9`, not `9.0`).
pub fn json_number(x: f64) -> serde_json::Value {
    if x.fract() == 0.0 && x.abs() < 9.0e15 {
        serde_json::Value::from(x as i64)
    } else {
        serde_json::Number::from_f64(x)
            .map(serde_json::Value::Number)
            .unwrap_or(serde_json::Value::Null)
    }
}

/// A JSON number for scores: always with a decimal point (`90.0`), as the spec shows them.
pub fn json_score(x: Option<f64>) -> serde_json::Value {
    x.and_then(serde_json::Number::from_f64)
        .map(serde_json::Value::Number)
        .unwrap_or(serde_json::Value::Null)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounds_ties_away_from_zero() {
        assert_eq!(round_half_away(0.25, 1), 0.3);
        assert_eq!(round_half_away(-0.25, 1), -0.3);
        assert_eq!(round_half_away(2.5, 0), 3.0);
        assert_eq!(round_half_away(-2.5, 0), -3.0);
        assert_eq!(round_half_away(100.0 * 16.49 / 20.0, 1), 82.5);
        assert_eq!(round_half_away(89.96, 1), 90.0);
        assert_eq!(round_half_away(1.005, 2), 1.01);
        assert_eq!(round_half_away(66.6666, 1), 66.7);
        assert_eq!(round_half_away(-0.01, 1), 0.0);
    }

    #[test]
    fn formats_like_the_spec() {
        assert_eq!(format_number(0.1 + 0.2), "0.3");
        assert_eq!(format_number(3.0), "3");
        assert_eq!(format_number(2.5), "2.5");
        assert_eq!(format_number(1.005), "1.01");
        assert_eq!(format_number(-0.001), "0");
        assert_eq!(format_number(1234567.891), "1234567.89");
        assert_eq!(format_number(-2.5), "-2.5");
        assert_eq!(format_number(0.05), "0.05");
        assert_eq!(format_number(1e20), "100000000000000000000");
        assert_eq!(format_score(90.0), "90.0");
        assert_eq!(format_score(82.45), "82.5");
        assert_eq!(format_score(-6.5), "-6.5");
        assert_eq!(format_score(0.04), "0.0");
        assert_eq!(shortest(1.5), "1.5");
    }

    #[test]
    fn json_numbers() {
        assert_eq!(json_number(9.0).to_string(), "9");
        assert_eq!(json_number(2.5).to_string(), "2.5");
        assert_eq!(json_score(Some(90.0)).to_string(), "90.0");
        assert_eq!(json_score(None).to_string(), "null");
    }

    #[test]
    fn shortest_is_what_javascript_prints() {
        // Expected strings are String(x) in a browser.
        let cases: &[(f64, &str)] = &[
            (0.1, "0.1"),
            (-2.5, "-2.5"),
            (90.0, "90"),
            (1.0 / 3.0, "0.3333333333333333"),
            (0.1 + 0.2, "0.30000000000000004"),
            (123456789012345680000.0, "123456789012345680000"),
            (1e21, "1e+21"),
            (1.5e21, "1.5e+21"),
            (0.000001, "0.000001"),
            (1.5e-7, "1.5e-7"),
            (1e-7, "1e-7"),
            (-0.00001234, "-0.00001234"),
            (5e-324, "5e-324"),
            (f64::MAX, "1.7976931348623157e+308"),
            (0.0, "0"),
            (-0.0, "0"),
            (100.25, "100.25"),
        ];
        for (x, want) in cases {
            assert_eq!(shortest(*x), *want, "{x:e}");
        }
        assert_eq!(shortest(f64::NAN), "—");
        assert_eq!(json_float(90.0), "90.0");
        assert_eq!(json_float(-3.0), "-3.0");
        assert_eq!(json_float(0.5), "0.5");
        assert_eq!(json_float(f64::INFINITY), "null");
    }

    #[test]
    fn parses_typed_numbers() {
        let cases: &[(&str, f64)] = &[
            ("12", 12.0),
            (" -0.5 ", -0.5),
            (".5", 0.5),
            ("3.", 3.0),
            ("+7", 7.0),
            ("007.25", 7.25),
            ("1e3", 1000.0),
            ("2.5E-2", 0.025),
            ("0.1", 0.1),
            ("16.49", 16.49),
        ];
        for (text, want) in cases {
            assert_eq!(parse(text), Some(*want), "{text}");
        }
        for bad in [
            "", "-", ".", "abc", "1.2.3", "1e", "NaN", "inf", "1e999", "12abc", "--1", "0x10",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }
}
