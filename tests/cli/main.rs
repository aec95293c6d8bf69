//! The command line: every command run as a user would, the campaign format, keys, gen, the store.
//!
//! One test binary per area, so CI links a few binaries rather than one per file.

#[path = "../cmd_support/mod.rs"]
mod cmd_support;
#[path = "../common/mod.rs"]
mod common;
#[path = "../sheet_support/mod.rs"]
mod sheet_support;

mod audit_chain;
mod check_manifest;
mod cmd_assign;
mod cmd_check;
mod cmd_decide;
mod cmd_decide_disputes;
mod cmd_decide_findings;
mod cmd_decisions_home;
mod cmd_demo_material;
mod cmd_export;
mod cmd_import;
mod cmd_keygen;
mod cmd_package;
mod cmd_receive;
mod cmd_verify;
mod fixture_campaign;
mod format_round_trip;
mod gen_output;
mod gen_realism;
mod gen_scores;
mod gen_sheets;
mod help_zh;
mod hostile_inputs;
mod init_errors;
mod intake;
mod keys_files;
mod keys_messages;
mod keys_openssl;
mod messages;
mod meta;
mod review_refusals;
mod round_reasons;
mod score_typed;
mod store_durability;
