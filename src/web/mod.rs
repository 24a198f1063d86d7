//! The `<ready-check>` form, rendered by Rust into the element's shadow root (wasm only).
//! One room per job: `state` (the template, the document and what was built), `update` (the
//! one path of a change), `events` (clicks and keystrokes), `api` (the JS class `Form`),
//! `boundary` (conversions and errors crossing to JS), `render` (shell, items, panel) and
//! `fieldkit` (site bar, photos, sign-off). The element's JS never scores, validates or
//! formats.

mod api;
mod boundary;
mod dom;
mod drafts;
mod events;
mod fieldkit;
mod print;
mod render;
mod state;
mod update;
pub mod wasm;

pub use api::Form;
pub use boundary::{merge_draft, ResultParts};
pub use drafts::draft_list;
