//! The form's state: the template, the assessment document and what was built of it, with
//! what can be said of them without touching the DOM (evaluation, the receipt's seal).

use std::rc::Rc;

use js_sys::Function;
use serde_json::{Map, Value};
use web_sys::{Element, ShadowRoot};

use super::render::part::PanelPart;
use crate::document::{Assessment, Document, Mode};
use crate::evaluate::Evaluation;
use crate::report::{Comparison, Report};
use crate::template::Template;
use crate::text::locale::Lang;
use crate::view::{self, ItemState};

pub(super) use crate::view::host::Message;

/// The host messages a change queued, sent once the form is no longer borrowed.
pub(super) type Outbox = Vec<Message>;

pub(crate) struct ItemDom {
    pub(super) root: Element,
    pub(super) control: Element,
    pub(super) issue: Element,
    pub(super) required: Element,
}

pub(crate) struct SectionDom {
    pub(super) root: Element,
    pub(super) nav: Element,
    pub(super) nav_progress: Element,
    pub(super) nav_score: Element,
    /// What the section shows now (progress, score, visible, done), so that a change
    /// compares in Rust and touches only the sections that differ: reading 55 sections'
    /// texts back from the DOM on every tap cost half a millisecond at N=3000.
    pub(super) shown: Option<(String, String, bool, bool)>,
}

/// A loaded self-check with its evaluation, compared against every change.
pub(crate) struct SelfCheck {
    pub(super) assessment: Assessment,
    pub(super) state: Evaluation,
    pub(super) report: Report,
}

/// Everything one `<ready-check>` form holds between events: its shadow root and what was
/// built in it, the template, the document and its evaluation, the draft's place.
pub(crate) struct FormState {
    /// Sections whose items are built, in order (the rest are built in idle time).
    pub(super) built: usize,
    pub(super) root: ShadowRoot,
    /// The page's DOM document, which builds the form's elements.
    pub(super) dom: web_sys::Document,
    pub(super) host: Function,
    pub(super) css: String,
    /// Shared, so that building parts of the form never copies the template.
    pub(super) template: Option<Rc<Template>>,
    /// The assessment document, kept whole (unknown keys included) with its parsed view.
    pub(super) document: Document,
    pub(super) locale: String,
    pub(super) mode: Mode,
    pub(super) readonly: bool,
    /// The page fixed the mode (`modes`) or the language (`langs`): no switch for it.
    pub(super) fixed: (bool, bool),
    pub(super) today: chrono::NaiveDate,
    pub(super) state: Option<Evaluation>,
    /// Shared with the [`ResultParts`] handed out, each the result of its moment.
    pub(super) report: Option<Rc<Report>>,
    /// Each item's display state as last painted; `None` before its first paint.
    pub(super) states: Vec<Option<ItemState>>,
    /// The DOM of each item, once its section is built.
    pub(super) items: Vec<Option<ItemDom>>,
    pub(super) sections: Vec<SectionDom>,
    pub(super) panel: Option<Element>,
    /// The panel's parts with the content they were built from.
    pub(super) panel_parts: Vec<PanelPart>,
    pub(super) error: Option<Element>,
    /// The site's self-check, evaluated once when loaded (inspection mode).
    pub(super) self_check: Option<SelfCheck>,
    pub(super) comparison: Option<Comparison>,
    pub(super) cursor: Option<usize>,
    /// The draft's policy: where it is stored, what each change writes (SPEC §8).
    pub(super) keeper: crate::document::draft::Keeper,
    /// The page's keys for the draft (`storage-key`, `site-code`, the starting mode).
    pub(super) page: PageKeys,
    /// Reads the synchronous copy of the drafts (`read(key)` → text or null).
    pub(super) read: Function,
    /// This form's name among the tabs and elements on one draft (which change wins).
    pub(super) writer: String,
    /// Set by a submit attempt: from then on missing answers are flagged too.
    pub(super) show_missing: bool,
    /// The result panel is open on a portrait screen (folded to its verdict line otherwise),
    /// and the item at the top of the screen when it opened, with its offset.
    pub(super) panel_open: bool,
    pub(super) scroll_anchor: Option<(Element, f64)>,
    /// The panel lists every finding (after "show all", and for printing), not the first few.
    pub(super) all_findings: bool,
    /// Canvases for photos or signatures were built and wait for the element's JS to paint
    /// them (host message `photos`).
    pub(super) photos_pending: std::cell::Cell<bool>,
    /// The latest review of this site's submission, from the collect service: (state, note).
    pub(super) review: Option<(String, String)>,
    /// The sign-off block and what it shows (inspection mode).
    pub(super) signoff: Option<(Element, String)>,
}

/// What names the draft besides the document: the page's `storage-key` and `site-code`, and
/// the mode it started in.
#[derive(Default)]
pub(crate) struct PageKeys {
    pub(super) storage_key: Option<String>,
    pub(super) site_code: Option<String>,
    pub(super) start_mode: String,
}

impl FormState {
    pub(super) fn lang(&self) -> Lang {
        Lang::of(&self.locale)
    }

    /// The answer to one item, as stored.
    pub(super) fn answer(&self, id: &str) -> Option<&Value> {
        self.document.answer(id)
    }

    /// An empty document of the current template (if any) in `mode`.
    pub(super) fn empty_document(&self, mode: Mode) -> Document {
        let t = self.template.as_deref();
        Document::empty(t.map(|t| (t.id.as_str(), t.version.as_str())), mode)
    }

    /// The document, for any change other than an answer (its edits drop the parsed view,
    /// re-read at the next evaluation); the draft keeper hears of it.
    pub(super) fn edit_document(&mut self) -> &mut Document {
        // Not re-evaluated for sure (a note is not), so the result may stay current.
        self.seal(true);
        self.keeper.changed();
        &mut self.document
    }

    /// Sets one answer in the document (and its parsed view).
    pub(super) fn put_answer(&mut self, id: &str, value: Value) {
        // With a parsed view the change is re-evaluated and the result replaced; without
        // one, re-reading the document could fail and leave this result current.
        self.seal(!self.document.is_parsed());
        self.document.set_answer(id, value);
    }

    /// Sets `r`'s receipt hash, if unset, from the answers as they are now: only for a result
    /// made from them (the current one, or one sealed before they change).
    pub(super) fn stamp(&self, r: &Report) {
        r.receipt.hashes.get_or_init(|| {
            let empty = Map::new();
            crate::report::canonical::receipt_hashes(
                (&r.template.id, &r.template.version),
                self.document.answers().unwrap_or(&empty),
                |k| self.document.json().get(k),
            )
        });
    }

    /// Gives the current result its receipt's answers hash if it may still be read after
    /// the answers change (`always`: the result stays current) or a [`ResultParts`] holds
    /// it. Called before the document changes or the result is replaced, so that the hash
    /// is of the answers the result was made from; an unsealed current result therefore
    /// always matches the answers. A result nobody holds is never hashed (summarize leaves
    /// it out: a third of a change's evaluation at N=3000).
    pub(super) fn seal(&self, always: bool) {
        if let Some(r) = self
            .report
            .as_ref()
            .filter(|r| always || Rc::strong_count(r) > 1)
        {
            self.stamp(r);
        }
    }

    /// The current result with its receipt complete (the answers are those it was made from).
    pub(super) fn hashed_report(&self) -> Option<&Report> {
        let r = self.report.as_deref()?;
        self.stamp(r);
        Some(r)
    }

    pub(super) fn touch(&mut self) {
        self.document
            .touch(js_sys::Date::new_0().to_iso_string().into());
    }

    /// Re-evaluates and returns the new display states (not yet applied to the DOM). With
    /// `changed`, only what that item's answer affects is re-evaluated (the template's
    /// dependency graph); otherwise everything is.
    pub(super) fn evaluate(&mut self, changed: Option<usize>) -> Option<Vec<(usize, ItemState)>> {
        let t = self.template.as_ref()?;
        let (lang, show_missing) = (self.lang(), self.show_missing);
        let a = self.document.parsed()?;
        let (s, touched) = match (self.state.take(), changed) {
            (Some(mut s), Some(i)) => {
                let touched = s.update(t, a, i);
                (s, Some(touched))
            }
            _ => (Evaluation::compute(t, a, self.today), None),
        };
        let r = crate::evaluate::summarize_unhashed(t, a, &s, &self.locale);
        self.comparison = self.self_check.as_ref().map(|sc| {
            let side = |assessment, state, report| crate::evaluate::compare::Side {
                assessment,
                state,
                report,
            };
            crate::evaluate::compare::compare_evaluated(
                t,
                &side(&sc.assessment, &sc.state, &sc.report),
                &side(a, &s, &r),
            )
        });
        let disputed = self
            .comparison
            .as_ref()
            .map(|c| c.disputed.clone())
            .unwrap_or_default();
        // Only the items the update re-evaluated can look different.
        let which: Vec<usize> = touched.unwrap_or_else(|| (0..t.items.len()).collect());
        let states = which
            .into_iter()
            .map(|i| {
                (
                    i,
                    view::item_state(t, &s, i, &a.answers, &disputed, lang, show_missing),
                )
            })
            .collect();
        self.state = Some(s);
        self.seal(false);
        self.report = Some(Rc::new(r));
        Some(states)
    }

    pub(super) fn item_index(&self, id: &str) -> Option<usize> {
        self.template.as_ref()?.item_index(id)
    }

    /// Asks the element to paint the canvases built since the last ask (host `photos`).
    pub(super) fn paint_requested(&self, out: &mut Outbox) {
        if self.photos_pending.take() {
            out.push(Message::Photos);
        }
    }
}

impl Drop for FormState {
    /// A result still held keeps its receipt when the form (and its answers) goes.
    fn drop(&mut self) {
        self.seal(false);
    }
}

impl FormState {
    /// A short polite announcement (screen readers) in the tools bar.
    pub(super) fn doc_status(&self, msg: &str) {
        if let Some(s) = self.root.query_selector(".rc-status").ok().flatten() {
            s.set_text_content(Some(msg));
        }
    }
}
