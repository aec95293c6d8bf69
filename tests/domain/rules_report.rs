//! The `check` report: grouping, content, JSON shape, and output that does not depend on the
//! order records or decisions arrive in.

use crate::rules_support;
use pingshen::model::*;
use pingshen::rules::report::{render_json, render_text, to_json};
use pingshen::rules::{assess, Severity};
use rules_support::*;

/// A campaign with something for every part of the report.
fn messy() -> (Campaign, Vec<Decision>, Vec<Declaration>) {
    let c = clean()
        .unit("U09", "北京安盾网络科技有限公司上海分公司")
        .unit("G", "申通控股集团有限公司")
        .edit_unit("U03", |u| u.parent = Some("G".into()))
        .unit("S", "申通研究院")
        .edit_unit("S", |u| u.parent = Some("G".into()))
        .app("A20", "金融行业数据安全治理平台项目", "SH", "U01", &["U09"])
        .edit_app("A01", |a| a.directions = vec![1, 4])
        .edit_app("A02", |a| a.recommended_on = date("2024-03-02"))
        .expert("X02", "S")
        .expert("X03", "U05")
        .edit_expert("X01", |e| e.departments = vec!["SH".into()])
        .build();
    let ds = vec![
        decision(
            Ruling::Override {
                rule: "E3".into(),
                application: "A01".into(),
                expert: None,
            },
            Role::Chair,
            "2024-04-12",
            "方向笔误，已更正为 1",
        ),
        decision(
            Ruling::Override {
                rule: "C2".into(),
                application: "A02".into(),
                expert: Some("X02".into()),
            },
            Role::Chair,
            "2024-04-12",
            "研究院已独立",
        ),
        decision(
            Ruling::Triage {
                application: "A03".into(),
                verdict: TriageVerdict::Fail,
            },
            Role::Secretariat,
            "2024-04-11",
            "未盖章",
        ),
    ];
    let decl = vec![Declaration {
        expert: "X03".into(),
        application: "A20".into(),
        reason: "亲属在牵头单位任职".into(),
    }];
    (c, ds, decl)
}

#[test]
fn text_groups_by_application_then_expert() {
    let (c, ds, decl) = messy();
    let a = assess(&c, &ds, &decl);
    let zh = render_text(&a, &c, true);
    let en = render_text(&a, &c, false);
    println!("{zh}\n{en}");
    // Applications in id order, experts under them.
    let pos = |s: &str| {
        zh.find(s)
            .unwrap_or_else(|| panic!("{s} missing from\n{zh}"))
    };
    assert!(
        pos("\nA01 ") < pos("\nA02 ")
            && pos("\nA02 ") < pos("\nA03 ")
            && pos("\nA03 ") < pos("\nA20 ")
    );
    assert!(pos("E3 阻断（已由组长豁免：方向笔误") < pos("\nA02 "));
    assert!(pos("专家 X02") > pos("\nA02 ") && pos("专家 X02") < pos("\nA03 "));
    assert!(zh.contains("C2 阻断（已由组长豁免：研究院已独立） [U03, G]"));
    assert!(zh.contains("未通过形式审查：秘书处形式审查结论为不通过（未盖章）"));
    assert!(zh.contains("E7 阻断 [U09]"));
    assert!(zh.contains("E6 提示 [A01]"));
    assert!(en.contains("fails formal review: fails formal-review rule(s) E7"));
    assert!(en.contains("C4 blocking"));
    assert!(en.contains("E9 warning [SH]"));
    // Every finding appears once, in the chosen language only.
    for f in &a.findings {
        let same = a.findings.iter().filter(|g| g.zh == f.zh).count();
        assert_eq!(zh.matches(&f.zh).count(), same, "{}", f.zh);
        assert!(!zh.contains(&f.en));
    }
}

#[test]
fn json_carries_findings_overrides_and_eligibility() {
    let (c, ds, decl) = messy();
    let a = assess(&c, &ds, &decl);
    let j = to_json(&a, &c);
    assert_eq!(j.summary.applications, 4);
    assert_eq!(j.summary.failed, a.eligibility.failed.len());
    assert_eq!(j.summary.blocking_overridden, 2);
    assert_eq!(j.summary.blocking_open, a.open_blocking());
    assert_eq!(j.overridden.len(), 1);
    assert_eq!(j.waived[0].rule, "E3");
    let v: serde_json::Value = serde_json::from_str(&render_json(&a, &c)).unwrap();
    let f0 = &v["findings"][0];
    assert_eq!(f0["rule"], "E3");
    assert_eq!(f0["severity"], "blocking");
    assert_eq!(f0["overridden"], "方向笔误，已更正为 1");
    assert!(v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["zh"].is_string() && f["en"].is_string()));
    assert!(v["blocked"]
        .as_array()
        .unwrap()
        .iter()
        .any(|b| b["expert"] == "X03" && b["rules"][0] == "C4"));
    assert!(a.findings.iter().any(|f| f.severity == Severity::Warning));
}

#[test]
fn output_does_not_depend_on_input_order() {
    let (c, ds, decl) = messy();
    let a = assess(&c, &ds, &decl);
    let text = render_text(&a, &c, true);
    let json = render_json(&a, &c);
    // Records listed in another order, decisions and declarations reversed.
    let mut c2 = c.clone();
    c2.applications.reverse();
    c2.units.reverse();
    c2.experts.reverse();
    c2.reindex();
    let mut ds2 = ds.clone();
    ds2.reverse();
    let b = assess(&c2, &ds2, &decl.iter().rev().cloned().collect::<Vec<_>>());
    assert_eq!(a, b);
    assert_eq!(render_text(&b, &c2, true), text);
    assert_eq!(render_json(&b, &c2), json);
    // Formal review before conflicts within an application, rules by number.
    let keys: Vec<_> = a
        .findings
        .iter()
        .map(|f| (f.application.clone(), f.expert.clone(), f.rule_key()))
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
}
