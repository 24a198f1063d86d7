//! The messages the form sends the element's JS (`www/src/readycheck.js`) when it needs
//! what only the host page can do: save the draft, fire an event, open the camera, print.
//! Each is sent with a text detail once the form's state is no longer borrowed. Native, so
//! `tests/typings.rs` can check the element handles every one.

use serde_json::json;

use crate::text::locale::Lang;
use crate::view::print::PrintKind;
use crate::view::words::{signer, word, Word};

crate::codes::codes! {
    /// A message to the host page (the element's JS in `www/src/readycheck.js`), sent
    /// with a text detail once the event handler is done with the state.
    pub enum Host {
        /// An answer or the document changed: the detail (JSON) carries the draft's `key`,
        /// what to store (`write`, or null) and, when one answer changed, its `item`,
        /// `value`, `at` and `from` (other tabs on the draft are told). When the write
        /// stores the document whole, its text follows the JSON after a newline.
        Change = "change",
        Locale = "locale",
        Mode = "mode",
        Submit = "submit",
        /// Print (detail: `findings` or `form`).
        Print = "print",
        ExportJson = "export-json",
        ExportCsv = "export-csv",
        /// Load the school's own self-assessment for comparison.
        LoadSelf = "load-self",
        /// Take photos for the item in the detail.
        Photo = "photo",
        /// Show the photo (detail: its hash and the close button's word) full size.
        PhotoOpen = "photo-open",
        /// Paint the thumbnails built since the last ask.
        Photos = "photos",
        /// Open the signature pad (detail: the role and its words).
        Sign = "sign",
    }
}

/// A message to the host page with what it carries, typed; written on the wire as its
/// [`Host`] code and a text detail ([`Message::wire`]) when the form is no longer borrowed.
#[derive(Debug, Clone, PartialEq)]
pub enum Message {
    /// The change message, written by the draft keeper (`web/drafts.rs`).
    Change(String),
    /// Switch to the locale the control names.
    Locale(String),
    /// Switch to the mode the control names.
    Mode(String),
    Submit,
    /// Print the findings document or the form.
    Print(PrintKind),
    ExportJson,
    ExportCsv,
    LoadSelf,
    /// Take photos for the item.
    Photo {
        item: String,
    },
    /// Show photo `sha` full size, its close button in `lang`.
    PhotoOpen {
        sha: String,
        lang: Lang,
    },
    /// Paint the thumbnails built since the last ask.
    Photos,
    /// Open the signature pad for `role` (`inspector` or `site`), its words in `lang`.
    Sign {
        role: String,
        lang: Lang,
    },
}

impl Message {
    /// The message's code and its text detail, as the element's JS reads them. Taken by
    /// value: a change message can carry a whole document, which is moved, not copied.
    pub fn wire(self) -> (Host, String) {
        match self {
            Message::Change(text) => (Host::Change, text),
            Message::Locale(to) => (Host::Locale, to),
            Message::Mode(to) => (Host::Mode, to),
            Message::Submit => (Host::Submit, String::new()),
            Message::Print(kind) => (Host::Print, kind.as_str().into()),
            Message::ExportJson => (Host::ExportJson, String::new()),
            Message::ExportCsv => (Host::ExportCsv, String::new()),
            Message::LoadSelf => (Host::LoadSelf, String::new()),
            Message::Photo { item } => (Host::Photo, item),
            Message::PhotoOpen { sha, lang } => {
                let words = json!({"sha": sha, "close": word(Word::Close, lang)});
                (Host::PhotoOpen, crate::json::to_string(&words))
            }
            Message::Photos => (Host::Photos, String::new()),
            Message::Sign { role, lang } => {
                let title = format!(
                    "{} · {}",
                    word(Word::SignOff, lang),
                    word(signer(&role), lang)
                );
                let words = json!({
                    "role": role, "title": title, "name": word(Word::SignerName, lang),
                    "clear": word(Word::Clear, lang), "cancel": word(Word::Cancel, lang),
                    "save": word(Word::Sign, lang),
                });
                (Host::Sign, crate::json::to_string(&words))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_message_is_written_as_the_element_reads_it() {
        assert_eq!(
            Message::Print(PrintKind::Findings).wire(),
            (Host::Print, "findings".to_string())
        );
        let (kind, detail) = Message::Sign {
            role: "site".into(),
            lang: Lang::Zh,
        }
        .wire();
        assert_eq!(kind, Host::Sign);
        let v: serde_json::Value = serde_json::from_str(&detail).unwrap();
        assert_eq!(v["role"], "site");
        assert_eq!(v["title"], "签字确认 · 学校负责人");
        let (_, open) = Message::PhotoOpen {
            sha: "ab".into(),
            lang: Lang::En,
        }
        .wire();
        let open: serde_json::Value = serde_json::from_str(&open).unwrap();
        assert_eq!(open, json!({"sha": "ab", "close": "Close"}));
    }
}
