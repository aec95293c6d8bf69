//! Recommending departments: the channel an application comes through.

use super::Date;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// 省级有关部门: provinces, 计划单列市, 兵团, and regional bodies such as
    /// 地区铁路监管局 or 民航地区管理局.
    Regional,
    /// 行业主管监管部门, for units it manages directly.
    Ministry,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecommenderKind {
    Province,
    /// 计划单列市
    SeparatelyListedCity,
    /// 新疆生产建设兵团
    Corps,
    /// 地区铁路监管局, 民航地区管理局, regional supervisory bureaus
    RegionalBody,
    Ministry,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recommender {
    pub id: String,
    pub name: String,
    pub channel: Channel,
    pub kind: RecommenderKind,
    /// Regions whose projects it may recommend (regional channel).
    #[serde(default)]
    pub jurisdiction: Vec<String>,
    /// Overrides the campaign's deadline for this channel (E9).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline: Option<Date>,
}
