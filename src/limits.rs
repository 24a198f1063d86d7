//! The engine's limits: how much one template or answer may hold, so that the work and the
//! memory of every command stay bounded whatever a file contains. A template past a limit
//! is refused by lint (code `limit`); an answer past one gets an issue and is kept as it is
//! (docs/decisions.md, "Limits").

/// Items in a template (top-level items of all sections); bureau sheets of 100,000 rows
/// import (tests/sheets.rs).
pub const MAX_ITEMS: usize = 100_000;
/// Options of one choice or multi item.
pub const MAX_OPTIONS: usize = 1_000;
/// Rows of one repeat answer; past it the rows are not read (the answer gets `max_rows`).
pub const MAX_ROWS: usize = 10_000;
/// Characters of one text answer; past it the answer gets `max_length`.
pub const MAX_TEXT: usize = 100_000;

/// Objects and arrays in one assessment document, counted while it is read: past it the
/// document is refused before it is read whole, so memory stays bounded (a million tiny
/// rows cost 0.8 GB as JSON values). Within the other limits a document holds far fewer.
pub const MAX_CONTAINERS: usize = 250_000;

/// A template's own maximum (`max_rows`, `max_length`) capped by the engine's.
pub fn cap(own: Option<f64>, engine: usize) -> f64 {
    own.map_or(engine as f64, |m| m.min(engine as f64))
}
