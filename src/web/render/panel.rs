//! The result panel: verdict box, section chart, findings lists, comparison with the
//! self-check and the ledger, each part rebuilt or patched only when what it shows changes.

use crate::view::act::Act;
use serde_json::Value;
use wasm_bindgen::JsCast;
use web_sys::Element;

use super::common::{score_text, set_text, title};
use super::part::{PanelPart, Patchable};
use crate::report::Comparison;
use crate::template::Template;
use crate::text::locale::Lang;
use crate::text::number::format_number;
use crate::view;
use crate::view::panel::{FindingList, FindingRow, LedgerRow, Part, PartView, VerdictBox};
use crate::view::words::{self, word, Word};
use crate::web::dom::{self, add, attr, button, el, show, text};
use crate::web::state::FormState;

/// The result panel: score, verdict, blockers, findings, section chart, ledger, comparison.
/// Each part is redrawn only when the value it shows changed, so a tap that moves the score
/// does not re-create the findings, the ledger or the comparison.
pub fn panel(inner: &mut FormState) {
    let (Some(p), Some(r)) = (inner.panel.clone(), inner.report.clone()) else {
        return;
    };
    if inner.panel_parts.len() != Part::ALL.len() {
        p.replace_children_with_node_0();
        inner.panel_parts.clear();
        add(&p, &fold_button(inner));
    }
    for (k, which) in Part::ALL.into_iter().enumerate() {
        let view = view::panel::part(
            which,
            &r,
            &inner.document,
            inner.today,
            inner.comparison.as_ref(),
            inner.all_findings,
        );
        if let Some(part) = inner.panel_parts.get_mut(k) {
            if part.view == view {
                continue;
            }
            // Lists and the chart are patched where they stand: a tap that adds one
            // finding to two hundred must not rebuild the other two hundred.
            let mut live = std::mem::replace(&mut part.live, Patchable::Static);
            if patch_live(inner, &view, &mut live) {
                let part = &mut inner.panel_parts[k];
                part.live = live;
                part.view = view;
                continue;
            }
        }
        let (part, live) = panel_part(inner, &view).unwrap_or_else(|| {
            let e = el(&inner.dom, "div", "");
            show(&e, false);
            (e, Patchable::Static)
        });
        let new = PanelPart {
            view,
            el: part,
            live,
        };
        match inner.panel_parts.get_mut(k) {
            Some(slot) => {
                let _ = slot.el.replace_with_with_node_1(&new.el);
                *slot = new;
            }
            None => {
                add(&p, &new.el);
                inner.panel_parts.push(new);
            }
        }
    }
}

/// On a portrait screen the panel folds to its verdict line (score, verdict, answered);
/// this button opens it in the page's flow, so nothing scrolls inside it (CSS hides the
/// button on wide screens and in print).
fn fold_button(inner: &FormState) -> Element {
    let open = inner.panel_open;
    let word_of = if open {
        Word::ResultLess
    } else {
        Word::ResultMore
    };
    let b = button(
        &inner.dom,
        "rc-tool rc-fold",
        word(word_of, inner.lang()),
        Act::Fold,
    );
    attr(&b, "aria-expanded", if open { "true" } else { "false" });
    attr(&b, "aria-controls", "rc-result");
    b
}

/// Opens or folds the panel (portrait screens): opened, it is shown at the top of the form
/// and the page scrolls to it; folded again, the page returns to where it was.
pub fn toggle_fold(inner: &mut FormState) {
    let Some(p) = inner.panel.clone() else {
        return;
    };
    inner.panel_open = !inner.panel_open;
    dom::class(&p, "rc-open", inner.panel_open);
    if let Some(b) = p.query_selector(".rc-fold").ok().flatten() {
        let _ = b.replace_with_with_node_1(&fold_button(inner));
    }
    let Some(w) = web_sys::window() else {
        return;
    };
    if inner.panel_open {
        // The item at the top of the screen, and where it was: folding again returns to it.
        // (An item, not a scroll offset: the browser's scroll anchoring moves the page when
        // the panel's height changes.)
        inner.scroll_anchor = None;
        if let Ok(items) = inner.root.query_selector_all(".rc-item") {
            for k in 0..items.length() {
                let Some(e) = items.item(k).and_then(|n| n.dyn_into::<Element>().ok()) else {
                    continue;
                };
                let r = e.get_bounding_client_rect();
                if r.bottom() > 0.0 {
                    inner.scroll_anchor = Some((e, r.top()));
                    break;
                }
            }
        }
        p.scroll_into_view();
    } else if let Some((e, was)) = inner.scroll_anchor.take() {
        w.scroll_by_with_x_and_y(0.0, e.get_bounding_client_rect().top() - was);
    }
    if let Some(b) = p.query_selector(".rc-fold").ok().flatten() {
        dom::focus(&b);
    }
}

/// The "show all" button under a truncated list: shown with the total, or hidden.
pub(super) fn set_more(more: &Element, shown: usize, total: usize, lang: Lang) {
    show(more, shown < total);
    if shown < total {
        set_text(more, &words::show_all(total, lang));
    }
}

/// Patches a list, the chart or the verdict box in place to show `view`; false when the
/// part must be rebuilt instead.
pub(super) fn patch_live(inner: &FormState, view: &PartView, live: &mut Patchable) -> bool {
    match (live, view) {
        (Patchable::List(ul, rows, more), PartView::Findings(list)) => {
            if list.rows.is_empty() {
                return false;
            }
            set_more(more, list.rows.len(), list.total, inner.lang());
            patch_rows(inner, ul, rows, &list.rows);
            true
        }
        (Patchable::Verdict(top, parts), PartView::Verdict(v)) => {
            patch_verdict(inner.lang(), top, parts, v);
            true
        }
        (Patchable::Chart(chart, bars), PartView::Chart(scores)) if bars.len() == scores.len() => {
            let Some(t) = inner.template.as_ref() else {
                return false;
            };
            let mut moved = false;
            for (s, (bar, val, shown)) in scores.iter().zip(bars.iter_mut()) {
                if *shown != Some(*s) {
                    set_bar(bar, *s, t);
                    set_text(val, &s.map_or("—".into(), score_text));
                    *shown = Some(*s);
                    moved = true;
                }
            }
            if moved {
                attr(
                    chart,
                    "aria-label",
                    &chart_label(&chart_rows(inner, t, scores)),
                );
            }
            true
        }
        _ => false,
    }
}

/// Findings come in a fixed order, so the old and new lists are walked side by side: a row
/// showing the same finding within a short look-ahead is kept, the rows it skips are
/// dropped, and a new finding is inserted where it belongs. Linear, no sorting or hashing
/// (their machinery costs kilobytes of wasm).
fn patch_rows(
    inner: &FormState,
    ul: &Element,
    rows: &mut Vec<(FindingRow, Element)>,
    list: &[FindingRow],
) {
    const LOOK_AHEAD: usize = 16;
    let old = std::mem::take(rows);
    let mut j = 0;
    for f in list {
        let found = old[j..].iter().take(LOOK_AHEAD).position(|(k, _)| k == f);
        if let Some(m) = found {
            for (_, li) in &old[j..j + m] {
                li.remove();
            }
            j += m;
            rows.push((f.clone(), old[j].1.clone()));
            j += 1;
        } else {
            let li = finding_li(inner, f);
            let _ = ul.insert_before(&li, old.get(j).map(|(_, e)| e.as_ref()));
            rows.push((f.clone(), li));
        }
    }
    for (_, li) in &old[j..] {
        li.remove();
    }
}

/// The verdict box's class, score, verdict word, progress and uncovered-findings line.
fn patch_verdict(
    lang: Lang,
    top: &Element,
    [score, verdict, progress, uncovered]: &[Element; 4],
    v: &VerdictBox,
) {
    dom::update_attr(
        top,
        "class",
        &format!("rc-verdict rc-verdict-{}", v.verdict),
    );
    let shown = v.score.map_or("—".into(), score_text);
    set_text(score, &shown);
    dom::update_attr(
        score,
        "aria-label",
        &format!("{} {shown}", word(Word::Score, lang)),
    );
    set_text(verdict, v.verdict.word(lang));
    set_text(progress, &words::progress(v.answered, v.applicable, lang));
    let _ = uncovered.toggle_attribute_with_force("hidden", v.uncovered == 0);
    if let Some(line) = uncovered.first_element_child() {
        set_text(&line, &words::uncovered(v.uncovered, lang));
    }
}

/// Builds the part that shows `view` (None when it has nothing to show).
pub(super) fn panel_part(inner: &FormState, view: &PartView) -> Option<(Element, Patchable)> {
    let t = inner.template.as_ref()?;
    match view {
        PartView::Verdict(_) => Some(verdict_box(inner, view)),
        PartView::Findings(list) => findings_box(inner, list, view),
        PartView::Chart(scores) => Some(chart(inner, t, scores, view)),
        PartView::Ledger(rows) => ledger(inner, rows).map(|e| (e, Patchable::Static)),
        PartView::Comparison(c) => {
            comparison(inner, t, c.as_ref()?).map(|e| (e, Patchable::Static))
        }
    }
}

fn verdict_box(inner: &FormState, view: &PartView) -> (Element, Patchable) {
    let (doc, lang) = (&inner.dom, inner.lang());
    let top = el(doc, "div", "");
    let uncovered = el(doc, "div", "rc-uncovered");
    add(&uncovered, &el(doc, "span", ""));
    if !inner.readonly {
        let b = button(
            doc,
            "rc-tool rc-small",
            word(Word::AddUncovered, lang),
            Act::AddUncovered,
        );
        add(&uncovered, &b);
    }
    let parts = [
        el(doc, "p", "rc-score"),
        el(doc, "p", "rc-verdict-word"),
        el(doc, "p", "rc-progress"),
        uncovered,
    ];
    for p in &parts {
        add(&top, p);
    }
    attr(&top, "role", "status");
    let mut live = Patchable::Verdict(top.clone(), parts);
    patch_live(inner, view, &mut live);
    (top, live)
}

/// A list of findings with its heading and "show all" button; with none of its kind, the
/// "no findings" line (under the other findings, when there are none at all) or nothing.
fn findings_box(
    inner: &FormState,
    list: &FindingList,
    view: &PartView,
) -> Option<(Element, Patchable)> {
    let (doc, lang) = (&inner.dom, inner.lang());
    let w = |x: Word| word(x, lang);
    if list.total == 0 {
        return (!list.critical && list.none_at_all).then(|| {
            (
                text(doc, "p", "rc-none", w(Word::NoFindings)),
                Patchable::Static,
            )
        });
    }
    let (class, heading) = if list.critical {
        ("rc-blockers", Word::Blockers)
    } else {
        ("rc-findings", Word::Findings)
    };
    let box_ = el(doc, "section", class);
    add(&box_, &text(doc, "h3", "", w(heading)));
    let ul = el(doc, "ul", "");
    add(&box_, &ul);
    let more = button(doc, "rc-tool rc-small", "", Act::AllFindings);
    add(&box_, &more);
    // The rows and the button are filled by the same code that patches them.
    let mut live = Patchable::List(ul, Vec::new(), more);
    patch_live(inner, view, &mut live);
    Some((box_, live))
}

/// One finding: its message, the points it costs and the add-to-ledger button.
pub(super) fn finding_li(inner: &FormState, f: &FindingRow) -> Element {
    let doc = &inner.dom;
    let lang = inner.lang();
    let li = el(doc, "li", "");
    add(&li, &text(doc, "span", "rc-finding-msg", &f.message));
    let lost = f.points_lost;
    if lost > 0.0 {
        add(
            &li,
            &text(
                doc,
                "span",
                "rc-lost",
                &words::points_lost(&format_number(lost), lang),
            ),
        );
    }
    if !inner.readonly {
        let add_action = word(Word::AddAction, lang);
        let b = button(doc, "rc-tool rc-small", add_action, Act::AddAction);
        attr(&b, "data-finding", &f.id);
        attr(&b, "data-description", &f.message);
        attr(&b, "aria-label", &format!("{add_action}：{}", f.message));
        add(&li, &b);
    }
    li
}

pub(super) fn comparison(inner: &FormState, t: &Template, c: &Comparison) -> Option<Element> {
    let doc = &inner.dom;
    let lang = inner.lang();
    let w = |x: Word| word(x, lang);
    let box_ = el(doc, "section", "rc-compare");
    add(&box_, &text(doc, "h3", "", w(Word::Comparison)));
    let dl = el(doc, "dl", "");
    let row = |k: &str, v: String| {
        add(&dl, &text(doc, "dt", "", k));
        add(&dl, &text(doc, "dd", "", &v));
    };
    let num = |v: &Value| v.as_f64().map_or("—".into(), score_text);
    row(
        w(Word::Agreement),
        c.agreement
            .as_f64()
            .map_or("—".into(), |x| format!("{}%", score_text(x))),
    );
    for (label, score, verdict) in [
        (Word::SelfScore, &c.score.a, c.verdict.a),
        (Word::InspectionScore, &c.score.b, c.verdict.b),
    ] {
        let verdict = verdict.word(lang);
        row(w(label), format!("{} · {verdict}", num(score)));
    }
    row(w(Word::Delta), num(&c.score.delta));
    add(&box_, &dl);
    let table = el(doc, "table", "rc-table");
    let hr = el(doc, "tr", "");
    for h in [
        w(Word::Sections),
        w(Word::SelfScore),
        w(Word::InspectionScore),
        w(Word::Delta),
    ] {
        add(&hr, &text(doc, "th", "", h));
    }
    add(&table, &hr);
    for (sc, sec) in c.sections.iter().zip(&t.sections) {
        let tr = el(doc, "tr", "");
        for cell in [
            title(t, &sec.title, &inner.locale),
            num(&sc.a),
            num(&sc.b),
            num(&sc.delta),
        ] {
            add(&tr, &text(doc, "td", "", &cell));
        }
        add(&table, &tr);
    }
    add(&box_, &table);
    if !c.disputed.is_empty() {
        add(&box_, &text(doc, "h4", "", w(Word::Disputed)));
        let ul = el(doc, "ul", "rc-disputed-list");
        for id in &c.disputed {
            let name = t
                .item_index(id)
                .map_or(id.clone(), |i| title(t, &t.items[i].title, &inner.locale));
            add(&ul, &text(doc, "li", "", &name));
        }
        add(&box_, &ul);
    }
    Some(box_)
}

/// The chart's rows: each section's title and shown score.
pub(super) fn chart_rows(
    inner: &FormState,
    t: &Template,
    scores: &[Option<f64>],
) -> Vec<(String, Option<f64>)> {
    t.sections
        .iter()
        .zip(scores)
        .map(|(s, x)| (title(t, &s.title, &inner.locale), *x))
        .collect()
}

pub(super) fn chart_label(rows: &[(String, Option<f64>)]) -> String {
    rows.iter()
        .map(|(n, s)| format!("{n} {}", s.map_or("—".into(), score_text)))
        .collect::<Vec<_>>()
        .join("; ")
}

/// A section's bar: its length and its colour band (none for a section without a score).
/// The length is a CSSOM width, which a strict style-src allows (a `style` attribute would
/// not). Not a transform: 55 transformed bars made every hit test of a tap four times
/// slower at N=3000.
pub(super) fn set_bar(bar: &Element, s: Option<f64>, t: &Template) {
    let cls = match s {
        None => "rc-bar rc-bar-none",
        Some(s) if s >= t.grading.ready => "rc-bar rc-bar-ready",
        Some(s) if s >= t.grading.conditional => "rc-bar rc-bar-conditional",
        Some(_) => "rc-bar rc-bar-low",
    };
    dom::update_attr(bar, "class", cls);
    dom::set_style(
        bar,
        "width",
        &format!("{}%", format_number(s.unwrap_or(0.0))),
    );
}

/// A horizontal bar per section. HTML rather than SVG: changing one bar of an SVG lays out
/// and repaints the whole drawing, which was a third of a tap's rendering at N=3000.
pub(super) fn chart(
    inner: &FormState,
    t: &Template,
    scores: &[Option<f64>],
    view: &PartView,
) -> (Element, Patchable) {
    let doc = &inner.dom;
    let fig = el(doc, "figure", "rc-chart");
    let cap = text(doc, "figcaption", "", word(Word::ChartTitle, inner.lang()));
    add(&fig, &cap);
    let rows = chart_rows(inner, t, scores);
    let chart = el(doc, "div", "rc-chart-rows");
    attr(&chart, "role", "img");
    let mut bars = Vec::with_capacity(rows.len());
    for (name, _) in &rows {
        let row = el(doc, "div", "rc-chart-row");
        add(&row, &text(doc, "span", "rc-chart-label", name));
        let track = el(doc, "span", "rc-chart-track");
        let bar = el(doc, "span", "rc-bar");
        add(&track, &bar);
        add(&row, &track);
        let val = el(doc, "span", "rc-chart-value");
        add(&row, &val);
        add(&chart, &row);
        bars.push((bar, val, None));
    }
    add(&fig, &chart);
    // Bar lengths, bands, values and the label are set by the code that patches them.
    let mut live = Patchable::Chart(chart, bars);
    patch_live(inner, view, &mut live);
    (fig, live)
}

/// The rectification ledger: one editable row per action (`view::panel::LedgerRow`);
/// overdue ones are marked.
pub(super) fn ledger(inner: &FormState, rows: &[LedgerRow]) -> Option<Element> {
    let doc = &inner.dom;
    let lang = inner.lang();
    let w = |x: Word| word(x, lang);
    if rows.is_empty() {
        return None;
    }
    let box_ = el(doc, "section", "rc-ledger");
    add(&box_, &text(doc, "h3", "", w(Word::Ledger)));
    for (k, a) in rows.iter().enumerate() {
        let row = el(doc, "div", "rc-action");
        dom::class(&row, "rc-overdue", a.overdue);
        let field = |label: Word, f: &str, value: &str, kind: &str| {
            let l = el(doc, "label", "rc-action-field");
            add(&l, &text(doc, "span", "", w(label)));
            let i = el(doc, "input", "rc-input");
            attr(&i, "type", kind);
            attr(&i, "data-action", &k.to_string());
            attr(&i, "data-field", f);
            dom::set_input_value(&i, value);
            if inner.readonly {
                attr(&i, "readonly", "");
            }
            add(&l, &i);
            l
        };
        add(
            &row,
            &field(Word::Description, "description", &a.description.0, "text"),
        );
        add(&row, &field(Word::Owner, "owner", &a.owner.0, "text"));
        add(&row, &field(Word::Due, "due", &a.due, "date"));
        let l = el(doc, "label", "rc-action-field");
        add(&l, &text(doc, "span", "", w(Word::Status)));
        let sel = el(doc, "select", "rc-input");
        attr(&sel, "data-action", &k.to_string());
        attr(&sel, "data-field", "status");
        for (v, label) in [
            ("open", Word::Open),
            ("done", Word::Done),
            ("verified", Word::Verified),
        ] {
            let o = text(doc, "option", "", w(label));
            attr(&o, "value", v);
            add(&sel, &o);
        }
        if inner.readonly {
            attr(&sel, "disabled", "");
        }
        add(&l, &sel);
        add(&row, &l);
        dom::set_input_value(&sel, &a.status);
        if a.overdue {
            add(
                &row,
                &text(doc, "span", "rc-badge rc-overdue-badge", w(Word::Overdue)),
            );
        }
        if !inner.readonly {
            let b = button(doc, "rc-tool rc-small", w(Word::Remove), Act::RemoveAction);
            attr(&b, "data-action", &k.to_string());
            add(&row, &b);
        }
        add(&box_, &row);
    }
    Some(box_)
}
