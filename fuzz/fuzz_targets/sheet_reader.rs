//! The workbook reader and importer on arbitrary bytes (`.xlsx`, `.xls`, `.ods` by
//! content): never a panic, never more memory than the documented limits allow, and an
//! imported template always loads.
#![no_main]
use libfuzzer_sys::fuzz_target;
use readycheck::bureau::sheet::{import, read};

fuzz_target!(|data: &[u8]| {
    let Ok(book) = read::read_workbook(data) else { return };
    for s in &book.sheets {
        assert!(s.rows.len() <= read::MAX_ROWS);
        assert!(s.rows.iter().all(|r| r.len() <= read::MAX_COLUMNS));
    }
    let imported = import::import(&book);
    if let Some(t) = imported.template {
        readycheck::template::load(&t.to_string()).expect("an imported template loads");
    }
});
