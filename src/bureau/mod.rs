//! The bureau's command line (§9), native only: templates written as spreadsheets
//! ([`sheet`]) and the district roll-up of many schools' submissions ([`rollup`], read and
//! scored on every core by [`input`], joined to a roster by [`roster`], shown as a page by
//! [`html`] and as a workbook by [`workbook`], both in the words of [`present`]).

pub mod html;
pub mod input;
pub mod present;
pub mod rollup;
pub mod roster;
pub mod sheet;
pub mod workbook;
