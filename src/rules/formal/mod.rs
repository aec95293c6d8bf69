//! Formal review (形式审查): one function per rule of the notice, E1–E13, each returning its
//! findings for the whole campaign.

mod application;
mod channel;
mod duplicates;

pub use application::{
    e10_zone_operator_lead, e13_member_kinds, e1_consortium, e3_one_direction,
    e4_not_already_supported, e5_in_operation, e7_legal_persons,
};
pub use channel::{e11_jurisdiction, e12_ministry_managed, e8_recommender_quota, e9_deadline};
pub use duplicates::{
    e2_applications_per_unit, e6_pairs, e6_several_channels, e6_with, identities,
};

use super::rulings::Rulings;
use super::Finding;
use crate::model::Campaign;

/// Every formal-review finding of the campaign, in rule order (not yet sorted).
pub fn formal_review(c: &Campaign, rulings: &Rulings) -> Vec<Finding> {
    let mut out = Vec::new();
    out.extend(e1_consortium(c));
    out.extend(e2_applications_per_unit(c));
    out.extend(e3_one_direction(c));
    out.extend(e4_not_already_supported(c));
    out.extend(e5_in_operation(c));
    out.extend(e6_several_channels(c, rulings));
    out.extend(e7_legal_persons(c));
    out.extend(e8_recommender_quota(c));
    out.extend(e9_deadline(c));
    out.extend(e10_zone_operator_lead(c));
    out.extend(e11_jurisdiction(c));
    out.extend(e12_ministry_managed(c));
    out.extend(e13_member_kinds(c));
    out
}

/// A unit as messages name it: 「name」（id） in Chinese, name (id) in English.
pub(crate) fn unit_zh(c: &Campaign, id: &str) -> String {
    match c.unit(id) {
        Some(u) => format!("「{}」（{id}）", u.name),
        None => format!("（{id}）"),
    }
}

pub(crate) fn unit_en(c: &Campaign, id: &str) -> String {
    match c.unit(id) {
        Some(u) => format!("{} ({id})", u.name),
        None => format!("({id})"),
    }
}

pub(crate) fn recommender_zh(c: &Campaign, id: &str) -> String {
    match c.recommender(id) {
        Some(r) => format!("「{}」（{id}）", r.name),
        None => format!("（{id}）"),
    }
}

pub(crate) fn recommender_en(c: &Campaign, id: &str) -> String {
    match c.recommender(id) {
        Some(r) => format!("{} ({id})", r.name),
        None => format!("({id})"),
    }
}

pub(crate) fn list_zh(items: &[String]) -> String {
    items.join("、")
}

pub(crate) fn list_en(items: &[String]) -> String {
    items.join(", ")
}
