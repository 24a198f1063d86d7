//! The bureau's command line (§9), native only: templates written as spreadsheets
//! ([`sheet`]) and the district roll-up of many schools' submissions ([`rollup`], read and
//! scored on every core by [`input`], shown as a page by [`html`]).

pub mod html;
pub mod input;
pub mod rollup;
pub mod sheet;
