//! Small DOM helpers. Every piece of template or answer text goes in through
//! `set_text_content`, never as HTML.

use crate::view::act::Act;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element};

pub fn el(doc: &Document, tag: &str, class: &str) -> Element {
    // Every tag is a literal of this crate, so creating it does not fail; if it ever did, a
    // plain object stands in and the next DOM call throws in JS (reported by the element)
    // rather than aborting the module.
    let e = doc
        .create_element(tag)
        .or_else(|_| doc.create_element("div"))
        .unwrap_or_else(|_| wasm_bindgen::JsValue::from(js_sys::Object::new()).unchecked_into());
    if !class.is_empty() {
        e.set_class_name(class);
    }
    e
}

pub fn text(doc: &Document, tag: &str, class: &str, s: &str) -> Element {
    let e = el(doc, tag, class);
    e.set_text_content(Some(s));
    e
}

/// Sets one CSS property through the CSSOM, which a strict `style-src` allows where a
/// `style` attribute would be refused.
pub fn set_style(e: &Element, property: &str, value: &str) {
    if let Some(h) = e.dyn_ref::<web_sys::HtmlElement>() {
        let _ = h.style().set_property(property, value);
    }
}

pub fn attr(e: &Element, k: &str, v: &str) {
    let _ = e.set_attribute(k, v);
}

/// Sets an attribute only when its value differs, so an unchanged node is not invalidated.
pub fn update_attr(e: &Element, k: &str, v: &str) {
    if e.get_attribute(k).as_deref() != Some(v) {
        attr(e, k, v);
    }
}

pub fn add(parent: &Element, child: &Element) {
    let _ = parent.append_child(child);
}

/// Shows or hides; touches the DOM only when the state changes.
pub fn show(e: &Element, visible: bool) {
    if e.has_attribute("hidden") == visible {
        let _ = e.toggle_attribute_with_force("hidden", !visible);
    }
}

/// Sets or clears a class; touches the DOM only when the state changes.
pub fn class(e: &Element, c: &str, on: bool) {
    let list = e.class_list();
    if list.contains(c) != on {
        let _ = list.toggle_with_force(c, on);
    }
}

/// A button with its action in the `data-act` hook.
pub fn button(doc: &Document, class: &str, label: &str, act: Act) -> Element {
    let b = text(doc, "button", class, label);
    attr(&b, "type", "button");
    attr(&b, "data-act", act.as_str());
    b
}

/// The nearest ancestor (or self) matching `sel`.
pub fn closest(e: &Element, sel: &str) -> Option<Element> {
    e.closest(sel).ok().flatten()
}

pub fn input_value(e: &Element) -> Option<String> {
    if let Some(i) = e.dyn_ref::<web_sys::HtmlInputElement>() {
        return Some(i.value());
    }
    if let Some(t) = e.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        return Some(t.value());
    }
    e.dyn_ref::<web_sys::HtmlSelectElement>().map(|s| s.value())
}

pub fn set_input_value(e: &Element, v: &str) {
    if let Some(i) = e.dyn_ref::<web_sys::HtmlInputElement>() {
        if i.value() != v {
            i.set_value(v);
        }
    } else if let Some(t) = e.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        if t.value() != v {
            t.set_value(v);
        }
    } else if let Some(s) = e.dyn_ref::<web_sys::HtmlSelectElement>() {
        s.set_value(v);
    }
}

pub fn focus(e: &Element) {
    if let Some(h) = e.dyn_ref::<web_sys::HtmlElement>() {
        let _ = h.focus();
    }
}

#[wasm_bindgen::prelude::wasm_bindgen(module = "/www/hold.js")]
extern "C" {
    #[wasm_bindgen(js_name = holdInPlace)]
    fn hold_in_place(e: &Element);
}

/// Scrolls `e` to the top of the view and holds it where it landed for the next frames
/// (`www/hold.js`): after a long jump the items near it are laid out late and would move it.
pub fn jump_to(e: &Element) {
    e.scroll_into_view();
    hold_in_place(e);
}
