//! Conflicts of interest, C1–C6, and how overrides, confirmations and dismissals weigh on them.

use crate::rules_support;
use pingshen::model::*;
use pingshen::rules::{assess, assess_scoped, Finding, Scope, Severity};
use rules_support::*;

fn conflicts(c: &Campaign, decisions: &[Decision], declarations: &[Declaration]) -> Vec<Finding> {
    assess(c, decisions, declarations)
        .findings
        .into_iter()
        .filter(|f| f.expert.is_some())
        .collect()
}

fn pairs(fs: &[Finding]) -> Vec<(String, String, String, Severity)> {
    fs.iter()
        .map(|f| {
            (
                f.rule.clone(),
                f.expert.clone().unwrap(),
                f.application.clone().unwrap(),
                f.severity,
            )
        })
        .collect()
}

fn t(rule: &str, e: &str, a: &str, s: Severity) -> (String, String, String, Severity) {
    (rule.into(), e.into(), a.into(), s)
}

use Severity::{Blocking as B, Warning as W};

#[test]
fn c1_current_unit_by_id_or_code() {
    let c = clean()
        .expert("X02", "U02")
        .unit("U02B", "云启数据")
        .expert("X03", "U02B")
        .build();
    assert_eq!(
        pairs(&conflicts(&c, &[], &[])),
        vec![t("C1", "X02", "A01", B)]
    );
    let code = c.unit("U02").unwrap().credit_code.clone();
    let mut c = c;
    c.units
        .iter_mut()
        .find(|u| u.id == "U02B")
        .unwrap()
        .credit_code = code;
    c.reindex();
    let fs = conflicts(&c, &[], &[]);
    assert_eq!(
        pairs(&fs),
        vec![t("C1", "X02", "A01", B), t("C1", "X03", "A01", B)]
    );
    assert_eq!(fs[1].records, vec!["U02"]);
    assert!(fs[1].zh.contains("统一社会信用代码相同"));
    let a = assess(&c, &[], &[]);
    assert_eq!(
        a.eligibility.blocked.get(&("X03".into(), "A01".into())),
        Some(&vec!["C1".to_string()])
    );
}

#[test]
fn c2_shared_parent_or_ancestor() {
    let c = clean()
        .unit("G", "安盾控股集团有限公司")
        .unit("S", "安盾云服务有限公司")
        .unit("SS", "安盾云（深圳）有限公司")
        .edit_unit("U01", |u| u.parent = Some("G".into()))
        .edit_unit("S", |u| u.parent = Some("G".into()))
        .edit_unit("SS", |u| u.parent = Some("S".into()))
        .expert("X02", "SS")
        .expert("X03", "G")
        .expert("X04", "U01")
        .build();
    let fs = conflicts(&c, &[], &[]);
    assert_eq!(
        pairs(&fs),
        vec![
            t("C2", "X02", "A01", B),
            t("C2", "X03", "A01", B),
            t("C1", "X04", "A01", B)
        ]
    );
    assert_eq!(fs[0].records, vec!["U01", "G"]);
    assert_eq!(fs[1].records, vec!["U01", "G"]);
    // The member as ancestor of the expert's unit.
    let c = clean()
        .unit("S", "安盾研究院")
        .edit_unit("S", |u| u.parent = Some("U01".into()))
        .expert("X02", "S")
        .build();
    let fs = conflicts(&c, &[], &[]);
    assert_eq!(pairs(&fs), vec![t("C2", "X02", "A01", B)]);
    assert_eq!(fs[0].records, vec!["U01"]);
}

#[test]
fn c2_survives_a_parent_cycle() {
    let c = clean()
        .unit("P", "甲")
        .unit("Q", "乙")
        .edit_unit("P", |u| u.parent = Some("Q".into()))
        .edit_unit("Q", |u| u.parent = Some("P".into()))
        .edit_unit("U03", |u| u.parent = Some("P".into()))
        .expert("X02", "Q")
        .build();
    assert_eq!(
        pairs(&conflicts(&c, &[], &[])),
        vec![t("C2", "X02", "A02", B)]
    );
}

#[test]
fn c3_past_units_within_the_look_back() {
    // Review date 2024-04-15, three years: a unit left on or after 2021-04-15 conflicts.
    let past = |unit: &str, to: &str| PastUnit {
        unit: unit.into(),
        from: date("2015-01-01"),
        to: date(to),
    };
    let c = clean()
        .expert("X02", "UNI")
        .edit_expert("X02", |e| {
            e.past_units = vec![past("U03", "2021-04-15"), past("U05", "2021-04-14")]
        })
        .build();
    let fs = conflicts(&c, &[], &[]);
    assert_eq!(pairs(&fs), vec![t("C3", "X02", "A02", B)]);
    assert_eq!(fs[0].records, vec!["U03"]);
    let c = clean()
        .limits(|l| l.conflict_lookback_years = 4)
        .expert("X02", "UNI")
        .edit_expert("X02", |e| e.past_units = vec![past("U05", "2021-04-14")])
        .build();
    assert_eq!(
        pairs(&conflicts(&c, &[], &[])),
        vec![t("C3", "X02", "A03", B)]
    );
}

#[test]
fn c4_declared_relations_and_declarations() {
    let c = clean()
        .edit_expert("X01", |e| {
            e.relations = vec![
                Relation {
                    kind: RelationKind::Equity,
                    unit: Some("U04".into()),
                    application: None,
                    note: "持股".into(),
                },
                Relation {
                    kind: RelationKind::TookPart,
                    unit: None,
                    application: Some("A03".into()),
                    note: String::new(),
                },
            ]
        })
        .build();
    let decl = Declaration {
        expert: "X01".into(),
        application: "A01".into(),
        reason: "曾指导该项目".into(),
    };
    let fs = conflicts(&c, &[], std::slice::from_ref(&decl));
    assert_eq!(
        pairs(&fs),
        vec![
            t("C4", "X01", "A01", B),
            t("C4", "X01", "A02", B),
            t("C4", "X01", "A03", B)
        ]
    );
    assert!(fs[0].zh.contains("曾指导该项目"));
    assert_eq!(fs[1].records, vec!["U04"]);
    assert!(fs[1].zh.contains("持股或经济利益"));
}

#[test]
fn c5_close_names_without_a_link() {
    let c = clean()
        .unit("N1", "北京安盾网络科技股份有限公司")
        .expert("X02", "N1")
        .build();
    let fs = conflicts(&c, &[], &[]);
    assert_eq!(pairs(&fs), vec![t("C5", "X02", "A01", W)]);
    assert_eq!(fs[0].records, vec!["N1", "U01"]);
    assert!(fs[0].zh.contains("100%"));
    // Linked by a parent: a C2, not a C5.
    let c = clean()
        .unit("N1", "北京安盾网络科技股份有限公司")
        .edit_unit("N1", |u| u.parent = Some("U01".into()))
        .expert("X02", "N1")
        .build();
    assert_eq!(
        pairs(&conflicts(&c, &[], &[])),
        vec![t("C2", "X02", "A01", B)]
    );
    // A different organisation: no match.
    let c = clean()
        .unit("N1", "北京安泰网络科技有限公司")
        .expert("X02", "N1")
        .build();
    assert!(conflicts(&c, &[], &[]).is_empty());
}

#[test]
fn c5_past_unit_within_the_look_back_only() {
    let past = |to: &str| PastUnit {
        unit: "N1".into(),
        from: date("2010-01-01"),
        to: date(to),
    };
    let b = || {
        clean()
            .unit("N1", "上海申通信息安全有限公司")
            .expert("X02", "UNI")
    };
    let c = b()
        .edit_expert("X02", |e| e.past_units = vec![past("2022-01-01")])
        .build();
    assert_eq!(
        pairs(&conflicts(&c, &[], &[])),
        vec![t("C5", "X02", "A02", W)]
    );
    let c = b()
        .edit_expert("X02", |e| e.past_units = vec![past("2019-01-01")])
        .build();
    assert!(conflicts(&c, &[], &[]).is_empty());
}

#[test]
fn c5_confirm_and_dismiss() {
    let c = clean()
        .unit("N1", "北京安盾网络科技股份有限公司")
        .expert("X02", "N1")
        .build();
    let ruling = |confirm: bool| suspicion(confirm, "C5", "A01", None, Some("X02"));
    let confirm = decision(ruling(true), Role::Secretariat, "2024-04-10", "同一集团");
    let a = assess(&c, std::slice::from_ref(&confirm), &[]);
    assert_eq!(pairs(&a.findings), vec![t("C5", "X02", "A01", B)]);
    assert!(a.eligibility.is_blocked("X02", "A01"));
    let dismiss = decision(ruling(false), Role::Chair, "2024-04-11", "无关");
    let a = assess(&c, &[dismiss, confirm], &[]);
    assert!(a.findings.is_empty());
    assert!(!a.eligibility.is_blocked("X02", "A01"));
}

#[test]
fn c6_recommending_department() {
    let c = clean()
        .edit_expert("X01", |e| e.departments = vec!["SH".into()])
        .build();
    let fs = conflicts(&c, &[], &[]);
    assert_eq!(pairs(&fs), vec![t("C6", "X01", "A02", W)]);
    assert_eq!(fs[0].records, vec!["SH"]);
    assert!(assess(&c, &[], &[]).eligibility.blocked.is_empty());
}

#[test]
fn overrides_unblock_only_their_pair_and_rule() {
    let c = clean()
        .unit("G", "安盾控股集团有限公司")
        .edit_unit("U01", |u| u.parent = Some("G".into()))
        .edit_unit("U02", |u| u.parent = Some("G".into()))
        .expert("X02", "U01")
        .edit_expert("X02", |e| {
            e.relations = vec![Relation {
                kind: RelationKind::Collaborator,
                unit: Some("U03".into()),
                application: None,
                note: String::new(),
            }]
        })
        .build();
    let over = |rule: &str, app: &str, role| {
        decision(
            Ruling::Override {
                rule: rule.into(),
                application: app.into(),
                expert: Some("X02".into()),
            },
            role,
            "2024-04-12",
            "关系已终止",
        )
    };
    let a = assess(&c, &[], &[]);
    assert_eq!(
        a.eligibility.blocked.get(&("X02".into(), "A01".into())),
        Some(&vec!["C1".to_string()])
    );
    assert!(a.eligibility.is_blocked("X02", "A02"));
    let a = assess(
        &c,
        &[
            over("C4", "A02", Role::Chair),
            over("C2", "A01", Role::Chair),
        ],
        &[],
    );
    assert!(!a.eligibility.is_blocked("X02", "A02"));
    assert_eq!(
        a.eligibility
            .overridden
            .get(&("X02".into(), "A02".into()))
            .map(String::as_str),
        Some("关系已终止")
    );
    // C2 is not reported where C1 holds, so overriding C2 lifts nothing.
    assert!(a.eligibility.is_blocked("X02", "A01"));
    assert!(!a
        .eligibility
        .overridden
        .contains_key(&("X02".into(), "A01".into())));
    // The secretariat may not override.
    let a = assess(&c, &[over("C4", "A02", Role::Secretariat)], &[]);
    assert!(a.eligibility.is_blocked("X02", "A02"));
}

#[test]
fn scoped_assessment() {
    let c = clean()
        .expert("X02", "U02")
        .expert("X03", "U03")
        .edit_app("A01", |a| a.directions = vec![])
        .build();
    let s = Scope {
        expert: Some("X02".into()),
        application: None,
    };
    let a = assess_scoped(&c, &[], &[], &s);
    assert_eq!(pairs(&a.findings), vec![t("C1", "X02", "A01", B)]);
    assert_eq!(a.eligibility.blocked.len(), 1);
    let s = Scope {
        expert: None,
        application: Some("A01".into()),
    };
    let a = assess_scoped(&c, &[], &[], &s);
    assert_eq!(
        pingshen::rules::report::render_text(&a, &c, false)
            .matches("E3")
            .count(),
        2
    );
    assert_eq!(rules_of(&a.findings), vec!["E3", "C1"]);
    let s = Scope {
        expert: Some("X03".into()),
        application: Some("A01".into()),
    };
    assert_eq!(
        rules_of(&assess_scoped(&c, &[], &[], &s).findings),
        vec!["E3"]
    );
}
