//! pingshen (评审): expert review panels for the Network Security Technology Application
//! Pilot Demonstration programme. The library holds the domain core and its two faces, the
//! command line and the terminal interface.

pub mod merge;
pub mod model;
pub mod rules;
pub mod sheet;
