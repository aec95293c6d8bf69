//! 评审结果汇总表: a summary page, one page per direction with its cut line, and the
//! applications that failed formal review, listed apart with the reason.

use super::document::{Block, Cell, Column, CutMark, Document, Field, Kind, Page, Table};
use super::words::{self, W};
use crate::merge::{ApplicationResult, DirectionResult, MergeOutput};

pub fn build(m: &MergeOutput, w: W) -> Document {
    let mut pages = vec![summary(m, w)];
    pages.extend(m.directions.iter().map(|d| direction(m, d, w)));
    pages.push(failed(m, w));
    Document {
        kind: Kind::Results,
        lang: w.key(),
        title: w.t("评审结果汇总表", "Review results"),
        date: m.campaign.review_date.clone(),
        pages,
    }
}

fn summary(m: &MergeOutput, w: W) -> Page {
    let mut fields = words::campaign_fields(m, w);
    fields.push(Field {
        key: "cut_rule",
        label: w.t("推荐规则", "Cut rule"),
        value: Cell::text(words::cut_rule(m, w)),
    });
    fields.push(Field {
        key: "sheets",
        label: w.t("有效评分表", "Sheets counted"),
        value: Cell::Int(m.sheets.len() as i64),
    });
    fields.push(Field {
        key: "decisions",
        label: w.t("决定文件", "Decisions"),
        value: Cell::Int(m.decisions.len() as i64),
    });
    let mut blocks = vec![Block::Fields(fields)];

    let by_direction = Table {
        key: "directions".into(),
        heading: w.t("各方向情况", "By direction"),
        columns: vec![
            Column::new("code", w.t("方向编号", "Code")),
            Column::new("direction", w.t("方向", "Direction")),
            Column::new("ranked", w.t("排名项目数", "Ranked")),
            Column::new("unranked", w.t("未排名项目数", "Unranked")),
            Column::new("recommended", w.t("拟推荐数", "Recommended")),
            Column::new("divergent", w.t("分歧项目数", "Divergent")),
            Column::new("round", w.t("计分轮次", "Round counted")),
        ],
        rows: m
            .directions
            .iter()
            .map(|d| {
                let all = || d.ranking.iter().chain(&d.unranked);
                vec![
                    Cell::Int(d.code.into()),
                    Cell::text(w.pick(&d.name_zh, &d.name_en)),
                    Cell::Int(d.ranking.len() as i64),
                    Cell::Int(d.unranked.len() as i64),
                    Cell::Int(d.ranking.iter().filter(|a| a.recommended).count() as i64),
                    Cell::Int(
                        all()
                            .filter(|a| a.flags.contains(&crate::merge::Flag::Divergence))
                            .count() as i64,
                    ),
                    Cell::Int(all().map(|a| a.round).max().unwrap_or(1).into()),
                ]
            })
            .collect(),
        cut: None,
        empty: w.t("无", "None"),
    };
    blocks.push(Block::Table(by_direction));
    blocks.push(Block::Table(words::recommended_table(m, w)));
    if let Some(cut) = &m.cut {
        if !cut.held_back.is_empty() {
            blocks.push(Block::Note(w.f(
                format!(
                    "以下项目位于推荐线内，但有效评分份数不足，暂缓推荐：{}",
                    cut.held_back.join("、")
                ),
                format!(
                    "Above the line but short of complete totals, so held back: {}",
                    cut.held_back.join(", ")
                ),
            )));
        }
    }
    blocks.push(Block::Table(words::sheet_digest_table(m, w)));
    if !m.superseded.is_empty() {
        let list: Vec<String> = m
            .superseded
            .iter()
            .map(|s| format!("{} r{}", s.expert, s.revision))
            .collect();
        blocks.push(Block::Note(w.f(
            format!("已被更高修订号取代的评分表：{}", list.join("、")),
            format!(
                "Sheets superseded by a higher revision: {}",
                list.join(", ")
            ),
        )));
    }
    blocks.push(Block::Table(Table {
        key: "decision_digests".into(),
        heading: w.t("决定文件摘要（SM3）", "Decision digests (SM3)"),
        columns: vec![
            Column::new("seq", w.t("序号", "No.")),
            Column::new("digest", w.t("SM3 摘要", "SM3 digest")),
        ],
        rows: m
            .decisions
            .iter()
            .enumerate()
            .map(|(i, d)| vec![Cell::Int(i as i64 + 1), Cell::text(d.as_str())])
            .collect(),
        cut: None,
        empty: w.t("无", "None"),
    }));
    Page {
        key: "summary".into(),
        name: w.t("汇总", "Summary"),
        title: w.t("评审结果汇总", "Summary of results"),
        landscape: true,
        blocks,
    }
}

/// The columns of a direction's table, shared with the tests' reading of it.
pub fn result_columns(w: W) -> Vec<Column> {
    vec![
        Column::new("seq", w.t("序号", "No.")),
        Column::new("application", w.t("项目编号", "Application")),
        Column::new("name", w.t("项目名称", "Project")),
        Column::new("lead_unit", w.t("牵头单位", "Lead unit")),
        Column::new("joint_units", w.t("联合单位", "Joint units")),
        Column::new("direction", w.t("方向", "Direction")),
        Column::new("recommender", w.t("推荐单位", "Recommender")),
        Column::new("score", w.t("得分", "Score")),
        Column::new("rank", w.t("排名", "Rank")),
        Column::new("recommended", w.t("拟推荐", "Recommended")),
        Column::new("flags", w.t("标记", "Flags")),
    ]
}

fn direction(m: &MergeOutput, d: &DirectionResult, w: W) -> Page {
    let held: Vec<&str> = m
        .cut
        .as_ref()
        .map(|c| c.held_back.iter().map(String::as_str).collect())
        .unwrap_or_default();
    let apps: Vec<&ApplicationResult> = d.ranking.iter().chain(&d.unranked).collect();
    let rows = apps
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let mut flags = words::flags_text(&a.flags, w);
            if held.contains(&a.application.as_str()) {
                words::push_flag(&mut flags, &w.t("暂缓推荐", "held back"), w);
            }
            vec![
                Cell::Int(i as i64 + 1),
                Cell::text(a.application.as_str()),
                Cell::text(a.name.as_str()),
                Cell::text(a.lead_unit.as_ref().map_or("", |u| u.name.as_str())),
                Cell::text(words::units_text(&a.joint_units, w)),
                Cell::text(w.pick(&d.name_zh, &d.name_en)),
                Cell::text(a.recommender.name.as_str()),
                Cell::opt_score(a.figures.as_ref().map(|f| f.panel_score)),
                Cell::opt_int(a.rank),
                Cell::text(if a.recommended {
                    w.t("是", "yes")
                } else {
                    String::new()
                }),
                Cell::text(flags),
            ]
        })
        .collect();
    // The line falls under the last application the cut rule reaches, recommended or held
    // back, so a held-back place stays visibly above it.
    let cut = m.cut.as_ref().map(|_| CutMark {
        after: apps
            .iter()
            .rposition(|a| a.recommended || held.contains(&a.application.as_str()))
            .map_or(0, |i| i + 1),
        label: words::cut_label(m, w),
    });
    let mut blocks = vec![Block::Table(Table {
        key: "ranking".into(),
        heading: w.f(
            format!("{:02} {} 评审结果", d.code, d.name_zh),
            format!("{:02} {}: results", d.code, d.name_en),
        ),
        columns: result_columns(w),
        rows,
        cut,
        empty: w.t(
            "本方向无通过形式审查的项目",
            "No application of this direction is in review",
        ),
    })];
    let criteria: Vec<String> = d
        .criteria
        .iter()
        .map(|c| format!("{} {}", w.pick(&c.zh, &c.en), c.max))
        .collect();
    blocks.push(Block::Note(w.f(
        format!(
            "得分为去掉一个最高分和一个最低分后的平均分（有效评分不少于 {} 份时），否则为平均分；评分指标：{}。",
            m.settings.trim_min_n,
            criteria.join("、")
        ),
        format!(
            "The score is the mean after dropping one highest and one lowest total (with at least {} complete totals), else the mean; criteria: {}.",
            m.settings.trim_min_n,
            criteria.join(", ")
        ),
    )));
    Page {
        key: format!("direction-{:02}", d.code),
        name: format!("{:02} {}", d.code, w.pick(&d.name_zh, &d.name_en)),
        title: w.f(
            format!("{} — {:02} {}", m.campaign.name, d.code, d.name_zh),
            format!("{} — {:02} {}", m.campaign.name_en, d.code, d.name_en),
        ),
        landscape: true,
        blocks,
    }
}

fn failed(m: &MergeOutput, w: W) -> Page {
    let rows = m
        .failed
        .iter()
        .enumerate()
        .map(|(i, f)| {
            vec![
                Cell::Int(i as i64 + 1),
                Cell::text(f.application.as_str()),
                Cell::text(f.name.as_str()),
                Cell::text(words::direction_label(f.direction, w)),
                Cell::text(f.lead_unit.as_ref().map_or("", |u| u.name.as_str())),
                Cell::text(f.recommender.name.as_str()),
                Cell::text(w.pick(&f.reason_zh, &f.reason_en)),
            ]
        })
        .collect();
    Page {
        key: "failed".into(),
        name: w.t("未通过形式审查", "Failed formal review"),
        title: w.t(
            "未通过形式审查的项目（不参加评审排名）",
            "Applications that failed formal review (not ranked)",
        ),
        landscape: true,
        blocks: vec![Block::Table(Table {
            key: "failed".into(),
            heading: w.t("未通过形式审查", "Failed formal review"),
            columns: vec![
                Column::new("seq", w.t("序号", "No.")),
                Column::new("application", w.t("项目编号", "Application")),
                Column::new("name", w.t("项目名称", "Project")),
                Column::new("direction", w.t("方向", "Direction")),
                Column::new("lead_unit", w.t("牵头单位", "Lead unit")),
                Column::new("recommender", w.t("推荐单位", "Recommender")),
                Column::new("reason", w.t("原因", "Reason")),
            ],
            rows,
            cut: None,
            empty: w.t("无", "None"),
        })],
    }
}
