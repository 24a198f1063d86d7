//! The result panel's parts as built: each part's element, the value it was drawn from
//! (`view::panel`) and what of it can be patched in place. Kept in the form's state
//! between changes.

use web_sys::Element;

use crate::view::panel::{FindingRow, PartView};

/// A part of the result panel, with the value it shows and what of it can be patched in
/// place.
pub(in crate::web) struct PanelPart {
    pub(in crate::web) view: PartView,
    pub(in crate::web) el: Element,
    pub(in crate::web) live: Patchable,
}

pub(in crate::web) enum Patchable {
    /// Rebuilt whenever its content changes.
    Static,
    /// A list of findings: `<ul>`, its rows in order with the finding each shows, and the
    /// "show all" button.
    List(Element, Vec<(FindingRow, Element)>, Element),
    /// The section chart: its rows, each section's bar and value text with the score they
    /// show (`None` until first set), so a change touches the bars whose score moved.
    Chart(Element, Vec<(Element, Element, Option<Option<f64>>)>),
    /// The verdict box and its score, verdict word and progress lines, and the line of
    /// findings not yet in the ledger (§3.6) with its button.
    Verdict(Element, [Element; 4]),
}
