//! Fuzzy and pinyin search over applications.
