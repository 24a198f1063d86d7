//! The messages the form sends the element's JS (`www/src/readycheck.js`) when it needs
//! what only the host page can do: save the draft, fire an event, open the camera, print.
//! Each is sent with a text detail once the form's state is no longer borrowed. Native, so
//! `tests/typings.rs` can check the element handles every one.

crate::codes! {
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
