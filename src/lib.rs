//! pingshen (评审): expert review panels for the Network Security Technology Application
//! Pilot Demonstration programme. The library holds the domain core and its two faces, the
//! command line and the terminal interface.

pub mod audit;
pub mod bundled;
pub mod cli;
pub mod cli_zh;
pub mod clock;
pub mod commands;
pub mod config;
pub mod decisions;
pub mod draw;
pub mod export;
pub mod format;
pub mod gen;
pub mod i18n;
pub mod intake;
pub mod keys;
pub mod logging;
pub mod merge;
pub mod model;
pub mod package;
pub mod progress;
pub mod report;
pub mod review;
pub mod rules;
pub mod search;
pub mod sheet;
pub mod store;
pub mod tui;
