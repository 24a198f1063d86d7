//! The print view (SPEC §8 "Drafts and print"): the findings document drawn from
//! [`crate::view::print`] into the shadow root, shown only in print, or the whole form.
//! Photos and signatures are canvases the field kit paints, as in the form.

use web_sys::Element;

use super::dom::{add, attr, el, text};
use super::state::FormState;
use crate::view::print::{findings_doc, DocFinding, PrintKind};
use crate::view::words::{word, Word};

/// Prepares the print view for `kind` (`findings`, `form`, or the mode's default) and
/// returns the kind chosen. The findings document is drawn afresh each time.
pub fn prepare(inner: &mut FormState, kind: &str) -> PrintKind {
    let kind = PrintKind::parse(kind, inner.mode == crate::document::Mode::Inspection);
    let Some(app) = inner.root.query_selector(".rc").ok().flatten() else {
        return kind;
    };
    if let Some(old) = app.query_selector(".rc-findings-doc").ok().flatten() {
        old.remove();
    }
    attr(&app, "data-print", kind.as_str());
    if kind == PrintKind::Findings {
        if let Some(doc) = draw(inner) {
            add(&app, &doc);
            inner.photos_pending.set(true);
        }
    }
    kind
}

fn draw(inner: &FormState) -> Option<Element> {
    let (t, r) = (inner.template.as_ref()?, inner.report.as_ref()?);
    let d = findings_doc(t, r, &inner.document, &inner.locale, inner.today);
    let (doc, lang) = (&inner.dom, inner.lang());
    let root = el(doc, "article", "rc-findings-doc");
    add(&root, &text(doc, "h1", "rc-doc-title", &d.heading));
    add(&root, &text(doc, "p", "rc-doc-template", &d.template));
    let head = el(doc, "dl", "rc-doc-head");
    for (label, value, class) in [
        (word(Word::SiteName, lang), d.site.as_str(), ""),
        (word(Word::Date, lang), d.date.as_str(), ""),
        (
            word(Word::Verdict, lang),
            d.verdict.1.as_str(),
            "rc-doc-verdict",
        ),
        (word(Word::Score, lang), d.score.as_str(), ""),
        (word(Word::Answered, lang), d.progress.as_str(), ""),
    ] {
        add(&head, &text(doc, "dt", "", label));
        let dd = text(doc, "dd", class, value);
        if !class.is_empty() {
            attr(&dd, "data-verdict", &d.verdict.0);
        }
        add(&head, &dd);
    }
    add(&root, &head);
    for (heading, list) in [(Word::Blockers, &d.blockers), (Word::Findings, &d.findings)] {
        add(&root, &text(doc, "h2", "", word(heading, lang)));
        if list.is_empty() {
            add(
                &root,
                &text(doc, "p", "rc-doc-none", word(Word::NoMoreFindings, lang)),
            );
            continue;
        }
        let ol = el(doc, "ol", "rc-doc-findings");
        for f in list {
            add(&ol, &finding(inner, f));
        }
        add(&root, &ol);
    }
    if !d.ledger.is_empty() {
        add(&root, &text(doc, "h2", "", word(Word::Ledger, lang)));
        let table = el(doc, "table", "rc-doc-ledger");
        let tr = el(doc, "tr", "");
        for w in [
            Word::Findings,
            Word::Description,
            Word::Owner,
            Word::Due,
            Word::Status,
        ] {
            let th = text(doc, "th", "", word(w, lang));
            attr(&th, "scope", "col");
            add(&tr, &th);
        }
        let thead = el(doc, "thead", "");
        add(&thead, &tr);
        add(&table, &thead);
        let tbody = el(doc, "tbody", "");
        for a in &d.ledger {
            let tr = el(doc, "tr", "");
            for v in [&a.finding, &a.description, &a.owner, &a.due, &a.status] {
                add(&tr, &text(doc, "td", "", v));
            }
            add(&tbody, &tr);
        }
        add(&table, &tbody);
        add(&root, &table);
    }
    add(&root, &text(doc, "h2", "", word(Word::SignOff, lang)));
    let signs = el(doc, "div", "rc-doc-signs");
    for sig in &d.signatures {
        let fig = el(doc, "figure", "rc-doc-sign");
        match &sig.signed {
            Some(s) => {
                add(&fig, &canvas(inner, &s.sha256, "rc-doc-sign-img", &s.name));
                let mut caption = format!("{}：{} {}", sig.role, s.name, s.signed_at);
                if s.stale {
                    caption = format!("{caption}（{}）", word(Word::Stale, lang));
                }
                add(&fig, &text(doc, "figcaption", "", &caption));
            }
            None => {
                add(&fig, &el(doc, "div", "rc-doc-sign-blank"));
                add(&fig, &text(doc, "figcaption", "", &sig.role));
            }
        }
        add(&signs, &fig);
    }
    add(&root, &signs);
    Some(root)
}

fn finding(inner: &FormState, f: &DocFinding) -> Element {
    let doc = &inner.dom;
    let li = el(doc, "li", "");
    let p = text(doc, "p", "rc-doc-finding", &f.title);
    if let Some(points) = &f.points {
        add(&p, &text(doc, "span", "rc-doc-points", points));
    }
    add(&li, &p);
    if !f.note.is_empty() {
        add(&li, &text(doc, "p", "rc-doc-note", &f.note));
    }
    if !f.photos.is_empty() {
        let strip = el(doc, "div", "rc-doc-photos");
        for (sha, caption) in &f.photos {
            let fig = el(doc, "figure", "");
            add(&fig, &canvas(inner, sha, "rc-thumb-img", caption));
            if !caption.is_empty() {
                add(&fig, &text(doc, "figcaption", "", caption));
            }
            add(&strip, &fig);
        }
        add(&li, &strip);
    }
    li
}

fn canvas(inner: &FormState, sha: &str, class: &str, label: &str) -> Element {
    let c = el(&inner.dom, "canvas", class);
    attr(&c, "data-sha", sha);
    attr(&c, "role", "img");
    attr(&c, "aria-label", label);
    c
}
