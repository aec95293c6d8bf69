//! The interface on TestBackend: snapshots of each pane, key flows, the saved mark, frame figures.
//!
//! One test binary per area, so CI links a few binaries rather than one per file.

#[path = "../tui_common/mod.rs"]
mod tui_common;

mod tui_campaign;
mod tui_chair;
mod tui_decisions;
mod tui_fit;
mod tui_flows;
mod tui_perf;
mod tui_saved;
mod tui_snapshots;
mod tui_text;
mod tui_wording;
