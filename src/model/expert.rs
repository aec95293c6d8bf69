//! Experts in the pool, with what the conflict rules need to know about them.

use super::Date;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PastUnit {
    pub unit: String,
    pub from: Date,
    pub to: Date,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RelationKind {
    /// 合作关系
    Collaborator,
    /// 师生关系
    AdvisorOrStudent,
    /// 亲属关系
    Relative,
    /// 持股或其他经济利益
    Equity,
    /// 参与申报
    TookPart,
    Other,
}

impl RelationKind {
    pub fn zh(self) -> &'static str {
        match self {
            RelationKind::Collaborator => "合作关系",
            RelationKind::AdvisorOrStudent => "师生关系",
            RelationKind::Relative => "亲属关系",
            RelationKind::Equity => "持股或经济利益",
            RelationKind::TookPart => "参与申报",
            RelationKind::Other => "其他利益关系",
        }
    }
    pub fn en(self) -> &'static str {
        match self {
            RelationKind::Collaborator => "collaborator",
            RelationKind::AdvisorOrStudent => "advisor or student",
            RelationKind::Relative => "relative",
            RelationKind::Equity => "equity or financial interest",
            RelationKind::TookPart => "took part in the application",
            RelationKind::Other => "other interest",
        }
    }
}

/// A relation the expert declared in advance, with a unit or with one application (C4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Relation {
    pub kind: RelationKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application: Option<String>,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expert {
    pub id: String,
    pub name: String,
    /// 职称
    #[serde(default)]
    pub title: String,
    /// Current unit's id.
    pub unit: String,
    #[serde(default)]
    pub past_units: Vec<PastUnit>,
    #[serde(default)]
    pub relations: Vec<Relation>,
    /// Recommender ids of the departments the expert belongs to (C6).
    #[serde(default)]
    pub departments: Vec<String>,
    /// Direction codes of the expert's field.
    #[serde(default)]
    pub fields: Vec<u8>,
}
