//! pingshen (评审): expert review panels for the Network Security Technology Application
//! Pilot Demonstration programme. The library holds the domain core and its two faces, the
//! command line and the terminal interface.

pub mod audit;
pub mod cli;
pub mod clock;
pub mod commands;
pub mod decisions;
pub mod format;
pub mod gen;
pub mod i18n;
pub mod model;
pub mod review;
pub mod rules;
pub mod sheet;
pub mod store;
