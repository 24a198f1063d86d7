//! JSON text out: every document the engine prints goes through here, so a number prints
//! the same way everywhere (scores as `90.0`, other floats in ECMAScript's shortest form)
//! and serde_json's own float printer, a 10 KB table in the wasm, is never linked.

use serde::Serialize;
use serde_json::ser::{CompactFormatter, Formatter, PrettyFormatter, Serializer};
use std::io;

/// Compact JSON, as `JSON.stringify` writes it.
pub fn to_string<T: Serialize + ?Sized>(v: &T) -> String {
    write(v, Numbers(None))
}

/// Two-space indented JSON.
pub fn to_string_pretty<T: Serialize + ?Sized>(v: &T) -> String {
    write(v, Numbers(Some(PrettyFormatter::new())))
}

fn write<T: Serialize + ?Sized>(v: &T, f: Numbers) -> String {
    let mut out = Vec::with_capacity(256);
    let mut ser = Serializer::with_formatter(&mut out, f);
    // Our documents are maps with string keys written into memory: nothing here can fail,
    // and a failure would be a bug worth an empty document rather than a panic.
    if v.serialize(&mut ser).is_err() {
        return String::new();
    }
    String::from_utf8(out).unwrap_or_default()
}

/// A formatter that hands floats to [`crate::text::number`] and the layout to serde_json's
/// pretty or compact formatter, chosen at run time: one serializer per document type
/// instead of two in the wasm.
struct Numbers(Option<PrettyFormatter<'static>>);

/// Forwards a layout method to the pretty or the compact formatter.
macro_rules! layout {
    ($($name:ident($($arg:ident: $ty:ty),*);)*) => {$(
        fn $name<W: ?Sized + io::Write>(&mut self, w: &mut W $(, $arg: $ty)*) -> io::Result<()> {
            match &mut self.0 {
                Some(p) => p.$name(w $(, $arg)*),
                None => CompactFormatter.$name(w $(, $arg)*),
            }
        }
    )*};
}

impl Formatter for Numbers {
    fn write_f64<W: ?Sized + io::Write>(&mut self, w: &mut W, x: f64) -> io::Result<()> {
        w.write_all(crate::text::number::json_float(x).as_bytes())
    }
    fn write_f32<W: ?Sized + io::Write>(&mut self, w: &mut W, x: f32) -> io::Result<()> {
        self.write_f64(w, x as f64)
    }
    layout! {
        begin_array();
        end_array();
        begin_array_value(first: bool);
        end_array_value();
        begin_object();
        end_object();
        begin_object_key(first: bool);
        end_object_key();
        begin_object_value();
        end_object_value();
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

/// Parses JSON text into a value, refusing an object with a duplicate key (§4): two
/// readers could see different answers, one keeping the first and one the last. Numbers
/// are read correctly rounded (serde_json's `float_roundtrip`), so a document printed and
/// read back hashes the same everywhere.
pub fn parse(text: &str) -> Result<serde_json::Value, serde_json::Error> {
    parse_within(text, usize::MAX)
}

/// [`parse`] for an assessment: refused as soon as it holds more than
/// `crate::limits::MAX_CONTAINERS` objects and arrays, so memory stays bounded whatever the
/// text holds (a B-tree leaf per object makes a million tiny rows cost 0.8 GB). Whether an
/// error is that refusal: [`too_large`].
pub fn parse_bounded(text: &str) -> Result<serde_json::Value, serde_json::Error> {
    parse_within(text, crate::limits::MAX_CONTAINERS)
}

/// Whether a [`parse_bounded`] or [`parse_skimming`] error is the refusal of a document past
/// the limit (the text may well be JSON) rather than malformed text.
pub fn too_large(e: &serde_json::Error) -> bool {
    e.to_string().contains(strict::TOO_LARGE)
}

/// The text without a UTF-8 byte-order mark (Windows editors save JSON with one).
fn without_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

fn parse_within(text: &str, containers: usize) -> Result<serde_json::Value, serde_json::Error> {
    use serde::de::DeserializeSeed;
    let budget = std::cell::Cell::new(containers);
    let mut de = serde_json::Deserializer::from_str(without_bom(text));
    let v = strict::Strict(&budget).deserialize(&mut de)?;
    de.end()?;
    Ok(v)
}

/// Parses JSON text into a value like [`parse`], except that the top-level member `skim`
/// (if present) is only checked to be JSON and handed back read into `T`: a roll-up reads
/// three fields of a submitted result, not its hundreds of findings. The rest is bounded
/// like an assessment (`crate::limits::MAX_CONTAINERS`).
pub fn parse_skimming<T: serde::de::DeserializeOwned>(
    text: &str,
    skim: &'static str,
) -> Result<(serde_json::Value, Option<T>), serde_json::Error> {
    use serde::de::DeserializeSeed;
    let budget = std::cell::Cell::new(crate::limits::MAX_CONTAINERS);
    let mut de = serde_json::Deserializer::from_str(without_bom(text));
    let v = strict::Skimming::<T>(skim, &budget, std::marker::PhantomData).deserialize(&mut de)?;
    de.end()?;
    Ok(v)
}

mod strict {
    use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
    use serde_json::{Map, Number, Value};
    use std::cell::Cell;
    use std::fmt;

    /// What the refusal of a document past the object budget says ([`super::too_large`]).
    pub const TOO_LARGE: &str = " objects and arrays: the engine's limit for one assessment";

    /// A value whose objects may not repeat a key, within a budget of objects and arrays.
    pub struct Strict<'b>(pub &'b Cell<usize>);

    impl Strict<'_> {
        /// Takes one object or array from the budget.
        fn spend<E: de::Error>(&self) -> Result<(), E> {
            match self.0.get() {
                0 => Err(E::custom(format_args!(
                    "more than {}{TOO_LARGE} (docs/decisions.md, \"The engine's limits\")",
                    crate::limits::MAX_CONTAINERS
                ))),
                n => {
                    self.0.set(n - 1);
                    Ok(())
                }
            }
        }
    }

    impl<'de> DeserializeSeed<'de> for Strict<'_> {
        type Value = Value;
        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
            d.deserialize_any(self)
        }
    }

    /// A top-level object whose member `.0` is read into `T` rather than a value.
    pub struct Skimming<'b, T>(
        pub &'static str,
        pub &'b Cell<usize>,
        pub std::marker::PhantomData<T>,
    );

    impl<'de, T: serde::de::DeserializeOwned> DeserializeSeed<'de> for Skimming<'_, T> {
        type Value = (Value, Option<T>);
        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_any(self)
        }
    }

    impl<'de, T: serde::de::DeserializeOwned> Visitor<'de> for Skimming<'_, T> {
        type Value = (Value, Option<T>);

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a JSON object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut out = Map::new();
            let mut skimmed = None;
            while let Some(k) = map.next_key::<String>()? {
                if k == self.0 {
                    if skimmed.is_some() {
                        return Err(de::Error::custom(format_args!("duplicate key `{k}`")));
                    }
                    skimmed = Some(map.next_value::<T>()?);
                    continue;
                }
                let v = map.next_value_seed(Strict(self.1))?;
                if out.contains_key(&k) {
                    return Err(de::Error::custom(format_args!(
                        "duplicate key {}",
                        crate::text::quote(&k)
                    )));
                }
                out.insert(k, v);
            }
            Ok((Value::Object(out), skimmed))
        }
    }

    impl<'de> Visitor<'de> for Strict<'_> {
        type Value = Value;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a JSON value")
        }
        fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
            Ok(Value::Bool(b))
        }
        fn visit_i64<E>(self, n: i64) -> Result<Value, E> {
            Ok(Value::Number(n.into()))
        }
        fn visit_u64<E>(self, n: u64) -> Result<Value, E> {
            Ok(Value::Number(n.into()))
        }
        fn visit_f64<E>(self, x: f64) -> Result<Value, E> {
            Ok(Number::from_f64(x).map_or(Value::Null, Value::Number))
        }
        fn visit_str<E>(self, s: &str) -> Result<Value, E> {
            Ok(Value::String(s.to_owned()))
        }
        fn visit_string<E>(self, s: String) -> Result<Value, E> {
            Ok(Value::String(s))
        }
        fn visit_unit<E>(self) -> Result<Value, E> {
            Ok(Value::Null)
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
            self.spend()?;
            let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
            while let Some(v) = seq.next_element_seed(Strict(self.0))? {
                out.push(v);
            }
            Ok(Value::Array(out))
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
            self.spend()?;
            let mut out = Map::new();
            while let Some(k) = map.next_key::<String>()? {
                let v = map.next_value_seed(Strict(self.0))?;
                match out.entry(k) {
                    serde_json::map::Entry::Vacant(e) => {
                        e.insert(v);
                    }
                    serde_json::map::Entry::Occupied(e) => {
                        return Err(de::Error::custom(format_args!(
                            "duplicate key {}",
                            crate::text::quote(e.key())
                        )));
                    }
                }
            }
            Ok(Value::Object(out))
        }
    }
}
