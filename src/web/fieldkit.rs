//! The field kit inside the form (SPEC 1.1 §8): the site bar, each item's photos, the
//! sign-off block and the line saying what is saved and sent. The document edits are
//! [`crate::document::fieldkit`]'s; what only a browser can do (camera, canvas, IndexedDB, sending)
//! is the element's JS, reached through host messages (`photo`, `photo-open`, `photos`,
//! `sign`, `site`).

use crate::view::act::Act;
use serde_json::Value;
use web_sys::Element;

use super::dom::{self, add, attr, button, el, show, text};
use super::state::{FormState, Message, Outbox};
use crate::document::fieldkit::{self as kit, SignOff};
use crate::view::words::{word, Word};

/// The bar above the form asking for the site (§8): it stays until the site is named and
/// never blocks answering.
pub fn site_bar(inner: &FormState, app: &Element, before: &Element) {
    if inner.readonly || inner.document.site_code().is_some() {
        return;
    }
    let (doc, lang) = (&inner.dom, inner.lang());
    let bar = el(doc, "div", "rc-sitebar");
    attr(&bar, "role", "region");
    attr(&bar, "aria-label", word(Word::SiteCode, lang));
    add(
        &bar,
        &text(doc, "p", "rc-sitebar-ask", word(Word::SiteAsk, lang)),
    );
    let name = inner.document.site_name().unwrap_or("");
    for (field, label, value) in [("name", Word::SiteName, name), ("code", Word::SiteCode, "")] {
        let l = el(doc, "label", "rc-sitebar-field");
        add(&l, &text(doc, "span", "", word(label, lang)));
        let i = el(doc, "input", "rc-input");
        attr(&i, "data-site", field);
        attr(&i, "autocomplete", "off");
        dom::set_input_value(&i, value);
        add(&l, &i);
        add(&bar, &l);
    }
    add(
        &bar,
        &button(
            doc,
            "rc-tool rc-primary",
            word(Word::SiteSave, lang),
            Act::Site,
        ),
    );
    let _ = app.insert_before(&bar, Some(before));
}

/// The site bar's "save": names the site, takes the bar away and tells the element, which
/// moves the draft to the site's key.
pub fn name_site(inner: &mut FormState, out: &mut Outbox) {
    let Some(bar) = inner.root.query_selector(".rc-sitebar").ok().flatten() else {
        return;
    };
    let field = |f: &str| {
        bar.query_selector(&format!("[data-site={f}]"))
            .ok()
            .flatten()
    };
    let value = |f: &str| {
        field(f)
            .and_then(|i| dom::input_value(&i))
            .map(|v| v.trim().to_string())
            .unwrap_or_default()
    };
    let (name, code) = (value("name"), value("code"));
    if code.is_empty() {
        if let Some(i) = field("code") {
            attr(&i, "aria-invalid", "true");
            dom::focus(&i);
        }
        return;
    }
    let from = inner.place();
    set_site(inner, &code, &name);
    bar.remove();
    // The draft moves from the unnamed site's key to the site's with the save that follows.
    inner.keeper.moved(&from);
    inner.changed(out);
}

/// Names the site in the document (kept members stay) and in the header.
pub fn set_site(inner: &mut FormState, code: &str, name: &str) {
    inner.edit_document().set_site(code, name);
    let shown = inner.document.site_shown().to_string();
    let Some(titles) = inner.root.query_selector(".rc-titles").ok().flatten() else {
        return;
    };
    match titles.query_selector(".rc-site").ok().flatten() {
        Some(p) => p.set_text_content(Some(&shown)),
        None => add(&titles, &text(&inner.dom, "p", "rc-site", &shown)),
    }
    if inner.document.site_code().is_some() {
        if let Some(bar) = inner.root.query_selector(".rc-sitebar").ok().flatten() {
            bar.remove();
        }
    }
}

/// A canvas the element's JS paints with the blob `sha` (a thumbnail or a signature):
/// images drawn on a canvas need no `img-src` in the page's Content-Security-Policy.
fn canvas(inner: &FormState, sha: &str, class: &str, label: &str) -> Element {
    let c = el(&inner.dom, "canvas", class);
    attr(&c, "data-sha", sha);
    attr(&c, "role", "img");
    attr(&c, "aria-label", label);
    c
}

/// The "add photo" button of an item's extras bar.
pub fn photo_button(inner: &FormState) -> Option<Element> {
    if inner.readonly {
        return None;
    }
    let b = button(
        &inner.dom,
        "rc-link rc-photo-add",
        word(Word::AddPhoto, inner.lang()),
        Act::Photo,
    );
    Some(b)
}

/// (Re)builds the photo strip of item `id` inside `root`, after its extras bar.
pub fn photo_strip(inner: &FormState, root: &Element, id: &str) {
    let photos = inner.document.photos(id);
    let old = root.query_selector(".rc-photos").ok().flatten();
    if photos.is_empty() {
        if let Some(o) = old {
            o.remove();
        }
        return;
    }
    let (doc, lang) = (inner.dom.clone(), inner.lang());
    let strip = el(&doc, "ul", "rc-photos");
    attr(&strip, "aria-label", word(Word::AddPhoto, lang));
    for (k, (sha, caption)) in photos.iter().enumerate() {
        let li = el(&doc, "li", "rc-photo");
        let label = if caption.is_empty() {
            format!("{} {}", word(Word::OpenPhoto, lang), k + 1)
        } else {
            format!("{} · {caption}", word(Word::OpenPhoto, lang))
        };
        let open = button(&doc, "rc-thumb", "", Act::PhotoOpen);
        attr(&open, "data-sha", sha);
        attr(&open, "aria-label", &label);
        add(&open, &canvas(inner, sha, "rc-thumb-img", &label));
        add(&li, &open);
        let cap = el(&doc, "input", "rc-input rc-caption");
        attr(&cap, "data-caption", sha);
        attr(&cap, "aria-label", word(Word::Caption, lang));
        attr(&cap, "placeholder", word(Word::Caption, lang));
        dom::set_input_value(&cap, caption);
        if inner.readonly {
            attr(&cap, "readonly", "");
        } else {
            let rm = button(&doc, "rc-link", word(Word::Remove, lang), Act::PhotoRemove);
            attr(&rm, "data-sha", sha);
            attr(
                &rm,
                "aria-label",
                &format!("{} {}", word(Word::RemovePhoto, lang), k + 1),
            );
            add(&li, &rm);
        }
        let _ = li.insert_before(&cap, li.last_child().as_ref().filter(|_| !inner.readonly));
        add(&strip, &li);
    }
    match old {
        Some(o) => {
            let _ = o.replace_with_with_node_1(&strip);
        }
        None => add(root, &strip),
    }
    inner.photos_pending.set(true);
}

/// Adds a photo (its description from the element's JS) to item `id`.
pub fn add_photo(
    inner: &mut FormState,
    id: &str,
    photo: Value,
    out: &mut Outbox,
) -> Result<(), crate::document::AssessmentError> {
    inner.edit_document().add_photo(id, photo)?;
    restrip(inner, id);
    inner.changed(out);
    Ok(())
}

/// Rebuilds item `id`'s strip if the item is built.
fn restrip(inner: &mut FormState, id: &str) {
    let root = inner
        .item_index(id)
        .and_then(|i| inner.items.get(i)?.as_ref().map(|d| d.root.clone()));
    if let Some(root) = root {
        photo_strip(inner, &root, id);
    }
}

/// The acts of this module; false when `act` is not one of them.
pub fn act_on(inner: &mut FormState, act: Act, b: &Element, out: &mut Outbox) -> bool {
    let sha = || b.get_attribute("data-sha").unwrap_or_default();
    let item = || {
        dom::closest(b, "[data-item]")
            .and_then(|r| r.get_attribute("data-item"))
            .unwrap_or_default()
    };
    match act {
        Act::Photo if !inner.readonly => out.push(Message::Photo { item: item() }),
        Act::PhotoOpen => out.push(Message::PhotoOpen {
            sha: sha(),
            lang: inner.lang(),
        }),
        Act::PhotoRemove if !inner.readonly => {
            let id = item();
            if inner.edit_document().remove_photo(&id, &sha()) {
                restrip(inner, &id);
                inner.changed(out);
            }
        }
        Act::Sign if !inner.readonly => out.push(Message::Sign {
            role: b.get_attribute("data-role").unwrap_or_default(),
            lang: inner.lang(),
        }),
        Act::Site => name_site(inner, out),
        _ => return false,
    }
    true
}

/// A caption typed under a photo; false when `target` is not a caption field.
pub fn on_input(inner: &mut FormState, target: &Element, raw: &str, out: &mut Outbox) -> bool {
    let Some(sha) = target.get_attribute("data-caption") else {
        return false;
    };
    if inner.readonly {
        return true;
    }
    let id = dom::closest(target, "[data-item]")
        .and_then(|r| r.get_attribute("data-item"))
        .unwrap_or_default();
    if inner.edit_document().set_caption(&id, &sha, raw.trim()) {
        // The evidence hash of the receipt changes with a caption.
        inner.changed(out);
    }
    true
}

/// The sign-off block under the result (inspection mode): each role's state, a button to
/// sign once the assessment is complete, the signature drawn for print. Rebuilt only when
/// what it shows changes.
pub fn sign_off(inner: &mut FormState) {
    let Some(panel) = inner.panel.clone() else {
        return;
    };
    let complete = inner.report.as_ref().is_some_and(|r| r.complete);
    let shows = inner.mode == crate::document::Mode::Inspection;
    let signs = if shows {
        inner.document.sign_offs()
    } else {
        Vec::new()
    };
    let mut sig = format!("{shows}|{complete}|{}", inner.locale);
    for s in &signs {
        sig.extend([
            "|",
            &s.role,
            "\u{1}",
            &s.name,
            "\u{1}",
            &s.signed_at,
            "\u{1}",
            &s.sha256,
        ]);
        sig.push(if s.stale { '1' } else { '0' });
    }
    if let Some((e, old)) = &inner.signoff {
        if *old == sig && e.parent_element().as_ref() == Some(&panel) {
            return;
        }
        e.remove();
    }
    inner.signoff = None;
    if !shows {
        return;
    }
    let (doc, lang) = (inner.dom.clone(), inner.lang());
    let block = el(&doc, "div", "rc-signoff");
    attr(&block, "role", "group");
    attr(&block, "aria-labelledby", "rc-signoff-h");
    let h = text(&doc, "h3", "rc-panel-title", word(Word::SignOff, lang));
    attr(&h, "id", "rc-signoff-h");
    add(&block, &h);
    let list = el(&doc, "ul", "rc-signs");
    for role in kit::ROLES {
        let s = signs.iter().find(|s| s.role == role);
        add(&list, &sign_row(inner, role, s, complete));
    }
    add(&block, &list);
    let hint = text(&doc, "p", "rc-hint", word(Word::SignWhenComplete, lang));
    attr(&hint, "id", "rc-signoff-hint");
    show(&hint, !complete && !inner.readonly);
    add(&block, &hint);
    add(&panel, &block);
    if !signs.is_empty() {
        inner.photos_pending.set(true);
    }
    inner.signoff = Some((block, sig));
}

/// One role's line of the sign-off block: who signed and when (or unsigned), the drawn
/// signature, stale when the answers changed since, and the button to sign.
fn sign_row(inner: &FormState, role: &str, s: Option<&SignOff>, complete: bool) -> Element {
    let (doc, lang) = (&inner.dom, inner.lang());
    let li = el(doc, "li", "rc-sign");
    add(
        &li,
        &text(
            doc,
            "span",
            "rc-sign-role",
            word(crate::view::words::signer(role), lang),
        ),
    );
    let state = match s {
        None => word(Word::Unsigned, lang).to_string(),
        // "2026-08-25T11:02:00+08:00" reads as "2026-08-25 11:02".
        Some(s) => format!(
            "{} · {}",
            s.name,
            s.signed_at
                .get(..16)
                .unwrap_or(&s.signed_at)
                .replace('T', " ")
        ),
    };
    add(&li, &text(doc, "span", "rc-sign-state", &state));
    if let Some(s) = s {
        add(
            &li,
            &canvas(
                inner,
                &s.sha256,
                "rc-sign-img",
                &format!("{} {}", word(Word::Sign, lang), s.name),
            ),
        );
        if s.stale {
            dom::class(&li, "rc-stale", true);
            add(
                &li,
                &text(
                    doc,
                    "span",
                    "rc-badge rc-stale-badge",
                    word(Word::Stale, lang),
                ),
            );
        }
    }
    if !inner.readonly {
        let label = if s.is_some() {
            Word::SignAgain
        } else {
            Word::Sign
        };
        let b = button(doc, "rc-tool", word(label, lang), Act::Sign);
        attr(&b, "data-role", role);
        if !complete {
            attr(&b, "disabled", "");
            attr(&b, "aria-describedby", "rc-signoff-hint");
        }
        add(&li, &b);
    }
    li
}

/// The words of the line saying what is saved and sent: `slot` is `save` (`saving`,
/// `saved`, `failed`), `outbox` (`queued`, `sending`, `sent`, `failed`, `refused`: queued
/// after the server answered 5xx, 408 or 429; `none` hides it) or `usage`; `detail`
/// follows the word (a time, the server's message, a size).
pub fn set_state(inner: &FormState, slot: &str, state: &str, detail: &str) {
    let Some(line) = inner.root.query_selector(".rc-save").ok().flatten() else {
        return;
    };
    let lang = inner.lang();
    let w = match (slot, state) {
        ("save", "saving") => Some(Word::Saving),
        ("save", "saved") => Some(Word::Saved),
        ("save", "failed") => Some(Word::NotSaved),
        ("outbox", "queued") => Some(Word::Queued),
        ("outbox", "sending") => Some(Word::Sending),
        ("outbox", "sent") => Some(Word::Sent),
        ("outbox", "failed") => Some(Word::SendFailed),
        ("outbox", "refused") => Some(Word::ServerBusy),
        ("outbox", "handed") => Some(Word::HandedOver),
        ("usage", _) => Some(Word::OnDevice),
        _ => None,
    };
    let part = match line
        .query_selector(&format!("[data-slot={slot}]"))
        .ok()
        .flatten()
    {
        Some(p) => p,
        None => {
            let p = el(&inner.dom, "span", "rc-save-part");
            attr(&p, "data-slot", slot);
            add(&line, &p);
            p
        }
    };
    dom::update_attr(&part, "data-state", state);
    let s = match (w, detail.is_empty()) {
        (None, _) => String::new(),
        (Some(w), true) => word(w, lang).to_string(),
        (Some(w), false) => format!("{} {}", word(w, lang), crate::text::clip(detail)),
    };
    // Unchanged text is not set again: each set costs the toolbar a layout.
    if part.text_content().as_deref() != Some(s.as_str()) {
        part.set_text_content(Some(&s));
    }
    show(&part, !s.is_empty());
}
