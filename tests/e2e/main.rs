//! The real binary in tmux as a person would drive it, and the guide run step by step.
//!
//! One test binary per area, so CI links a few binaries rather than one per file.

#[path = "../tui_common/mod.rs"]
mod tui_common;

mod e2e_tmux;
mod guide;
