//! The pure core: rules, search, sheets, merge and reports, called as a library.
//!
//! One test binary per area, so CI links a few binaries rather than one per file.

#[path = "../merge_support/mod.rs"]
mod merge_support;
#[path = "../report_support/mod.rs"]
mod report_support;
#[path = "../rules_support/mod.rs"]
mod rules_support;
#[path = "../search_common/mod.rs"]
mod search_common;
#[path = "../sheet_support/mod.rs"]
mod sheet_support;

mod merge_canonical;
mod merge_props;
mod merge_rules;
mod merge_worked_example;
mod report_minutes;
mod report_personal;
mod report_results;
mod rules_conflicts;
mod rules_credit_code;
mod rules_disputes;
mod rules_fixture;
mod rules_formal;
mod rules_report;
mod rules_scale;
mod rules_similarity;
mod search_fixture;
mod search_props;
mod search_table;
mod sheet_canonical;
mod sheet_decision;
mod sheet_verify;
