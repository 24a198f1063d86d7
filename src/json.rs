//! JSON text out: every document the engine prints goes through here, so a number prints
//! the same way everywhere (scores as `90.0`, other floats in ECMAScript's shortest form)
//! and serde_json's own float printer, a 10 KB table in the wasm, is never linked.

use serde::Serialize;
use serde_json::ser::{CompactFormatter, Formatter, PrettyFormatter, Serializer};
use std::io;

/// Compact JSON, as `JSON.stringify` writes it.
pub fn to_string<T: Serialize + ?Sized>(v: &T) -> String {
    write(v, Numbers(CompactFormatter))
}

/// Two-space indented JSON.
pub fn to_string_pretty<T: Serialize + ?Sized>(v: &T) -> String {
    write(v, Numbers(PrettyFormatter::new()))
}

fn write<T: Serialize + ?Sized, F: Formatter>(v: &T, f: F) -> String {
    let mut out = Vec::with_capacity(256);
    let mut ser = Serializer::with_formatter(&mut out, f);
    // Our documents are maps with string keys written into memory: nothing here can fail,
    // and a failure would be a bug worth an empty document rather than a panic.
    if v.serialize(&mut ser).is_err() {
        return String::new();
    }
    String::from_utf8(out).unwrap_or_default()
}

/// A formatter that hands floats to [`crate::number`] and everything else to `F`.
struct Numbers<F>(F);

impl<F: Formatter> Formatter for Numbers<F> {
    fn write_f64<W: ?Sized + io::Write>(&mut self, w: &mut W, x: f64) -> io::Result<()> {
        w.write_all(crate::number::json_float(x).as_bytes())
    }
    fn write_f32<W: ?Sized + io::Write>(&mut self, w: &mut W, x: f32) -> io::Result<()> {
        self.write_f64(w, x as f64)
    }
    fn begin_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn end_object_key<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_key(w)
    }
    fn begin_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_value(w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn numbers_print_one_way() {
        let v = json!({"score": 90.0, "n": 3, "x": 0.1, "big": 1e21, "small": 1.5e-7, "neg": -2.5});
        assert_eq!(
            to_string(&v),
            r#"{"big":1e+21,"n":3,"neg":-2.5,"score":90.0,"small":1.5e-7,"x":0.1}"#
        );
        assert_eq!(
            to_string_pretty(&json!({"a": [1.5]})),
            "{\n  \"a\": [\n    1.5\n  ]\n}"
        );
        assert_eq!(to_string(&f64::NAN), "null");
        assert_eq!(to_string("é\"\n"), "\"é\\\"\\n\"");
    }
}
