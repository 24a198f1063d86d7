//! Locale strings: `{"zh-CN": "…", "en": "…"}` or one plain string for every locale.

use serde_json::Value;

/// The default locale of templates and of engine messages.
pub const DEFAULT_LOCALE: &str = "zh-CN";

/// A localized text from a template.
#[derive(Debug, Clone, PartialEq)]
pub enum Text {
    Plain(String),
    /// Entries in the template's order (the first is the last fallback).
    Map(Vec<(String, String)>),
}

impl Default for Text {
    fn default() -> Self {
        Text::Plain(String::new())
    }
}

impl Text {
    /// Reads a locale string; `None` when the JSON is neither a string nor an object of strings.
    pub fn from_json(v: &Value) -> Option<Text> {
        match v {
            Value::String(s) => Some(Text::Plain(s.clone())),
            Value::Object(m) if !m.is_empty() => m
                .iter()
                .map(|(k, v)| v.as_str().map(|s| (k.clone(), s.to_owned())))
                .collect::<Option<Vec<_>>>()
                .map(Text::Map),
            _ => None,
        }
    }

    /// Picks the text for `locale`: requested → `default_locale` → first key (§ intro).
    pub fn get<'a>(&'a self, locale: &str, default_locale: &str) -> &'a str {
        match self {
            Text::Plain(s) => s,
            Text::Map(entries) => entries
                .get(self.index_for(locale, default_locale))
                .map_or("", |(_, s)| s.as_str()),
        }
    }

    /// Which entry `get` picks: the exact tag, then the same language (`en-GB` → `en`),
    /// then the default locale, then the first entry. Always 0 for a plain string.
    pub fn index_for(&self, locale: &str, default_locale: &str) -> usize {
        let Text::Map(entries) = self else { return 0 };
        let pos = |f: &dyn Fn(&str) -> bool| entries.iter().position(|(k, _)| f(k));
        let lang = locale.split('-').next().unwrap_or(locale);
        pos(&|k| k == locale)
            .or_else(|| pos(&|k| k.split('-').next() == Some(lang)))
            .or_else(|| pos(&|k| k == default_locale))
            .unwrap_or(0)
    }

    /// True when a map lacks `locale` (plain strings serve every locale).
    pub fn lacks(&self, locale: &str) -> bool {
        matches!(self, Text::Map(e) if !e.iter().any(|(k, _)| k == locale))
    }
}

/// The engine's own message language: `en` for English tags, else zh-CN.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    pub fn of(locale: &str) -> Lang {
        if locale == "en" || locale.starts_with("en-") {
            Lang::En
        } else {
            Lang::Zh
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn falls_back_in_order() {
        let t = Text::from_json(&json!({"en": "Hi", "zh-CN": "你好"})).unwrap();
        assert_eq!(t.get("zh-CN", "zh-CN"), "你好");
        assert_eq!(t.get("en-GB", "zh-CN"), "Hi");
        assert_eq!(t.get("fr", "zh-CN"), "你好");
        assert_eq!(t.get("fr", "de"), "Hi");
        assert!(Text::from_json(&json!({"en": 1})).is_none());
        assert!(Text::from_json(&json!({})).is_none());
        assert!(t.lacks("de") && !t.lacks("en"));
    }
}
