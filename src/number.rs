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

/// The shortest text that reads back as `x` (ryu, through serde_json), for messages about
/// template values.
pub fn shortest(x: f64) -> String {
    serde_json::Number::from_f64(x).map_or_else(|| "—".into(), |n| n.to_string())
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
        assert_eq!(format_number(1e20), "1e+20");
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
}
