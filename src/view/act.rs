//! What a control of the form does when pressed: every button carries one [`Act`] in its
//! `data-act` hook, written by the renderer and read back by the one click dispatcher
//! (`web/events.rs`), so a control and its handling cannot drift apart by a typo.

crate::codes::codes! {
    /// A control's action, written as its `data-act` hook.
    pub enum Act {
        /// Focus the next unanswered item (toolbar).
        NextUnanswered = "next-unanswered",
        /// Focus the next item that loses points (toolbar, 下一扣分项).
        NextFinding = "next-finding",
        /// Open an item's help text.
        More = "more",
        /// Open an item's note.
        Note = "note",
        /// Go to a section (`data-section`).
        Nav = "nav",
        /// Add a row to a repeat (`data-for`).
        AddRow = "add-row",
        /// Remove a row of a repeat (`data-for`, `data-row`).
        RemoveRow = "remove-row",
        /// Add a rectification action for a finding (`data-finding`, `data-description`).
        AddAction = "add-action",
        /// Add an action for every finding without one.
        AddUncovered = "add-uncovered",
        /// Remove an action (`data-action`): the first tap arms, the second removes.
        RemoveAction = "remove-action",
        /// Switch the language (`data-to`).
        Locale = "locale",
        /// Switch the mode (`data-to`).
        Mode = "mode",
        Submit = "submit",
        /// Fold or open the result panel (portrait screens).
        Fold = "fold",
        /// List every finding in the panel.
        AllFindings = "all-findings",
        /// Print the form.
        Print = "print",
        /// Print the findings document (督查意见 / 自查报告).
        PrintFindings = "print-findings",
        ExportJson = "export-json",
        ExportCsv = "export-csv",
        /// Load the school's own self-check beside the inspection.
        LoadSelf = "load-self",
        /// Take photos for the item around the control.
        Photo = "photo",
        /// Open a photo full size (`data-sha`).
        PhotoOpen = "photo-open",
        /// Remove a photo (`data-sha`).
        PhotoRemove = "photo-remove",
        /// Sign (`data-role`).
        Sign = "sign",
        /// Save the site named in the site bar.
        Site = "site",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_act_reads_back_from_its_hook() {
        for &a in Act::ALL {
            assert_eq!(Act::parse(a.as_str()), Some(a));
        }
        assert_eq!(Act::parse("next-question"), None);
    }
}
