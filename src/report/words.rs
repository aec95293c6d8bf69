//! Headings, labels and the phrases the three records share, in Chinese and English.

use super::document::{Cell, Column, Field, Table};
use crate::i18n::Lang;
use crate::merge::{Flag, MergeOutput, UnitRef};
use crate::model::Campaign;

/// The language of one document.
#[derive(Debug, Clone, Copy)]
pub struct W(pub Lang);

impl W {
    pub fn t(self, zh: &str, en: &str) -> String {
        self.0.pick(zh, en).to_string()
    }
    pub fn f(self, zh: String, en: String) -> String {
        if self.0.is_zh() {
            zh
        } else {
            en
        }
    }
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        self.0.pick(zh, en)
    }
    pub fn key(self) -> &'static str {
        self.0.pick("zh", "en")
    }
    /// The separator of a list inside one cell.
    pub fn sep(self) -> &'static str {
        self.0.pick("、", "; ")
    }
}

/// First 16 hex digits of a digest: what a signed paper form carries.
pub fn short_digest(d: &str) -> &str {
    d.get(..16).unwrap_or(d)
}

pub fn flag_label(f: Flag, w: W) -> String {
    match f {
        Flag::ChangedWithoutReason => w.t("改分未说明理由", "changed without reason"),
        Flag::ConflictsDropped => w.t("回避剔除", "conflicts dropped"),
        Flag::Divergence => w.t("分歧", "divergence"),
        Flag::Incomplete => w.t("不足", "incomplete"),
        Flag::NotAssignedDropped => w.t("非本组剔除", "not assigned, dropped"),
        Flag::OverridesUsed => w.t("覆盖", "override used"),
        Flag::PartialTotals => w.t("总分不全", "partial totals"),
    }
}

/// Flags in a fixed reading order: what most concerns the panel first.
pub fn flags_text(flags: &[Flag], w: W) -> String {
    const ORDER: [Flag; 7] = [
        Flag::Divergence,
        Flag::Incomplete,
        Flag::ConflictsDropped,
        Flag::OverridesUsed,
        Flag::PartialTotals,
        Flag::ChangedWithoutReason,
        Flag::NotAssignedDropped,
    ];
    ORDER
        .iter()
        .filter(|f| flags.contains(f))
        .map(|f| flag_label(*f, w))
        .collect::<Vec<_>>()
        .join(w.sep())
}

pub fn push_flag(text: &mut String, flag: &str, w: W) {
    if !text.is_empty() {
        text.push_str(w.sep());
    }
    text.push_str(flag);
}

pub fn units_text(units: &[UnitRef], w: W) -> String {
    units
        .iter()
        .map(|u| u.name.as_str())
        .collect::<Vec<_>>()
        .join(w.sep())
}

pub fn direction_label(code: u8, w: W) -> String {
    Campaign::direction_name(code, w.0.is_zh()).to_string()
}

pub fn campaign_fields(m: &MergeOutput, w: W) -> Vec<Field> {
    vec![
        Field {
            key: "campaign",
            label: w.t("评审名称", "Review"),
            value: Cell::text(w.pick(&m.campaign.name, &m.campaign.name_en)),
        },
        Field {
            key: "campaign_id",
            label: w.t("评审编号", "Review id"),
            value: Cell::text(m.campaign.id.as_str()),
        },
        Field {
            key: "review_date",
            label: w.t("评审日期", "Review date"),
            value: Cell::text(m.campaign.review_date.as_str()),
        },
        Field {
            key: "campaign_digest",
            label: w.t("评审活动摘要（SM3）", "Campaign digest (SM3)"),
            value: Cell::text(m.campaign.digest.as_str()),
        },
        Field {
            key: "merge_rule",
            label: w.t("汇总规则", "Merge rule"),
            value: Cell::text(merge_rule(m, w)),
        },
    ]
}

fn merge_rule(m: &MergeOutput, w: W) -> String {
    let s = &m.settings;
    w.f(
        format!(
            "有效评分不少于 {} 份时去掉一个最高分和一个最低分后取平均；有效评分少于 {} 份标记“不足”；最高与最低总分之差不小于 {} 标记“分歧”",
            s.trim_min_n, s.min_complete, s.divergence
        ),
        format!(
            "mean after dropping one highest and one lowest total when at least {} are complete; fewer than {} complete totals is flagged incomplete; a spread of {} or more is flagged divergence",
            s.trim_min_n, s.min_complete, s.divergence
        ),
    )
}

pub fn cut_rule(m: &MergeOutput, w: W) -> String {
    let s = &m.settings;
    match (s.cut_top_n, s.cut_min_score) {
        (None, None) => w.t("未设推荐线", "no cut line"),
        (Some(n), None) => w.f(
            format!("每个方向前 {n} 名"),
            format!("top {n} of each direction"),
        ),
        (None, Some(min)) => w.f(format!("得分不低于 {min}"), format!("score at least {min}")),
        (Some(n), Some(min)) => w.f(
            format!("每个方向前 {n} 名且得分不低于 {min}"),
            format!("top {n} of each direction with a score of at least {min}"),
        ),
    }
}

pub fn cut_label(m: &MergeOutput, w: W) -> String {
    w.f(
        format!("———— 推荐线：以上为拟推荐项目（{}）————", cut_rule(m, w)),
        format!("---- cut line: recommended above ({}) ----", cut_rule(m, w)),
    )
}

/// 拟推荐名单, by direction then rank, as the merge lists it.
pub fn recommended_table(m: &MergeOutput, w: W) -> Table {
    Table {
        key: "recommended".into(),
        heading: w.t("拟推荐名单", "Recommended list"),
        columns: vec![
            Column::new("seq", w.t("序号", "No.")),
            Column::new("direction", w.t("方向", "Direction")),
            Column::new("rank", w.t("排名", "Rank")),
            Column::new("application", w.t("项目编号", "Application")),
            Column::new("name", w.t("项目名称", "Project")),
            Column::new("lead_unit", w.t("牵头单位", "Lead unit")),
            Column::new("recommender", w.t("推荐单位", "Recommender")),
            Column::new("score", w.t("得分", "Score")),
        ],
        rows: m
            .recommended
            .iter()
            .enumerate()
            .map(|(i, r)| {
                vec![
                    Cell::Int(i as i64 + 1),
                    Cell::text(direction_label(r.direction, w)),
                    Cell::Int(r.rank.into()),
                    Cell::text(r.application.as_str()),
                    Cell::text(r.name.as_str()),
                    Cell::text(r.lead_unit.as_ref().map_or("", |u| u.name.as_str())),
                    Cell::text(r.recommender.name.as_str()),
                    Cell::Score(r.panel_score),
                ]
            })
            .collect(),
        cut: None,
        empty: if m.cut.is_some() {
            w.t("无项目达到推荐线", "No application reaches the cut line")
        } else {
            w.t("本次评审未设推荐线", "The campaign sets no cut line")
        },
    }
}

/// The winning sheets and their digests: what every figure was computed from.
pub fn sheet_digest_table(m: &MergeOutput, w: W) -> Table {
    Table {
        key: "sheets".into(),
        heading: w.t("评分表摘要（SM3）", "Sheet digests (SM3)"),
        columns: vec![
            Column::new("expert", w.t("专家编号", "Expert")),
            Column::new("expert_name", w.t("姓名", "Name")),
            Column::new("revision", w.t("修订号", "Revision")),
            Column::new("round", w.t("轮次", "Round")),
            Column::new("digest", w.t("SM3 摘要", "SM3 digest")),
        ],
        rows: m
            .sheets
            .iter()
            .map(|s| {
                vec![
                    Cell::text(s.expert.as_str()),
                    Cell::text(s.expert_name.as_str()),
                    Cell::Int(s.revision as i64),
                    Cell::Int(s.round.into()),
                    Cell::text(s.digest.as_str()),
                ]
            })
            .collect(),
        cut: None,
        empty: w.t("无", "None"),
    }
}
