//! Stable codes: the fieldless enums whose variants are written as the strings the spec
//! and the `.d.ts` name (lint codes, failure codes, verdicts, host messages). The lowest
//! layer, so every module can declare its codes with one macro.

/// Declares a fieldless enum of stable codes: `as_str`, `Display`, serialization to the
/// string. A code is compared with a code, never with its string.
macro_rules! codes {
    ($(#[$m:meta])* $vis:vis enum $name:ident { $($(#[$vm:meta])* $v:ident = $s:literal,)+ }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        $vis enum $name { $($(#[$vm])* $v,)+ }

        impl $name {
            /// Every code, in declaration order.
            #[allow(dead_code)]
            pub const ALL: &'static [$name] = &[$($name::$v,)+];

            /// The stable string this code is written as.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$v => $s,)+ }
            }

            /// The code written as `s`, if there is one (reading a code back from outside).
            #[allow(dead_code)]
            pub fn parse(s: &str) -> Option<Self> {
                match s { $($s => Some($name::$v),)+ _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

    };
}

pub(crate) use codes;
