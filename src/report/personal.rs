//! 专家个人评分表: one page per expert with a winning sheet, holding that expert's counted
//! scores per application and criterion, totals and comments, the sheet's short SM3 digest
//! and revision, and a line to sign.

use super::document::{Block, Cell, Column, Document, Field, Kind, Page, Table};
use super::words::{short_digest, W};
use crate::merge::{
    ApplicationResult, CriterionRef, DirectionResult, DropKind, ExpertRow, MergeOutput, SheetRef,
};

pub fn build(m: &MergeOutput, w: W) -> Document {
    Document {
        kind: Kind::Personal,
        lang: w.key(),
        title: w.t("专家个人评分表", "Individual score sheets"),
        date: m.campaign.review_date.clone(),
        pages: m.sheets.iter().map(|s| page(m, s, w)).collect(),
    }
}

/// Every counted row of one expert, by direction in the merge's order, then by the
/// direction's ranking order, then the unranked.
pub fn rows_of<'m>(
    m: &'m MergeOutput,
    expert: &str,
) -> Vec<(
    &'m DirectionResult,
    Vec<(&'m ApplicationResult, &'m ExpertRow)>,
)> {
    m.directions
        .iter()
        .filter_map(|d| {
            let rows: Vec<_> = d
                .ranking
                .iter()
                .chain(&d.unranked)
                .filter_map(|a| Some((a, a.experts.iter().find(|r| r.expert == expert)?)))
                .collect();
            (!rows.is_empty()).then_some((d, rows))
        })
        .collect()
}

fn page(m: &MergeOutput, s: &SheetRef, w: W) -> Page {
    let pledge = match (&s.pledged_at, s.pledged) {
        (Some(at), _) => w.f(format!("已签署（{at}）"), format!("acknowledged ({at})")),
        (None, true) => w.t("已签署", "acknowledged"),
        (None, false) => w.t("未签署", "not acknowledged"),
    };
    let by_direction = rows_of(m, &s.expert);
    let counted: usize = by_direction.iter().map(|(_, r)| r.len()).sum();
    let fields = vec![
        Field {
            key: "campaign",
            label: w.t("评审名称", "Review"),
            value: Cell::text(w.pick(&m.campaign.name, &m.campaign.name_en)),
        },
        Field {
            key: "expert",
            label: w.t("专家", "Expert"),
            value: Cell::text(format!("{}（{}）", s.expert_name, s.expert)),
        },
        Field {
            key: "unit",
            label: w.t("工作单位", "Unit"),
            value: Cell::text(s.unit.as_str()),
        },
        Field {
            key: "revision",
            label: w.t("评分表修订号", "Sheet revision"),
            value: Cell::Int(i64::try_from(s.revision).unwrap_or(i64::MAX)),
        },
        Field {
            key: "round",
            label: w.t("评分轮次", "Round"),
            value: Cell::Int(s.round.into()),
        },
        Field {
            key: "digest",
            label: w.t("评分表摘要（SM3 前16位）", "Sheet digest (SM3, first 16)"),
            value: Cell::text(short_digest(&s.digest)),
        },
        Field {
            key: "pledge",
            label: w.t("保密及回避承诺", "Commitment"),
            value: Cell::text(pledge),
        },
        Field {
            key: "applications",
            label: w.t("计入评分的项目数", "Applications counted"),
            value: Cell::Int(counted as i64),
        },
    ];
    let mut blocks = vec![Block::Fields(fields)];
    for (d, rows) in &by_direction {
        blocks.push(Block::Table(direction_table(d, rows, w)));
    }
    if by_direction.is_empty() {
        blocks.push(Block::Note(w.t(
            "本评分表没有计入汇总的评分。",
            "No score of this sheet counts in the merge.",
        )));
    }
    let dropped: Vec<String> = m
        .dropped
        .iter()
        .filter(|d| d.expert == s.expert)
        .map(|d| {
            let why = drop_kind(d.kind, w);
            let rules = if d.rules.is_empty() {
                String::new()
            } else {
                format!(" {}", d.rules.join(","))
            };
            w.f(
                format!("{}（{why}{rules}，{} 项）", d.application, d.scores),
                format!("{} ({why}{rules}, {} score(s))", d.application, d.scores),
            )
        })
        .collect();
    if !dropped.is_empty() {
        blocks.push(Block::Note(w.f(
            format!("未计入汇总的评分：{}。", dropped.join("；")),
            format!("Scores not counted: {}.", dropped.join("; ")),
        )));
    }
    let declared: Vec<String> = m
        .declarations
        .iter()
        .filter(|d| d.expert == s.expert)
        .map(|d| {
            w.f(
                format!("{}（{}）", d.application, d.reason),
                format!("{} ({})", d.application, d.reason),
            )
        })
        .collect();
    if !declared.is_empty() {
        blocks.push(Block::Note(w.f(
            format!("本人声明回避：{}。", declared.join("；")),
            format!("Conflicts declared: {}.", declared.join("; ")),
        )));
    }
    blocks.push(Block::Note(w.f(
        format!(
            "本表各项评分与评分表（修订号 {}，SM3 摘要 {}）一致。",
            s.revision, s.digest
        ),
        format!(
            "Every score above is as in the signed sheet (revision {}, SM3 {}).",
            s.revision, s.digest
        ),
    )));
    blocks.push(Block::Signature(w.t(
        "专家签字：________________    日期：________________",
        "Expert's signature: ________________    Date: ________________",
    )));
    Page {
        key: format!("expert-{}", s.expert),
        name: format!("{} {}", s.expert, s.expert_name),
        title: w.f(
            format!("专家个人评分表 — {}（{}）", s.expert_name, s.expert),
            format!("Individual score sheet: {} ({})", s.expert_name, s.expert),
        ),
        landscape: true,
        blocks,
    }
}

pub fn drop_kind(k: DropKind, w: W) -> String {
    match k {
        DropKind::Conflict => w.t("回避", "conflict"),
        DropKind::FailedApplication => w.t("未通过形式审查", "failed formal review"),
        DropKind::NotAssigned => w.t("非本组项目", "not assigned"),
        DropKind::RoundNotOpen => w.t("轮次未开启", "round not open"),
        DropKind::UnknownApplication => w.t("无此项目", "unknown application"),
        DropKind::UnknownCriterion => w.t("无此指标", "unknown criterion"),
    }
}

fn criterion_label(c: &CriterionRef, w: W) -> String {
    format!("{}（{}）", w.pick(&c.zh, &c.en), c.max)
}

/// Per-criterion texts as one cell: `创新性：……；实用性：……`.
fn per_criterion(texts: &[String], criteria: &[CriterionRef], w: W) -> String {
    texts
        .iter()
        .zip(criteria)
        .filter(|(t, _)| !t.is_empty())
        .map(|(t, c)| format!("{}{}{t}", w.pick(&c.zh, &c.en), w.pick("：", ": ")))
        .collect::<Vec<_>>()
        .join(w.pick("；", "; "))
}

fn direction_table(d: &DirectionResult, rows: &[(&ApplicationResult, &ExpertRow)], w: W) -> Table {
    let later_round = rows.iter().any(|(_, r)| r.round1.is_some());
    let mut columns = vec![
        Column::new("seq", w.t("序号", "No.")),
        Column::new("application", w.t("项目编号", "Application")),
        Column::new("name", w.t("项目名称", "Project")),
    ];
    for c in &d.criteria {
        columns.push(Column::new(
            format!("score:{}", c.id),
            criterion_label(c, w),
        ));
    }
    columns.push(Column::new("total", w.t("总分", "Total")));
    if later_round {
        columns.push(Column::new(
            "round1_total",
            w.t("第一轮总分", "Round-1 total"),
        ));
        columns.push(Column::new(
            "reasons",
            w.t("改分理由", "Reasons for changes"),
        ));
    }
    columns.push(Column::new("comments", w.t("评语", "Comments")));
    columns.push(Column::new("remarks", w.t("备注", "Remarks")));
    let body = rows
        .iter()
        .enumerate()
        .map(|(i, (a, r))| {
            let mut cells = vec![
                Cell::Int(i as i64 + 1),
                Cell::text(a.application.as_str()),
                Cell::text(a.name.as_str()),
            ];
            cells.extend(
                (0..d.criteria.len())
                    .map(|ci| Cell::opt_score(r.scores.get(ci).copied().flatten())),
            );
            cells.push(Cell::opt_score(r.total));
            if later_round {
                cells.push(Cell::opt_score(r.round1_total));
                cells.push(Cell::text(per_criterion(&r.reasons, &d.criteria, w)));
            }
            cells.push(Cell::text(per_criterion(&r.comments, &d.criteria, w)));
            let mut remarks = Vec::new();
            if !r.missing.is_empty() {
                let names: Vec<&str> = r
                    .missing
                    .iter()
                    .map(|id| {
                        d.criteria
                            .iter()
                            .find(|c| &c.id == id)
                            .map_or(id.as_str(), |c| w.pick(&c.zh, &c.en))
                    })
                    .collect();
                remarks.push(w.f(
                    format!("未评：{}，总分不计入", names.join("、")),
                    format!("unscored: {}; total not counted", names.join(", ")),
                ));
            }
            if let Some(reason) = &r.override_reason {
                remarks.push(w.f(
                    format!("组长覆盖回避：{reason}"),
                    format!("conflict overridden by the chair: {reason}"),
                ));
            }
            cells.push(Cell::text(remarks.join(w.pick("；", "; "))));
            cells
        })
        .collect();
    Table {
        key: format!("direction-{:02}", d.code),
        heading: w.f(
            format!("{:02} {}", d.code, d.name_zh),
            format!("{:02} {}", d.code, d.name_en),
        ),
        columns,
        rows: body,
        cut: None,
        empty: w.t("无", "None"),
    }
}
