//! The form's state: the template, the assessment document and what was built of it, with
//! what can be said of them without touching the DOM (evaluation, the receipt's seal).

use std::rc::Rc;

use js_sys::Function;
use serde_json::{Map, Value};
use web_sys::{Document, Element, ShadowRoot};

use super::render::part::PanelPart;
use crate::document::{answers_of, Assessment, FORMAT as ASSESSMENT_FORMAT};
use crate::evaluate::State;
use crate::report::{Comparison, Report};
use crate::template::Template;
use crate::text::locale::Lang;
use crate::view::{self, ItemState};

pub(super) use crate::view::host::Host;

pub(super) type Outbox = Vec<(Host, String)>;

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
    pub(super) state: State,
    pub(super) report: Report,
}

pub(crate) struct Inner {
    /// Sections whose items are built, in order (the rest are built in idle time).
    pub(super) built: usize,
    pub(super) root: ShadowRoot,
    pub(super) doc: Document,
    pub(super) host: Function,
    pub(super) css: String,
    /// Shared, so that building parts of the form never copies the template.
    pub(super) template: Option<Rc<Template>>,
    /// The assessment document, kept whole (unknown keys included).
    pub(super) assessment: Map<String, Value>,
    /// `assessment` parsed, kept in step by `set_answer` so that a tap does not copy and
    /// re-read the whole document; `None` after any other change (re-read on demand).
    pub(super) parsed: Option<Assessment>,
    pub(super) locale: String,
    pub(super) mode: String,
    pub(super) readonly: bool,
    /// The page fixed the mode (`modes`) or the language (`langs`): no switch for it.
    pub(super) fixed: (bool, bool),
    pub(super) today: chrono::NaiveDate,
    pub(super) state: Option<State>,
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

pub(super) fn empty_assessment(t: Option<&Template>, mode: &str) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("format".into(), ASSESSMENT_FORMAT.into());
    if let Some(t) = t {
        m.insert(
            "template".into(),
            serde_json::json!({"id": t.id, "version": t.version}),
        );
    }
    m.insert("mode".into(), mode.into());
    m.insert("answers".into(), Value::Object(Map::new()));
    m
}

impl Inner {
    pub(super) fn lang(&self) -> Lang {
        Lang::of(&self.locale)
    }

    /// The answers object, as stored.
    pub(super) fn answer_map(&self) -> Option<&Map<String, Value>> {
        self.assessment.get("answers")?.as_object()
    }

    /// The answer to one item, as stored.
    pub(super) fn answer(&self, id: &str) -> Option<&Value> {
        self.answer_map()?.get(id)
    }

    /// The document, for any change other than an answer: the parsed copy is dropped and
    /// re-read at the next evaluation.
    pub(super) fn doc_mut(&mut self) -> &mut Map<String, Value> {
        // Not re-evaluated for sure (a note is not), so the result may stay current.
        self.seal(true);
        self.keeper.changed();
        self.parsed = None;
        &mut self.assessment
    }

    pub(super) fn answers_mut(&mut self) -> &mut Map<String, Value> {
        // With a parsed copy the change is re-evaluated and the result replaced; without
        // one, re-reading the document could fail and leave this result current.
        self.seal(self.parsed.is_none());
        answers_of(&mut self.assessment)
    }

    /// Sets `r`'s receipt hash, if unset, from the answers as they are now: only for a result
    /// made from them (the current one, or one sealed before they change).
    pub(super) fn stamp(&self, r: &Report) {
        r.receipt.hashes.get_or_init(|| {
            let empty = Map::new();
            crate::report::canonical::receipt_hashes(
                (&r.template.id, &r.template.version),
                self.answer_map().unwrap_or(&empty),
                |k| self.assessment.get(k),
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
        let now: String = js_sys::Date::new_0().to_iso_string().into();
        self.assessment.insert("updated_at".into(), now.into());
    }

    /// Re-evaluates and returns the new display states (not yet applied to the DOM). With
    /// `changed`, only what that item's answer affects is re-evaluated (the template's
    /// dependency graph); otherwise everything is.
    pub(super) fn evaluate(&mut self, changed: Option<usize>) -> Option<Vec<(usize, ItemState)>> {
        let t = self.template.as_ref()?;
        if self.parsed.is_none() {
            self.parsed = Assessment::from_value(Value::Object(self.assessment.clone())).ok();
        }
        let a = self.parsed.as_ref()?;
        let (s, touched) = match (self.state.take(), changed) {
            (Some(mut s), Some(i)) => {
                let touched = s.update(t, a, i);
                (s, Some(touched))
            }
            _ => (State::compute(t, a, self.today), None),
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
                    view::item_state(
                        t,
                        &s,
                        i,
                        &a.answers,
                        &disputed,
                        self.lang(),
                        self.show_missing,
                    ),
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
            out.push((Host::Photos, String::new()));
        }
    }
}

impl Drop for Inner {
    /// A result still held keeps its receipt when the form (and its answers) goes.
    fn drop(&mut self) {
        self.seal(false);
    }
}

impl Inner {
    /// A short polite announcement (screen readers) in the tools bar.
    pub(super) fn doc_status(&self, msg: &str) {
        if let Some(s) = self.root.query_selector(".rc-status").ok().flatten() {
            s.set_text_content(Some(msg));
        }
    }
}
