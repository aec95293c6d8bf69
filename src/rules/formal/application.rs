//! Formal-review rules that read one application at a time: its consortium (E1, E7, E13),
//! direction (E3), prior support (E4), build status (E5) and direction-13 lead (E10).

use super::{list_en, list_zh, unit_en, unit_zh};
use crate::model::{
    Application, BuildStatus, Campaign, MemberRole, UnitKind, ZoneLevel, EDUCATION_CONSORTIUM,
    INNOVATION_PLATFORM,
};
use crate::rules::credit_code::{self, CreditCodeError};
use crate::rules::normalize;
use crate::rules::{Finding, Severity};
use std::collections::{BTreeSet, HashMap};

fn units_of(app: &Application, role: MemberRole) -> Vec<String> {
    app.members
        .iter()
        .filter(|m| m.role == role)
        .map(|m| m.unit.clone())
        .collect()
}

/// E1: exactly one lead unit, and at most `max_joint_units` joint units.
pub fn e1_consortium(c: &Campaign) -> Vec<Finding> {
    let max = c.settings.limits.max_joint_units;
    let mut out = Vec::new();
    for app in &c.applications {
        let leads = units_of(app, MemberRole::Lead);
        let joints = units_of(app, MemberRole::Joint);
        if leads.is_empty() {
            out.push(
                Finding::new(
                    "E1",
                    Severity::Blocking,
                    "联合体没有牵头单位：请在申报书中将一家成员单位指定为牵头单位。".into(),
                    "The consortium has no lead unit: name one member as the lead unit in the \
                     application form."
                        .into(),
                )
                .on(&app.id),
            );
        } else if leads.len() > 1 {
            let zh: Vec<String> = leads.iter().map(|u| unit_zh(c, u)).collect();
            let en: Vec<String> = leads.iter().map(|u| unit_en(c, u)).collect();
            out.push(
                Finding::new(
                    "E1",
                    Severity::Blocking,
                    format!(
                        "联合体有 {} 家牵头单位（{}）：只能有一家，请将其余单位改为联合单位。",
                        leads.len(),
                        list_zh(&zh)
                    ),
                    format!(
                        "The consortium has {} lead units ({}): keep one and make the others joint \
                         units.",
                        leads.len(),
                        list_en(&en)
                    ),
                )
                .on(&app.id)
                .records(leads),
            );
        }
        if joints.len() > max as usize {
            out.push(
                Finding::new(
                    "E1",
                    Severity::Blocking,
                    format!(
                        "联合体有 {} 家联合单位，超过上限 {max} 家：请减少联合单位。",
                        joints.len()
                    ),
                    format!(
                        "The consortium has {} joint units, more than the limit of {max}: remove \
                         joint units.",
                        joints.len()
                    ),
                )
                .on(&app.id)
                .records(joints),
            );
        }
    }
    out
}

/// E3: exactly one direction.
pub fn e3_one_direction(c: &Campaign) -> Vec<Finding> {
    let mut out = Vec::new();
    for app in c.applications.iter().filter(|a| a.directions.len() != 1) {
        let zh: Vec<String> = app
            .directions
            .iter()
            .map(|d| format!("{d} {}", Campaign::direction_name(*d, true)))
            .collect();
        let en: Vec<String> = app
            .directions
            .iter()
            .map(|d| format!("{d} {}", Campaign::direction_name(*d, false)))
            .collect();
        let (zh, en) = if app.directions.is_empty() {
            (
                "未填写申报方向：每个项目须选择且只能选择一个方向。".to_string(),
                "No direction is given: each application chooses exactly one direction."
                    .to_string(),
            )
        } else {
            (
                format!(
                    "申报了 {} 个方向（{}）：每个项目只能选择一个方向，请保留一个。",
                    app.directions.len(),
                    list_zh(&zh)
                ),
                format!(
                    "{} directions are given ({}): each application chooses exactly one; keep one.",
                    app.directions.len(),
                    list_en(&en)
                ),
            )
        };
        out.push(Finding::new("E3", Severity::Blocking, zh, en).on(&app.id));
    }
    out
}

/// E4: not already a national or co-issuing-department pilot, no national special funds.
pub fn e4_not_already_supported(c: &Campaign) -> Vec<Finding> {
    let mut out = Vec::new();
    for app in &c.applications {
        if app.prior_national_pilot {
            out.push(
                Finding::new(
                    "E4",
                    Severity::Blocking,
                    "项目已入选国家级或联合开展部门有关试点示范，不可重复申报：请撤回该项目。"
                        .into(),
                    "The project was already selected as a national or co-issuing-department \
                     pilot and may not apply again: withdraw it."
                        .into(),
                )
                .on(&app.id),
            );
        }
        if app.national_special_funds {
            out.push(
                Finding::new(
                    "E4",
                    Severity::Blocking,
                    "项目已获得国家专项资金支持，不可申报：请撤回该项目。".into(),
                    "The project already received national special funds and may not apply: \
                     withdraw it."
                        .into(),
                )
                .on(&app.id),
            );
        }
    }
    out
}

/// E5: built and in operation.
pub fn e5_in_operation(c: &Campaign) -> Vec<Finding> {
    let mut out = Vec::new();
    for app in &c.applications {
        let (zh, en) = match app.build_status {
            BuildStatus::Operating => continue,
            BuildStatus::UnderConstruction => ("在建", "under construction"),
            BuildStatus::Planned => ("未建", "not yet built"),
        };
        out.push(
            Finding::new(
                "E5",
                Severity::Blocking,
                format!("项目{zh}，未建及在建项目不可申报：项目须已建成并投入运行。"),
                format!("The project is {en}; only projects built and in operation may apply."),
            )
            .on(&app.id),
        );
    }
    out
}

fn code_finding(c: &Campaign, unit: &str, code: &str, e: &CreditCodeError) -> Finding {
    Finding::new(
        "E7",
        Severity::Blocking,
        format!(
            "成员单位{}的统一社会信用代码「{code}」无效：{}。请对照营业执照或登记证书更正。",
            unit_zh(c, unit),
            e.zh()
        ),
        format!(
            "Member {}'s unified social credit code `{code}` is invalid: {e}. Correct it from the \
             business licence or registration certificate.",
            unit_en(c, unit)
        ),
    )
    .records([unit])
}

/// E7's findings on one unit, not yet placed on an application.
fn legal_person(c: &Campaign, id: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    let Some(unit) = c.unit(id) else {
        out.push(
            Finding::new(
                "E7",
                Severity::Blocking,
                format!("成员单位 {id} 不在单位名录中：请补充该单位的登记信息。"),
                format!("Member {id} is not in the list of units: add its registration details."),
            )
            .records([id]),
        );
        return out;
    };
    match credit_code::validate(&unit.credit_code) {
        Err(e) => out.push(code_finding(c, id, &unit.credit_code, &e)),
        Ok(code) => {
            for w in &code.warnings {
                out.push(
                    Finding::new(
                        "E7",
                        Severity::Warning,
                        format!(
                            "成员单位{}的统一社会信用代码「{}」{}：请核对代码是否抄录有误。",
                            unit_zh(c, id),
                            unit.credit_code,
                            w.zh()
                        ),
                        format!(
                            "Member {}'s credit code `{}`: {w}; check that it was copied \
                             correctly.",
                            unit_en(c, id),
                            unit.credit_code
                        ),
                    )
                    .records([id]),
                );
            }
        }
    }
    let tail = normalize::branch_tail(&unit.name);
    if unit.kind == UnitKind::BranchOffice || tail.is_some() {
        let (why_zh, why_en) = match tail {
            Some(t) => (
                format!("名称以「{t}」结尾"),
                format!("its name ends in {t}"),
            ),
            None => (
                "登记为分支机构".to_string(),
                "it is registered as a branch office".to_string(),
            ),
        };
        out.push(
            Finding::new(
                "E7",
                Severity::Blocking,
                format!(
                    "成员单位{}是分支机构（{why_zh}），不具备独立法人资格：请改由具有独立法人资格的单位（如其总部）参加联合体。",
                    unit_zh(c, id)
                ),
                format!(
                    "Member {} is a branch ({why_en}), not an independent legal person: have a \
                     unit with legal personality (such as its head office) join instead.",
                    unit_en(c, id)
                ),
            )
            .records([id]),
        );
    }
    out
}

/// E7: every member an independent legal person registered in China: a valid credit code,
/// not a branch by kind or by name. A failing inner organisation code alone is a warning.
pub fn e7_legal_persons(c: &Campaign) -> Vec<Finding> {
    // A unit in several consortia is judged once.
    let mut judged: HashMap<&str, Vec<Finding>> = HashMap::new();
    let mut out = Vec::new();
    for app in &c.applications {
        let members: BTreeSet<&str> = app.member_units().collect();
        for id in members {
            let fs = judged.entry(id).or_insert_with(|| legal_person(c, id));
            out.extend(fs.iter().map(|f| f.clone().on(&app.id)));
        }
    }
    out
}

/// E10: a direction-13 application led by the operator or manager of an innovation or pilot
/// zone at prefecture level or above.
pub fn e10_zone_operator_lead(c: &Campaign) -> Vec<Finding> {
    let mut out = Vec::new();
    for app in c
        .applications
        .iter()
        .filter(|a| a.directions.contains(&INNOVATION_PLATFORM))
    {
        let Some(lead) = app.lead() else { continue };
        let Some(unit) = c.unit(lead) else { continue };
        let (zh, en) = match (unit.kind, unit.zone_level) {
            (UnitKind::ZoneOperator, Some(l)) if l >= ZoneLevel::Prefecture => continue,
            (UnitKind::ZoneOperator, Some(_)) => (
                "是县级示范区的运营管理机构，低于地市级".to_string(),
                "operates a county-level zone, below prefecture level".to_string(),
            ),
            (UnitKind::ZoneOperator, None) => (
                "未登记所运营示范区的级别".to_string(),
                "has no zone level recorded".to_string(),
            ),
            (kind, _) => (
                format!("是{}，不是示范区运营管理机构", kind.zh()),
                format!(
                    "is {} {}, not a zone operator",
                    crate::i18n::a_or_an(kind.en()),
                    kind.en()
                ),
            ),
        };
        out.push(
            Finding::new(
                "E10",
                Severity::Warning,
                format!(
                    "「高精尖」创新平台方向主要面向地市级及以上技术创新区或试点示范区的运营、管理机构，牵头单位{}{zh}：请核实牵头单位资格。",
                    unit_zh(c, lead)
                ),
                format!(
                    "Direction 13 is meant for operators or managers of innovation or pilot zones \
                     at prefecture level or above; lead unit {} {en}: check the lead unit's \
                     eligibility.",
                    unit_en(c, lead)
                ),
            )
            .on(&app.id)
            .records([lead]),
        );
    }
    out
}

/// The kinds of member that count towards a direction-12 consortium.
fn counts_for_education(kind: UnitKind) -> bool {
    matches!(
        kind,
        UnitKind::Enterprise
            | UnitKind::University
            | UnitKind::Institute
            | UnitKind::PublicServicePlatform
            | UnitKind::ZoneOperator
    )
}

/// E13: a direction-12 consortium has at least `min_member_kinds_education` kinds of member.
pub fn e13_member_kinds(c: &Campaign) -> Vec<Finding> {
    let min = c.settings.limits.min_member_kinds_education as usize;
    let mut out = Vec::new();
    for app in c
        .applications
        .iter()
        .filter(|a| a.directions.contains(&EDUCATION_CONSORTIUM))
    {
        let kinds: BTreeSet<UnitKind> = app
            .member_units()
            .filter_map(|u| c.unit(u))
            .map(|u| u.kind)
            .filter(|k| counts_for_education(*k))
            .collect();
        if kinds.len() >= min {
            continue;
        }
        let zh: Vec<String> = kinds.iter().map(|k| k.zh().to_string()).collect();
        let en: Vec<String> = kinds.iter().map(|k| k.en().to_string()).collect();
        let mut units: Vec<String> = app.member_units().map(String::from).collect();
        units.sort();
        units.dedup();
        out.push(
            Finding::new(
                "E13",
                Severity::Blocking,
                format!(
                    "教育技术产业融合发展联合体须由 {min} 类及以上主体组成，现有 {} 类（{}）：请增加龙头企业、高等院校、科研院所或公共服务平台机构等其他类型的成员。",
                    kinds.len(),
                    if zh.is_empty() { "无".to_string() } else { list_zh(&zh) }
                ),
                format!(
                    "A direction-12 consortium needs members of at least {min} kinds; it has {} \
                     ({}): add a member of another kind (leading enterprise, university, \
                     research institute, public service platform).",
                    kinds.len(),
                    if en.is_empty() { "none".to_string() } else { list_en(&en) }
                ),
            )
            .on(&app.id)
            .records(units),
        );
    }
    out
}
