//! The reliability harnesses: random SIGKILLs, a full disk, damaged stores, terminal faults.
//!
//! Their own binary, and every test holds `reliability_support::serial()`: a process forked
//! by one test holds copies of the test process's open files until it execs, so a store
//! another test is reopening at that moment would look "in use". Other areas' tests, which
//! spawn processes all the time, never run beside these.

#[path = "../reliability_support/mod.rs"]
mod reliability_support;

mod reliability_damage;
mod reliability_disk;
mod reliability_kill;
mod reliability_terminal;
