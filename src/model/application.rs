//! An application (申报项目) from a consortium, as its 申报书 and the recommender's list give it.

use super::Date;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MemberRole {
    /// 牵头单位
    Lead,
    /// 联合单位
    Joint,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Member {
    pub unit: String,
    pub role: MemberRole,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BuildStatus {
    /// 已建成并投入运行
    Operating,
    /// 在建
    UnderConstruction,
    /// 未建
    Planned,
}

/// The text sections of a 申报书.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sections {
    /// 项目概述
    #[serde(default)]
    pub overview: String,
    /// 技术方案
    #[serde(default)]
    pub technical: String,
    /// 创新点与先进性
    #[serde(default)]
    pub innovation: String,
    /// 应用成效
    #[serde(default)]
    pub effect: String,
    /// 推广前景
    #[serde(default)]
    pub promotion: String,
}

impl Sections {
    /// Each section with its Chinese and English heading, in 申报书 order.
    pub fn titled(&self) -> [(&'static str, &'static str, &str); 5] {
        [
            ("项目概述", "Overview", &self.overview),
            ("技术方案", "Technical approach", &self.technical),
            (
                "创新点与先进性",
                "Innovation and advancement",
                &self.innovation,
            ),
            ("应用成效", "Results in use", &self.effect),
            ("推广前景", "Prospects for wider use", &self.promotion),
        ]
    }
}

/// An original document handed in with the application, fixed by its SM3 digest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    pub title: String,
    /// Path relative to the campaign's `documents/` folder.
    pub file: String,
    /// Lower-case hex SM3 of the file's bytes.
    pub sm3: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Application {
    pub id: String,
    pub name: String,
    /// Direction codes as submitted (E3 wants exactly one).
    pub directions: Vec<u8>,
    pub recommender: String,
    /// 推荐排序: 1 is the recommender's first choice.
    pub priority: u32,
    pub recommended_on: Date,
    /// Region where the project is (E11).
    pub location: String,
    /// Industry code (see `INDUSTRIES`).
    pub industry: String,
    pub build_status: BuildStatus,
    /// Already selected as a national or co-issuing-department pilot (E4).
    #[serde(default)]
    pub prior_national_pilot: bool,
    /// Already received national special funds (E4).
    #[serde(default)]
    pub national_special_funds: bool,
    pub members: Vec<Member>,
    #[serde(default)]
    pub sections: Sections,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub documents: Vec<Document>,
}

impl Application {
    /// The first lead member, if any (E1 judges how many there are).
    pub fn lead(&self) -> Option<&str> {
        self.members
            .iter()
            .find(|m| m.role == MemberRole::Lead)
            .map(|m| m.unit.as_str())
    }
    pub fn member_units(&self) -> impl Iterator<Item = &str> {
        self.members.iter().map(|m| m.unit.as_str())
    }
    /// The single direction when there is exactly one; the first one otherwise.
    pub fn direction(&self) -> u8 {
        self.directions.first().copied().unwrap_or(0)
    }
}
