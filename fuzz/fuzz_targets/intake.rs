//! Fuzz target: a recommender's spreadsheet (附件3 推荐项目汇总表) as `intake` reads it.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(e) = pingshen::intake::read_spreadsheet(data) {
        let _ = e.to_string();
    }
});
