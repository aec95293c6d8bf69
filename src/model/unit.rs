//! Organisations: applicants' consortium members, experts' employers, parent groups.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    /// 企业; `leading = true` marks a 龙头企业.
    Enterprise,
    /// 高等院校
    University,
    /// 科研院所
    Institute,
    /// 公共服务平台机构
    PublicServicePlatform,
    /// 技术创新区或试点示范区的运营、管理机构
    ZoneOperator,
    /// 分公司 / 分支机构: not an independent legal person.
    BranchOffice,
    /// 政府部门或事业单位 (an expert's employer, a recommending department).
    Government,
}

impl UnitKind {
    pub fn zh(self) -> &'static str {
        match self {
            UnitKind::Enterprise => "企业",
            UnitKind::University => "高等院校",
            UnitKind::Institute => "科研院所",
            UnitKind::PublicServicePlatform => "公共服务平台机构",
            UnitKind::ZoneOperator => "示范区运营管理机构",
            UnitKind::BranchOffice => "分支机构",
            UnitKind::Government => "政府部门",
        }
    }
    pub fn en(self) -> &'static str {
        match self {
            UnitKind::Enterprise => "enterprise",
            UnitKind::University => "university",
            UnitKind::Institute => "research institute",
            UnitKind::PublicServicePlatform => "public service platform",
            UnitKind::ZoneOperator => "zone operator",
            UnitKind::BranchOffice => "branch office",
            UnitKind::Government => "government body",
        }
    }
}

/// The administrative level of an innovation or pilot zone (E10 wants prefecture or above).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ZoneLevel {
    County,
    Prefecture,
    Provincial,
    National,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Unit {
    pub id: String,
    pub name: String,
    /// 统一社会信用代码 as written; E7 judges it.
    pub credit_code: String,
    pub kind: UnitKind,
    /// Region where it is registered (a region name such as 北京, 深圳).
    pub province: String,
    /// Id of the parent organisation's unit, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// 龙头企业 (for direction 12's kinds of member).
    #[serde(default, skip_serializing_if = "is_false")]
    pub leading: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zone_level: Option<ZoneLevel>,
    /// Id of the ministry recommender that manages it directly, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub managed_by: Option<String>,
}

pub(crate) fn is_false(b: &bool) -> bool {
    !*b
}
