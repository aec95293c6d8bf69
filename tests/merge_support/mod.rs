//! Small campaigns and sheets built in code for the merge tests.
#![allow(dead_code)]

use pingshen::merge::{merge, MergeInput, MergeOutput, SupersededSheet};
use pingshen::model::*;
use pingshen::rules::Eligibility;
use pingshen::sheet::{SheetBody, SheetDeclaration, SheetScore};

pub const CRITERIA: [&str; 4] = ["innovation", "advancement", "practicality", "promotion"];

/// One application: id, direction, recommender priority.
pub struct App(pub &'static str, pub u8, pub u32);

pub fn settings(panels: Vec<Panel>, merge: MergeSettings) -> Settings {
    Settings {
        format_version: FORMAT_VERSION,
        id: "test".into(),
        name: "测试评审".into(),
        name_en: "Test review".into(),
        notice: String::new(),
        review_date: Date::new(2024, 3, 1).unwrap(),
        demo_expert: None,
        regions: vec!["北京".into()],
        limits: Limits::default(),
        deadlines: Deadlines {
            regional: Date::new(2024, 1, 31).unwrap(),
            ministry: Date::new(2024, 1, 31).unwrap(),
        },
        merge,
        panels,
    }
}

pub fn rubric(criteria: &[&str]) -> Rubric {
    Rubric {
        id: "general".into(),
        zh: "通用".into(),
        en: "General".into(),
        directions: (1..=13).collect(),
        criteria: criteria
            .iter()
            .map(|c| Criterion {
                id: c.to_string(),
                zh: c.to_string(),
                en: c.to_string(),
                max: Points::whole(100),
                step: Points(1),
                anchors: vec![],
            })
            .collect(),
    }
}

pub fn unit(id: &str) -> Unit {
    Unit {
        id: id.into(),
        name: format!("{id}有限公司"),
        credit_code: "91110000000000000X".into(),
        kind: UnitKind::Enterprise,
        province: "北京".into(),
        parent: None,
        leading: false,
        zone_level: None,
        managed_by: None,
    }
}

pub fn application(a: &App) -> Application {
    Application {
        id: a.0.into(),
        name: format!("{}项目", a.0),
        directions: vec![a.1],
        recommender: "bj".into(),
        priority: a.2,
        recommended_on: Date::new(2024, 1, 10).unwrap(),
        location: "北京".into(),
        industry: "finance".into(),
        build_status: BuildStatus::Operating,
        prior_national_pilot: false,
        national_special_funds: false,
        members: vec![
            Member {
                unit: format!("lead-{}", a.0),
                role: MemberRole::Lead,
            },
            Member {
                unit: format!("joint-{}", a.0),
                role: MemberRole::Joint,
            },
        ],
        sections: Sections::default(),
        documents: vec![],
    }
}

pub fn expert(id: &str) -> Expert {
    Expert {
        id: id.into(),
        name: format!("专家{id}"),
        title: String::new(),
        unit: "u-expert".into(),
        past_units: vec![],
        relations: vec![],
        departments: vec![],
        fields: vec![],
    }
}

/// A campaign with one panel `p1` over directions 1..=13 holding every expert, unless
/// `panels` is given.
pub fn campaign_with(
    apps: &[App],
    experts: &[&str],
    criteria: &[&str],
    merge: MergeSettings,
    panels: Option<Vec<Panel>>,
) -> Campaign {
    let panels = panels.unwrap_or_else(|| {
        vec![Panel {
            id: "p1".into(),
            name: "第一组".into(),
            directions: (1..=13).collect(),
            experts: experts.iter().map(|e| e.to_string()).collect(),
            reserves: vec![],
        }]
    });
    let mut units = vec![unit("u-expert")];
    for a in apps {
        units.push(unit(&format!("lead-{}", a.0)));
        units.push(unit(&format!("joint-{}", a.0)));
    }
    Campaign::new(
        settings(panels, merge),
        vec![rubric(criteria)],
        vec![Recommender {
            id: "bj".into(),
            name: "北京市通信管理局".into(),
            channel: Channel::Regional,
            kind: RecommenderKind::Province,
            jurisdiction: vec!["北京".into()],
            deadline: None,
        }],
        units,
        experts.iter().map(|e| expert(e)).collect(),
        apps.iter().map(application).collect(),
    )
}

pub fn campaign(
    apps: &[App],
    experts: &[&str],
    criteria: &[&str],
    merge: MergeSettings,
) -> Campaign {
    campaign_with(apps, experts, criteria, merge, None)
}

pub fn settings_default() -> MergeSettings {
    MergeSettings::default()
}

/// A sheet from (application, criterion, round, hundredths).
pub fn sheet(
    c: &Campaign,
    expert: &str,
    revision: u64,
    scores: &[(&str, &str, u32, i64)],
) -> SheetBody {
    let mut scores: Vec<SheetScore> = scores
        .iter()
        .map(|&(a, k, r, v)| SheetScore {
            application: a.into(),
            criterion: k.into(),
            round: r,
            value: v,
            comment: String::new(),
            reason: String::new(),
        })
        .collect();
    scores.sort();
    SheetBody {
        format: 1,
        campaign: c.digest(),
        expert: expert.into(),
        revision,
        round: scores.iter().map(|s| s.round).max().unwrap_or(1),
        scores,
        declarations: vec![],
        pledge: None,
    }
}

/// A sheet giving each listed application the same total split as `parts` per criterion.
pub fn sheet_parts(c: &Campaign, expert: &str, rows: &[(&str, &[i64])]) -> SheetBody {
    let ids: Vec<String> = c.rubrics[0].criteria.iter().map(|k| k.id.clone()).collect();
    let mut scores = Vec::new();
    for (app, parts) in rows {
        for (k, v) in ids.iter().zip(parts.iter()) {
            scores.push((*app, k.as_str(), 1, *v));
        }
    }
    sheet(c, expert, 1, &scores)
}

pub fn declare(mut body: SheetBody, app: &str, reason: &str) -> SheetBody {
    body.declarations.push(SheetDeclaration {
        application: app.into(),
        reason: reason.into(),
    });
    body
}

pub fn run(c: &Campaign, e: &Eligibility, sheets: &[SheetBody]) -> MergeOutput {
    run_rounds(c, e, sheets, &[])
}

pub fn run_rounds(
    c: &Campaign,
    e: &Eligibility,
    sheets: &[SheetBody],
    rounds: &[(String, u32)],
) -> MergeOutput {
    let superseded: Vec<SupersededSheet> = vec![];
    merge(&MergeInput {
        campaign: c,
        eligibility: e,
        rounds,
        decisions: &[],
        decision_records: &[],
        sheets,
        digests: None,
        superseded: &superseded,
    })
    .unwrap()
}

/// The result of one application, ranked or not.
pub fn app<'o>(out: &'o MergeOutput, id: &str) -> &'o pingshen::merge::ApplicationResult {
    out.directions
        .iter()
        .flat_map(|d| d.ranking.iter().chain(d.unranked.iter()))
        .find(|a| a.application == id)
        .unwrap_or_else(|| panic!("{id} not in output"))
}

/// Application ids of a direction's ranking, best first.
pub fn order(out: &MergeOutput, direction: u8) -> Vec<String> {
    out.directions
        .iter()
        .find(|d| d.code == direction)
        .map(|d| d.ranking.iter().map(|a| a.application.clone()).collect())
        .unwrap_or_default()
}
