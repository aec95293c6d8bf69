//! 评审会议纪要: attendance, commitments, conflicts, overrides, decisions, rounds and
//! changed scores, the order of discussion and the recommended list, one section a page.

use super::document::{Block, Cell, Column, Document, Field, Kind, Page, Table};
use super::personal::drop_kind;
use super::words::{self, short_digest, W};
use crate::merge::{DecisionNote, DropKind, MergeOutput};
use std::collections::BTreeMap;

pub fn build(m: &MergeOutput, w: W) -> Document {
    let names = Names::new(m);
    Document {
        kind: Kind::Minutes,
        lang: w.key(),
        title: w.t("评审会议纪要", "Minutes of the review meeting"),
        date: m.campaign.review_date.clone(),
        pages: vec![
            overview(m, w),
            attendance(m, w),
            commitments(m, w),
            conflicts(m, &names, w),
            overrides(m, &names, w),
            decisions(m, w),
            rounds(m, &names, w),
            discussion(m, w),
            recommended(m, w),
        ],
    }
}

/// Names the merge output gives by id: applications (ranked, unranked or failed) and the
/// criteria of each application's direction.
struct Names<'m> {
    apps: BTreeMap<&'m str, (&'m str, u8)>,
    criteria: BTreeMap<(u8, &'m str), (&'m str, &'m str)>,
}

impl<'m> Names<'m> {
    fn new(m: &'m MergeOutput) -> Names<'m> {
        let mut apps = BTreeMap::new();
        let mut criteria = BTreeMap::new();
        for d in &m.directions {
            for a in d.ranking.iter().chain(&d.unranked) {
                apps.insert(a.application.as_str(), (a.name.as_str(), d.code));
            }
            for c in &d.criteria {
                criteria.insert((d.code, c.id.as_str()), (c.zh.as_str(), c.en.as_str()));
            }
        }
        for f in &m.failed {
            apps.insert(f.application.as_str(), (f.name.as_str(), f.direction));
        }
        Names { apps, criteria }
    }

    fn app(&self, id: &str) -> &'m str {
        self.apps.get(id).map_or("", |a| a.0)
    }

    fn criterion(&self, app: &str, id: &'m str, w: W) -> &'m str {
        self.apps
            .get(app)
            .and_then(|a| self.criteria.get(&(a.1, id)))
            .map_or(id, |c| w.pick(c.0, c.1))
    }
}

fn table(key: &str, heading: String, columns: Vec<Column>, rows: Vec<Vec<Cell>>, w: W) -> Block {
    Block::Table(Table {
        key: key.into(),
        heading,
        columns,
        rows,
        cut: None,
        empty: w.t("无", "None"),
    })
}

fn page(key: &str, name: String, blocks: Vec<Block>) -> Page {
    Page {
        key: key.into(),
        title: name.clone(),
        name,
        landscape: false,
        blocks,
    }
}

fn expert_name(m: &MergeOutput, id: &str) -> String {
    m.sheets
        .iter()
        .find(|s| s.expert == id)
        .map_or_else(String::new, |s| s.expert_name.clone())
}

fn overview(m: &MergeOutput, w: W) -> Page {
    let mut fields = words::campaign_fields(m, w);
    fields.push(Field {
        key: "cut_rule",
        label: w.t("推荐规则", "Cut rule"),
        value: Cell::text(words::cut_rule(m, w)),
    });
    let ranked: usize = m.directions.iter().map(|d| d.ranking.len()).sum();
    let text = w.f(
        format!(
            "本次会议收到 {} 位专家的有效评分表，{} 个项目参加排名，{} 个项目未通过形式审查不参加排名，{} 个项目因评分分歧列入讨论，拟推荐 {} 个项目。",
            m.sheets.len(),
            ranked,
            m.failed.len(),
            m.divergence_queue.len(),
            m.recommended.len()
        ),
        format!(
            "The meeting received valid sheets from {} experts; {} applications were ranked, {} failed formal review and were not ranked, {} were discussed for divergent scores, and {} are recommended.",
            m.sheets.len(),
            ranked,
            m.failed.len(),
            m.divergence_queue.len(),
            m.recommended.len()
        ),
    );
    page(
        "overview",
        w.t("会议概况", "Overview"),
        vec![Block::Fields(fields), Block::Note(text)],
    )
}

fn panels_of(m: &MergeOutput, expert: &str) -> String {
    m.rounds
        .iter()
        .filter(|p| p.experts.iter().any(|e| e == expert))
        .map(|p| p.panel.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

fn attendance(m: &MergeOutput, w: W) -> Page {
    let rows = m
        .sheets
        .iter()
        .enumerate()
        .map(|(i, s)| {
            vec![
                Cell::Int(i as i64 + 1),
                Cell::text(s.expert.as_str()),
                Cell::text(s.expert_name.as_str()),
                Cell::text(s.unit.as_str()),
                Cell::text(panels_of(m, &s.expert)),
                Cell::Int(i64::try_from(s.revision).unwrap_or(i64::MAX)),
                Cell::Int(s.round.into()),
                Cell::Int(i64::try_from(s.scores).unwrap_or(i64::MAX)),
                Cell::text(short_digest(&s.digest)),
            ]
        })
        .collect();
    let mut blocks = vec![table(
        "attendance",
        w.t("提交评分表的专家", "Experts who handed in a sheet"),
        vec![
            Column::new("seq", w.t("序号", "No.")),
            Column::new("expert", w.t("专家编号", "Expert")),
            Column::new("expert_name", w.t("姓名", "Name")),
            Column::new("unit", w.t("工作单位", "Unit")),
            Column::new("panels", w.t("评审组", "Panel")),
            Column::new("revision", w.t("修订号", "Revision")),
            Column::new("round", w.t("轮次", "Round")),
            Column::new("scores", w.t("评分数", "Scores")),
            Column::new("digest", w.t("评分表摘要", "Sheet digest")),
        ],
        rows,
        w,
    )];
    let absent: Vec<String> = m
        .rounds
        .iter()
        .flat_map(|p| {
            p.experts
                .iter()
                .filter(|e| !m.sheets.iter().any(|s| &s.expert == *e))
                .map(move |e| format!("{e}（{}）", p.panel))
        })
        .collect();
    if !absent.is_empty() {
        blocks.push(Block::Note(w.f(
            format!("评审组成员中未提交评分表：{}。", absent.join("、")),
            format!(
                "Panel members without a sheet: {}.",
                absent.join(", ").replace('（', " (").replace('）', ")")
            ),
        )));
    }
    page("attendance", w.t("一、出席情况", "1 Attendance"), blocks)
}

fn commitments(m: &MergeOutput, w: W) -> Page {
    let rows = m
        .sheets
        .iter()
        .enumerate()
        .map(|(i, s)| {
            vec![
                Cell::Int(i as i64 + 1),
                Cell::text(s.expert.as_str()),
                Cell::text(s.expert_name.as_str()),
                Cell::text(if s.pledged {
                    w.t("已签署", "acknowledged")
                } else {
                    w.t("未签署", "not acknowledged")
                }),
                Cell::text(s.pledged_at.clone().unwrap_or_default()),
            ]
        })
        .collect();
    let missing = m.sheets.iter().filter(|s| !s.pledged).count();
    let note = if missing == 0 {
        w.t(
            "全体专家均已签署保密及回避承诺。",
            "Every expert acknowledged the confidentiality and recusal commitment.",
        )
    } else {
        w.f(
            format!("{missing} 位专家的评分表未载有承诺，请会后补签。"),
            format!("{missing} sheet(s) carry no commitment; have it signed after the meeting."),
        )
    };
    page(
        "commitments",
        w.t("二、保密及回避承诺", "2 Commitments"),
        vec![
            table(
                "commitments",
                w.t("承诺签署情况", "Commitments"),
                vec![
                    Column::new("seq", w.t("序号", "No.")),
                    Column::new("expert", w.t("专家编号", "Expert")),
                    Column::new("expert_name", w.t("姓名", "Name")),
                    Column::new("pledged", w.t("承诺", "Commitment")),
                    Column::new("pledged_at", w.t("签署时间", "Acknowledged at")),
                ],
                rows,
                w,
            ),
            Block::Note(note),
        ],
    )
}

fn conflicts(m: &MergeOutput, names: &Names<'_>, w: W) -> Page {
    let found = m
        .conflicts
        .iter()
        .enumerate()
        .map(|(i, c)| {
            vec![
                Cell::Int(i as i64 + 1),
                Cell::text(c.rule.as_str()),
                Cell::text(c.expert.as_str()),
                Cell::text(c.expert_name.as_str()),
                Cell::text(c.application.as_str()),
                Cell::text(names.app(&c.application)),
                Cell::text(if c.overridden {
                    w.t("组长已书面覆盖", "overridden by the chair")
                } else {
                    w.t("回避", "recused")
                }),
            ]
        })
        .collect();
    let declared = m
        .declarations
        .iter()
        .enumerate()
        .map(|(i, d)| {
            vec![
                Cell::Int(i as i64 + 1),
                Cell::text(d.expert.as_str()),
                Cell::text(expert_name(m, &d.expert)),
                Cell::text(d.application.as_str()),
                Cell::text(names.app(&d.application)),
                Cell::text(d.reason.as_str()),
            ]
        })
        .collect();
    let dropped_conflicts = m
        .dropped
        .iter()
        .filter(|d| d.kind == DropKind::Conflict)
        .enumerate()
        .map(|(i, d)| {
            let self_declared = m
                .declarations
                .iter()
                .any(|x| x.expert == d.expert && x.application == d.application);
            vec![
                Cell::Int(i as i64 + 1),
                Cell::text(d.expert.as_str()),
                Cell::text(d.application.as_str()),
                Cell::text(names.app(&d.application)),
                Cell::text(d.rules.join(",")),
                Cell::text(if self_declared {
                    w.t("本人声明", "declared")
                } else {
                    w.t("规则认定", "rules")
                }),
                Cell::Int(d.scores.into()),
            ]
        })
        .collect();
    let other = m
        .dropped
        .iter()
        .filter(|d| d.kind != DropKind::Conflict)
        .enumerate()
        .map(|(i, d)| {
            vec![
                Cell::Int(i as i64 + 1),
                Cell::text(d.expert.as_str()),
                Cell::text(d.application.as_str()),
                Cell::text(drop_kind(d.kind, w)),
                Cell::text(d.criteria.join(",")),
                Cell::Int(d.scores.into()),
            ]
        })
        .collect();
    let mut blocks = vec![table(
        "conflicts_found",
        w.t("规则认定的回避", "Conflicts the rules found"),
        vec![
            Column::new("seq", w.t("序号", "No.")),
            Column::new("rule", w.t("规则", "Rule")),
            Column::new("expert", w.t("专家编号", "Expert")),
            Column::new("expert_name", w.t("姓名", "Name")),
            Column::new("application", w.t("项目编号", "Application")),
            Column::new("name", w.t("项目名称", "Project")),
            Column::new("status", w.t("处理", "Outcome")),
        ],
        found,
        w,
    )];
    if !m.conflicts.is_empty() {
        blocks.push(Block::Note(w.t(
            "规则认定须回避的项目不分入该专家的评审包，其评分不计入；经组长书面覆盖的除外（理由见“四、组长覆盖”和“五、决定事项”）。",
            "An application the rules put in conflict with an expert is left out of that expert's package and any score of theirs for it is not counted, unless the chair overrode the conflict in writing (the reasons are under 4 Overrides and 5 Decisions).",
        )));
    }
    blocks.extend([
        table(
            "declarations",
            w.t("专家声明的回避", "Conflicts the experts declared"),
            vec![
                Column::new("seq", w.t("序号", "No.")),
                Column::new("expert", w.t("专家编号", "Expert")),
                Column::new("expert_name", w.t("姓名", "Name")),
                Column::new("application", w.t("项目编号", "Application")),
                Column::new("name", w.t("项目名称", "Project")),
                Column::new("reason", w.t("理由", "Reason")),
            ],
            declared,
            w,
        ),
        table(
            "conflicts_dropped",
            w.t("因回避剔除的评分", "Scores dropped for a conflict"),
            vec![
                Column::new("seq", w.t("序号", "No.")),
                Column::new("expert", w.t("专家编号", "Expert")),
                Column::new("application", w.t("项目编号", "Application")),
                Column::new("name", w.t("项目名称", "Project")),
                Column::new("rules", w.t("规则", "Rules")),
                Column::new("source", w.t("认定方式", "Found by")),
                Column::new("scores", w.t("剔除评分数", "Scores dropped")),
            ],
            dropped_conflicts,
            w,
        ),
        table(
            "other_dropped",
            w.t("其他未计入的评分", "Other scores not counted"),
            vec![
                Column::new("seq", w.t("序号", "No.")),
                Column::new("expert", w.t("专家编号", "Expert")),
                Column::new("application", w.t("项目编号", "Application")),
                Column::new("kind", w.t("原因", "Why")),
                Column::new("criteria", w.t("指标", "Criteria")),
                Column::new("scores", w.t("评分数", "Scores")),
            ],
            other,
            w,
        ),
    ]);
    page(
        "conflicts",
        w.t("三、回避情况", "3 Conflicts of interest"),
        blocks,
    )
}

fn overrides(m: &MergeOutput, names: &Names<'_>, w: W) -> Page {
    let rows = m
        .overrides
        .iter()
        .enumerate()
        .map(|(i, o)| {
            vec![
                Cell::Int(i as i64 + 1),
                Cell::text(o.expert.as_str()),
                Cell::text(expert_name(m, &o.expert)),
                Cell::text(o.application.as_str()),
                Cell::text(names.app(&o.application)),
                Cell::text(o.reason.as_str()),
            ]
        })
        .collect();
    page(
        "overrides",
        w.t("四、组长覆盖", "4 Overrides"),
        vec![table(
            "overrides",
            w.t(
                "经组长书面说明理由后计入的回避评分",
                "Conflicted scores counted on the chair's written reason",
            ),
            vec![
                Column::new("seq", w.t("序号", "No.")),
                Column::new("expert", w.t("专家编号", "Expert")),
                Column::new("expert_name", w.t("姓名", "Name")),
                Column::new("application", w.t("项目编号", "Application")),
                Column::new("name", w.t("项目名称", "Project")),
                Column::new("reason", w.t("理由", "Reason")),
            ],
            rows,
            w,
        )],
    )
}

/// What a decision decided, in one line.
pub fn decision_text(d: &DecisionNote, w: W) -> String {
    let app = d.application.as_deref().unwrap_or("");
    let rule = d.rule.as_deref().unwrap_or("");
    let expert = d
        .expert
        .as_deref()
        .map(|e| format!(" {e}"))
        .unwrap_or_default();
    let other = d
        .other
        .as_deref()
        .map(|o| w.f(format!(" 与 {o}"), format!(" and {o}")))
        .unwrap_or_default();
    match d.kind.as_str() {
        "triage" => {
            let v = match d.verdict.as_deref() {
                Some("pass") => w.t("通过", "pass"),
                Some("fail") => w.t("不通过", "fail"),
                _ => w.t("需补充材料", "more information needed"),
            };
            w.f(
                format!("形式审查 {app}：{v}"),
                format!("formal review of {app}: {v}"),
            )
        }
        "override" => w.f(
            format!("覆盖 {rule}：{app}{expert}"),
            format!("override {rule}: {app}{expert}"),
        ),
        "confirm" => w.f(
            format!("确认 {rule}：{app}{other}{expert}"),
            format!("confirm {rule}: {app}{other}{expert}"),
        ),
        "dismiss" => w.f(
            format!("排除 {rule}：{app}{other}{expert}"),
            format!("dismiss {rule}: {app}{other}{expert}"),
        ),
        "draw" => {
            let seed = d.seed.as_deref().unwrap_or("");
            let redraw = d.supersedes.is_some();
            match (d.panel_size, d.reserves) {
                (Some(k), Some(r)) => w.f(
                    format!(
                        "专家{}抽取（种子 {seed}，每组 {k} 名专家、{r} 名候补）",
                        if redraw { "重新" } else { "" }
                    ),
                    format!(
                        "expert {} (seed {seed}, panel size {k}, reserves {r})",
                        if redraw { "redraw" } else { "draw" }
                    ),
                ),
                _ => w.f(
                    format!(
                        "专家{}抽取（种子 {seed}）",
                        if redraw { "重新" } else { "" }
                    ),
                    format!(
                        "expert {} (seed {seed})",
                        if redraw { "redraw" } else { "draw" }
                    ),
                ),
            }
        }
        "round" => w.f(
            format!(
                "{} 开启第 {} 轮评分",
                d.panel.as_deref().unwrap_or(""),
                d.round.unwrap_or(0)
            ),
            format!(
                "round {} opened for {}",
                d.round.unwrap_or(0),
                d.panel.as_deref().unwrap_or("")
            ),
        ),
        other => other.to_string(),
    }
}

/// Whether a decision stands: "superseded by No. n" for one a later decision replaced (its
/// number in the table), else in force, with the number of the one it replaced.
fn standing(d: &DecisionNote, seq: &BTreeMap<&str, usize>, w: W) -> String {
    let no = |digest: &Option<String>| digest.as_deref().and_then(|x| seq.get(x)).copied();
    match (no(&d.superseded_by), no(&d.supersedes)) {
        (Some(n), _) => w.f(
            format!("被第 {n} 号决定取代"),
            format!("superseded by No. {n}"),
        ),
        (None, Some(n)) => w.f(
            format!("有效，取代第 {n} 号决定"),
            format!("in force; replaces No. {n}"),
        ),
        (None, None) => w.t("有效", "in force"),
    }
}

fn decisions(m: &MergeOutput, w: W) -> Page {
    let seq: BTreeMap<&str, usize> = m
        .decision_notes
        .iter()
        .enumerate()
        .map(|(i, d)| (d.digest.as_str(), i + 1))
        .collect();
    let rows = m
        .decision_notes
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let role = match d.role.as_str() {
                "chair" => w.t("组长", "chair"),
                "secretariat" => w.t("秘书处", "secretariat"),
                other => other.to_string(),
            };
            vec![
                Cell::Int(i as i64 + 1),
                Cell::text(d.date.as_str()),
                Cell::text(decision_text(d, w)),
                Cell::text(d.reason.as_str()),
                Cell::text(format!("{role} {}", d.by)),
                Cell::text(standing(d, &seq, w)),
                Cell::text(short_digest(&d.digest)),
            ]
        })
        .collect();
    let mut blocks = vec![table(
        "decisions",
        w.t("已签名的决定", "Signed decisions"),
        vec![
            Column::new("seq", w.t("序号", "No.")),
            Column::new("date", w.t("日期", "Date")),
            Column::new("decision", w.t("决定内容", "Decision")),
            Column::new("reason", w.t("理由", "Reason")),
            Column::new("by", w.t("签署人", "Signed by")),
            Column::new("standing", w.t("效力", "Standing")),
            Column::new("digest", w.t("摘要", "Digest")),
        ],
        rows,
        w,
    )];
    if m.decision_notes.len() < m.decisions.len() {
        blocks.push(Block::Note(w.f(
            format!(
                "汇总共读取 {} 份决定文件，其中 {} 份的内容未随汇总结果保存；摘要见结果汇总表。",
                m.decisions.len(),
                m.decisions.len() - m.decision_notes.len()
            ),
            format!(
                "The merge read {} decision files; {} of them came without their content; their digests are in the results.",
                m.decisions.len(),
                m.decisions.len() - m.decision_notes.len()
            ),
        )));
    }
    page("decisions", w.t("五、决定事项", "5 Decisions"), blocks)
}

fn rounds(m: &MergeOutput, names: &Names<'_>, w: W) -> Page {
    let panel_rows = m
        .rounds
        .iter()
        .map(|p| {
            vec![
                Cell::text(p.panel.as_str()),
                Cell::text(p.name.as_str()),
                Cell::text(
                    p.directions
                        .iter()
                        .map(|d| d.to_string())
                        .collect::<Vec<_>>()
                        .join(","),
                ),
                Cell::text(p.experts.join(",")),
                Cell::Int(p.round.into()),
            ]
        })
        .collect();
    let change_rows = m
        .changes
        .iter()
        .enumerate()
        .map(|(i, c)| {
            vec![
                Cell::Int(i as i64 + 1),
                Cell::text(c.expert.as_str()),
                Cell::text(c.application.as_str()),
                Cell::text(names.criterion(&c.application, &c.criterion, w)),
                Cell::Score(c.from),
                Cell::Int(c.from_round.into()),
                Cell::Score(c.to),
                Cell::Int(c.round.into()),
                Cell::text(if c.without_reason {
                    w.t("（未说明理由）", "(no reason given)")
                } else {
                    c.reason.clone()
                }),
            ]
        })
        .collect();
    page(
        "rounds",
        w.t("六、评分轮次与改分", "6 Rounds and changed scores"),
        vec![
            table(
                "panels",
                w.t("各评审组计分轮次", "Round counted per panel"),
                vec![
                    Column::new("panel", w.t("评审组", "Panel")),
                    Column::new("name", w.t("名称", "Name")),
                    Column::new("directions", w.t("方向", "Directions")),
                    Column::new("experts", w.t("专家", "Experts")),
                    Column::new("round", w.t("计分轮次", "Round")),
                ],
                panel_rows,
                w,
            ),
            table(
                "changes",
                w.t("改分记录", "Changed scores"),
                vec![
                    Column::new("seq", w.t("序号", "No.")),
                    Column::new("expert", w.t("专家编号", "Expert")),
                    Column::new("application", w.t("项目编号", "Application")),
                    Column::new("criterion", w.t("指标", "Criterion")),
                    Column::new("from", w.t("原分", "From")),
                    Column::new("from_round", w.t("原轮次", "From round")),
                    Column::new("to", w.t("新分", "To")),
                    Column::new("round", w.t("轮次", "Round")),
                    Column::new("reason", w.t("理由", "Reason")),
                ],
                change_rows,
                w,
            ),
        ],
    )
}

fn discussion(m: &MergeOutput, w: W) -> Page {
    let rows = m
        .divergence_queue
        .iter()
        .enumerate()
        .map(|(i, q)| {
            vec![
                Cell::Int(i as i64 + 1),
                Cell::text(q.application.as_str()),
                Cell::text(q.name.as_str()),
                Cell::text(words::direction_label(q.direction, w)),
                Cell::Score(q.spread),
                Cell::opt_int(q.rank),
            ]
        })
        .collect();
    page(
        "discussion",
        w.t("七、分歧讨论", "7 Divergence discussed"),
        vec![table(
            "divergence_queue",
            w.f(
                format!(
                    "最高与最低总分之差不小于 {} 的项目，按讨论顺序",
                    m.settings.divergence
                ),
                format!(
                    "Applications whose totals spread by {} or more, in the order discussed",
                    m.settings.divergence
                ),
            ),
            vec![
                Column::new("seq", w.t("顺序", "Order")),
                Column::new("application", w.t("项目编号", "Application")),
                Column::new("name", w.t("项目名称", "Project")),
                Column::new("direction", w.t("方向", "Direction")),
                Column::new("spread", w.t("分差", "Spread")),
                Column::new("rank", w.t("排名", "Rank")),
            ],
            rows,
            w,
        )],
    )
}

fn recommended(m: &MergeOutput, w: W) -> Page {
    let mut blocks = vec![
        Block::Note(w.f(
            format!("推荐规则：{}。", words::cut_rule(m, w)),
            format!("Cut rule: {}.", words::cut_rule(m, w)),
        )),
        Block::Table(words::recommended_table(m, w)),
    ];
    if let Some(cut) = &m.cut {
        if !cut.held_back.is_empty() {
            blocks.push(Block::Note(w.f(
                format!(
                    "位于推荐线内、有效评分不足而暂缓推荐：{}。",
                    cut.held_back.join("、")
                ),
                format!(
                    "Above the line but held back for want of complete totals: {}.",
                    cut.held_back.join(", ")
                ),
            )));
        }
    }
    if !m.failed.is_empty() {
        let list: Vec<String> = m
            .failed
            .iter()
            .map(|f| {
                format!(
                    "{}（{}）",
                    f.application,
                    w.pick(&f.reason_zh, &f.reason_en)
                )
            })
            .collect();
        blocks.push(Block::Note(w.f(
            format!("未通过形式审查、不参加排名：{}。", list.join("；")),
            format!(
                "Failed formal review and not ranked: {}.",
                list.join("; ").replace('（', " (").replace('）', ")")
            ),
        )));
    }
    // The minutes close with the signatures, under the list they attest.
    blocks.push(Block::Signature(w.t(
        "组长签字：______________    记录人：______________    日期：______________",
        "Chair: ______________    Recorder: ______________    Date: ______________",
    )));
    page(
        "recommended",
        w.t("八、拟推荐名单", "8 Recommended list"),
        blocks,
    )
}
