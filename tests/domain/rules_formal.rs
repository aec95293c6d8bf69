//! Formal review, E1–E13: each rule on a planted defect and on a near miss that must pass.

use crate::rules_support;
use pingshen::model::*;
use pingshen::rules::{assess, formal, rulings::Rulings, Finding, Severity};
use rules_support::*;

fn findings(c: &Campaign) -> Vec<Finding> {
    assess(c, &[], &[]).findings
}

fn only(c: &Campaign, rule: &str) -> Vec<Finding> {
    findings(c).into_iter().filter(|f| f.rule == rule).collect()
}

#[test]
fn clean_campaign_has_no_findings() {
    let a = assess(&clean().build(), &[], &[]);
    assert_eq!(a.findings, vec![], "{:#?}", a.findings);
    assert!(a.eligibility.failed.is_empty());
}

#[test]
fn e1_lead_and_joint_units() {
    let c = clean()
        .unit("J1", "甲公司")
        .unit("J2", "乙公司")
        .unit("J3", "丙公司")
        .app(
            "A10",
            "三家联合单位的项目",
            "SH",
            "U06",
            &["J1", "J2", "J3"],
        )
        .edit_app("A01", |a| a.members[1].role = MemberRole::Lead)
        .edit_app("A02", |a| {
            a.members
                .iter_mut()
                .for_each(|m| m.role = MemberRole::Joint)
        })
        .build();
    let fs = only(&c, "E1");
    assert_eq!(fs.len(), 3, "{fs:#?}");
    assert!(fs.iter().all(|f| f.severity == Severity::Blocking));
    let on = |a: &str| {
        fs.iter()
            .find(|f| f.application.as_deref() == Some(a))
            .unwrap()
    };
    assert_eq!(on("A01").records, vec!["U01", "U02"]);
    assert!(on("A02").zh.contains("没有牵头单位"));
    assert_eq!(on("A10").records, vec!["J1", "J2", "J3"]);
    // Near miss: exactly the limit of joint units.
    let c = clean()
        .unit("J1", "甲公司")
        .unit("J2", "乙公司")
        .app("A10", "两家联合单位", "SH", "U06", &["J1", "J2"])
        .build();
    assert!(only(&c, "E1").is_empty());
}

#[test]
fn e2_units_in_too_many_applications() {
    let b = clean()
        .unit("U07", "丁公司")
        .unit("U08", "戊公司")
        .app("A10", "项目十", "SH", "U07", &["U01"])
        .app("A11", "项目十一", "SH", "U08", &[]);
    // Near miss: U01 in two applications.
    assert!(only(&b_clone(&b), "E2").is_empty());
    let c = b.app("A12", "项目十二", "BJ", "U01", &[]).build();
    let fs = only(&c, "E2");
    let apps: Vec<_> = fs.iter().map(|f| f.application.clone().unwrap()).collect();
    assert_eq!(apps, vec!["A01", "A10", "A12"]);
    assert!(fs
        .iter()
        .all(|f| f.records == vec!["U01"] && f.severity == Severity::Blocking));
}

fn b_clone(b: &rules_support::B) -> Campaign {
    Campaign::new(
        b.settings.clone(),
        vec![],
        b.recommenders.clone(),
        b.units.clone(),
        b.experts.clone(),
        b.applications.clone(),
    )
}

#[test]
fn e2_same_credit_code_under_another_id() {
    let c = clean()
        .unit("U01B", "北京安盾网络科技公司")
        .unit("U07", "丁公司")
        .app("A10", "项目十", "SH", "U07", &["U01B"])
        .app("A11", "项目十一", "SH", "U01", &[])
        .build();
    // Not yet: different codes.
    assert!(only(&c, "E2").is_empty());
    let code = c.unit("U01").unwrap().credit_code.clone();
    let mut c = c;
    c.units
        .iter_mut()
        .find(|u| u.id == "U01B")
        .unwrap()
        .credit_code = code;
    c.reindex();
    let fs = only(&c, "E2");
    let got: Vec<_> = fs
        .iter()
        .map(|f| (f.application.clone().unwrap(), f.records.clone()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("A01".to_string(), vec!["U01".to_string()]),
            ("A10".to_string(), vec!["U01B".to_string()]),
            ("A11".to_string(), vec!["U01".to_string()]),
        ]
    );
}

#[test]
fn e3_exactly_one_direction() {
    let c = clean()
        .edit_app("A01", |a| a.directions = vec![1, 2])
        .edit_app("A02", |a| a.directions = vec![])
        .build();
    let fs = only(&c, "E3");
    assert_eq!(fs.len(), 2);
    assert!(fs[0].zh.contains("2 个方向") && fs[0].zh.contains("云计算安全"));
    assert!(fs.iter().all(|f| f.severity == Severity::Blocking));
}

#[test]
fn e4_and_e5() {
    let c = clean()
        .edit_app("A01", |a| a.prior_national_pilot = true)
        .edit_app("A02", |a| {
            a.national_special_funds = true;
            a.build_status = BuildStatus::UnderConstruction
        })
        .edit_app("A03", |a| a.build_status = BuildStatus::Planned)
        .build();
    let e4: Vec<_> = only(&c, "E4")
        .into_iter()
        .map(|f| f.application.unwrap())
        .collect();
    assert_eq!(e4, vec!["A01", "A02"]);
    let e5 = only(&c, "E5");
    assert_eq!(e5.len(), 2);
    assert!(e5[0].zh.contains("在建") && e5[1].zh.contains("未建"));
}

fn dup_pair() -> rules_support::B {
    clean()
        .unit("U09", "北京安盾网络科技有限公司上海分公司")
        .app("A20", "金融行业数据安全治理平台项目", "SH", "U01", &[])
}

#[test]
fn e6_several_channels_suspected() {
    let c = dup_pair().build();
    let fs = only(&c, "E6");
    let got: Vec<_> = fs
        .iter()
        .map(|f| {
            (
                f.application.clone().unwrap(),
                f.records.clone(),
                f.severity,
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("A01".into(), vec!["A20".to_string()], Severity::Warning),
            ("A20".into(), vec!["A01".to_string()], Severity::Warning),
        ]
    );
    // A warning alone fails nobody.
    assert!(assess(&c, &[], &[]).eligibility.failed.is_empty());
}

#[test]
fn e6_near_misses() {
    // Same recommender.
    let c = clean()
        .app("A20", "金融行业数据安全治理平台项目", "BJ", "U01", &[])
        .build();
    assert!(only(&c, "E6").is_empty());
    // Different lead with an unrelated name.
    let c = clean()
        .app("A20", "金融行业数据安全治理平台项目", "SH", "U03", &[])
        .build();
    assert!(only(&c, "E6").is_empty());
    // Same lead, different project.
    let c = clean()
        .app("A20", "工业控制系统漏洞挖掘平台", "SH", "U01", &[])
        .build();
    assert!(only(&c, "E6").is_empty());
}

#[test]
fn e6_lead_by_name_or_code() {
    // A different record whose name normalises to the same organisation.
    let c = clean()
        .unit("U01X", "北京安盾网络科技股份有限公司")
        .app("A20", "金融行业数据安全治理平台项目", "SH", "U01X", &[])
        .build();
    assert_eq!(only(&c, "E6").len(), 2);
    // A different name but the same credit code.
    let mut c = clean()
        .unit("U01Y", "安盾科技")
        .app("A20", "金融行业数据安全治理平台项目", "SH", "U01Y", &[])
        .build();
    assert!(only(&c, "E6").is_empty());
    let code = c.unit("U01").unwrap().credit_code.clone();
    c.units
        .iter_mut()
        .find(|u| u.id == "U01Y")
        .unwrap()
        .credit_code = code;
    c.reindex();
    assert_eq!(only(&c, "E6").len(), 2);
}

#[test]
fn e6_decisions() {
    let c = dup_pair().build();
    let confirm = decision(
        Ruling::Confirm {
            rule: "E6".into(),
            application: "A20".into(),
            other: Some("A01".into()),
            expert: None,
        },
        Role::Secretariat,
        "2024-04-10",
        "same project",
    );
    let a = assess(&c, std::slice::from_ref(&confirm), &[]);
    let e6: Vec<_> = a.findings.iter().filter(|f| f.rule == "E6").collect();
    assert!(e6.iter().all(|f| f.severity == Severity::Blocking) && e6.len() == 2);
    assert!(a.eligibility.failed.contains_key("A01") && a.eligibility.failed.contains_key("A20"));
    assert!(a.eligibility.failed["A01"].0.contains("E6"));
    // A later decision wins: by date; on the same day, the one naming the decision it
    // replaces (else the two dispute the pair, and until settled the stricter counts,
    // whatever the order of the files).
    let dismiss = |day: &str| {
        decision(
            Ruling::Dismiss {
                rule: "E6".into(),
                application: "A01".into(),
                other: Some("A20".into()),
                expert: None,
            },
            Role::Secretariat,
            day,
            "different projects",
        )
    };
    let a = assess(&c, &[confirm.clone(), dismiss("2024-04-11")], &[]);
    assert!(a.findings.iter().all(|f| f.rule != "E6"));
    assert!(a.eligibility.failed.is_empty());
    let a = assess(&c, &[dismiss("2024-04-10"), confirm.clone()], &[]);
    assert!(a.eligibility.failed.contains_key("A01"));
    let a = assess(&c, &[confirm.clone(), dismiss("2024-04-10")], &[]);
    assert!(a.eligibility.failed.contains_key("A01"));
    let mut replacing = dismiss("2024-04-10");
    replacing.supersedes = Some(confirm.digest());
    for ds in [
        [confirm.clone(), replacing.clone()],
        [replacing.clone(), confirm.clone()],
    ] {
        assert!(assess(&c, &ds, &[]).eligibility.failed.is_empty());
    }
    // An earlier date loses whatever its place.
    let a = assess(&c, &[confirm.clone(), dismiss("2024-04-09")], &[]);
    assert!(a.eligibility.failed.contains_key("A01"));
    // An expert cannot confirm.
    let mut by_expert = confirm;
    by_expert.role = Role::Expert;
    assert!(assess(&c, &[by_expert], &[]).eligibility.failed.is_empty());
}

#[test]
fn e7_legal_persons() {
    let c = clean()
        .edit_unit("U02", |u| {
            let mut s = u.credit_code.clone();
            let last = if s.ends_with('0') { '1' } else { '0' };
            s.pop();
            s.push(last);
            u.credit_code = s;
        })
        .edit_unit("U04", |u| u.credit_code = "91310000MA1FL3LU4I".into())
        .edit_unit("U06", |u| u.kind = UnitKind::BranchOffice)
        .unit("U09", "北京安盾网络科技有限公司上海分公司")
        .app("A10", "分公司参加的项目", "SH", "U09", &[])
        .build();
    let fs = only(&c, "E7");
    let got: Vec<_> = fs
        .iter()
        .map(|f| (f.application.clone().unwrap(), f.records[0].clone()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("A01".into(), "U02".into()),
            ("A02".into(), "U04".into()),
            ("A03".into(), "U06".into()),
            ("A10".into(), "U09".into()),
        ]
    );
    assert!(fs.iter().all(|f| f.severity == Severity::Blocking));
    assert!(fs[0].en.contains("check character"));
    assert!(fs[1].zh.contains("第 18 位为「I」"));
    assert!(fs[3].zh.contains("分公司"));
}

#[test]
fn e7_organisation_code_is_only_a_warning() {
    use pingshen::rules::credit_code::check_char;
    // A valid code whose inner organisation code has the wrong check digit.
    let first17 = "91110108000010010";
    let code = format!("{first17}{}", check_char(first17).unwrap());
    let c = clean().edit_unit("U02", |u| u.credit_code = code).build();
    let a = assess(&c, &[], &[]);
    let fs: Vec<_> = a.findings.iter().filter(|f| f.rule == "E7").collect();
    assert_eq!(fs.len(), 1);
    assert_eq!(fs[0].severity, Severity::Warning);
    assert!(a.eligibility.failed.is_empty());
}

#[test]
fn e8_recommender_quota_and_ranking() {
    let mut b = clean();
    for i in 0..5 {
        let u = format!("BJ{i}");
        b = b.unit(&u, &format!("北京第{i}科技有限公司")).app(
            &format!("B{i}"),
            &format!("北京项目{i}号"),
            "BJ",
            &u,
            &[],
        );
    }
    // Six from BJ: one too many. MIIT may send more.
    let c = b.build();
    let fs = only(&c, "E8");
    assert_eq!(fs.len(), 1, "{fs:#?}");
    assert_eq!(fs[0].application, None);
    assert_eq!(
        fs[0].records,
        vec!["BJ", "A01", "B0", "B1", "B2", "B3", "B4"]
    );
    assert_eq!(fs[0].severity, Severity::Warning);

    // Three direction-13 applications, and a repeated priority.
    let c = clean()
        .unit("Z1", "甲区运营公司")
        .unit("Z2", "乙区运营公司")
        .app("B1", "平台一", "BJ", "Z1", &[])
        .app("B2", "平台二", "BJ", "Z2", &[])
        .edit_app("A01", |a| a.directions = vec![13])
        .edit_app("B1", |a| a.directions = vec![13])
        .edit_app("B2", |a| {
            a.directions = vec![13];
            a.priority = 2
        })
        .build();
    let fs = only(&c, "E8");
    assert_eq!(fs.len(), 2, "{fs:#?}");
    assert_eq!(fs[0].records, vec!["BJ", "A01", "B1", "B2"]);
    assert_eq!(fs[1].records, vec!["BJ", "B1", "B2"]);
    assert!(fs[1].zh.contains("重复") && fs[1].zh.contains("缺少序号 3"));
}

#[test]
fn e8_gap_and_near_miss() {
    let b = clean()
        .unit("Z1", "甲公司")
        .app("B1", "项目", "BJ", "Z1", &[]);
    assert!(only(&b_clone(&b), "E8").is_empty());
    let c = b.edit_app("B1", |a| a.priority = 3).build();
    let fs = only(&c, "E8");
    assert_eq!(fs.len(), 1);
    assert_eq!(fs[0].records, vec!["BJ", "B1"]);
    assert!(fs[0].en.contains("2 missing"));
}

#[test]
fn e9_deadline() {
    let c = clean()
        .edit_app("A01", |a| a.recommended_on = date("2024-03-01"))
        .edit_app("A02", |a| a.recommended_on = date("2024-02-29"))
        .edit_app("A03", |a| a.recommended_on = date("2024-03-15"))
        .build();
    let fs = only(&c, "E9");
    assert_eq!(fs.len(), 1);
    assert_eq!(
        (fs[0].application.as_deref(), fs[0].severity),
        (Some("A01"), Severity::Warning)
    );
    let mut c = c;
    c.recommenders
        .iter_mut()
        .find(|r| r.id == "MIIT")
        .unwrap()
        .deadline = Some(date("2024-03-14"));
    c.recommenders
        .iter_mut()
        .find(|r| r.id == "BJ")
        .unwrap()
        .deadline = Some(date("2024-03-01"));
    c.reindex();
    let apps: Vec<_> = only(&c, "E9")
        .into_iter()
        .map(|f| f.application.unwrap())
        .collect();
    assert_eq!(apps, vec!["A03"]);
}

#[test]
fn e10_direction_13_lead() {
    let c = clean()
        .unit_kind("Z1", "某区管委会", UnitKind::ZoneOperator)
        .unit_kind("Z2", "某县园区运营公司", UnitKind::ZoneOperator)
        .edit_unit("Z1", |u| u.zone_level = Some(ZoneLevel::Prefecture))
        .edit_unit("Z2", |u| u.zone_level = Some(ZoneLevel::County))
        .app("B1", "创新平台甲", "SH", "Z1", &[])
        .app("B2", "创新平台乙", "SH", "Z2", &[])
        .edit_app("A01", |a| a.directions = vec![13])
        .edit_app("B1", |a| a.directions = vec![13])
        .edit_app("B2", |a| a.directions = vec![13])
        .build();
    let fs = only(&c, "E10");
    let got: Vec<_> = fs
        .iter()
        .map(|f| (f.application.clone().unwrap(), f.severity))
        .collect();
    assert_eq!(
        got,
        vec![
            ("A01".into(), Severity::Warning),
            ("B2".into(), Severity::Warning)
        ]
    );
    assert!(fs[1].zh.contains("县级"));
}

#[test]
fn e11_jurisdiction() {
    let c = clean()
        .edit_app("A01", |a| a.location = "天津".into())
        .edit_app("A03", |a| a.location = "天津".into())
        .build();
    let fs = only(&c, "E11");
    assert_eq!(fs.len(), 1);
    assert_eq!(fs[0].application.as_deref(), Some("A01"));
    assert_eq!(fs[0].records, vec!["BJ"]);
    assert_eq!(fs[0].severity, Severity::Blocking);
}

#[test]
fn e12_ministry_managed() {
    let c = clean().edit_unit("U05", |u| u.managed_by = None).build();
    let fs = only(&c, "E12");
    assert_eq!(fs.len(), 1);
    assert_eq!(fs[0].records, vec!["U05", "MIIT"]);
    let c = clean()
        .edit_unit("U05", |u| u.managed_by = Some("OTHER".into()))
        .build();
    assert_eq!(only(&c, "E12").len(), 1);
}

#[test]
fn e13_member_kinds() {
    let c = clean()
        .unit_kind("G1", "某市大数据局", UnitKind::Government)
        .unit_kind("U10", "北方大学", UnitKind::University)
        .app("B1", "产教融合联合体甲", "SH", "U06", &["U03"])
        .app("B2", "产教融合联合体乙", "SH", "U10", &["G1"])
        .app("B3", "产教融合联合体丙", "SH", "U04", &["UNI"])
        .edit_app("B1", |a| a.directions = vec![12])
        .edit_app("B2", |a| a.directions = vec![12])
        .edit_app("B3", |a| a.directions = vec![12])
        .build();
    let fs = only(&c, "E13");
    let apps: Vec<_> = fs.iter().map(|f| f.application.clone().unwrap()).collect();
    assert_eq!(apps, vec!["B1", "B2"]);
    assert!(fs.iter().all(|f| f.severity == Severity::Blocking));
    assert_eq!(fs[1].records, vec!["G1", "U10"]);
}

#[test]
fn triage_and_overrides_decide_formal_review() {
    let c = clean()
        .edit_app("A01", |a| a.directions = vec![1, 2])
        .edit_app("A02", |a| a.build_status = BuildStatus::Planned)
        .build();
    let over = |role| {
        decision(
            Ruling::Override {
                rule: "E3".into(),
                application: "A01".into(),
                expert: None,
            },
            role,
            "2024-04-12",
            "申报书笔误",
        )
    };
    let triage = |app: &str, verdict, day: &str| {
        decision(
            Ruling::Triage {
                application: app.into(),
                verdict,
            },
            Role::Secretariat,
            day,
            "材料不全",
        )
    };
    let a = assess(&c, &[], &[]);
    assert_eq!(
        a.eligibility.failed.keys().collect::<Vec<_>>(),
        vec!["A01", "A02"]
    );
    assert!(a.eligibility.failed["A01"].1.contains("E3"));

    let a = assess(
        &c,
        &[
            over(Role::Chair),
            triage("A03", TriageVerdict::Fail, "2024-04-01"),
        ],
        &[],
    );
    assert_eq!(
        a.eligibility.failed.keys().collect::<Vec<_>>(),
        vec!["A02", "A03"]
    );
    assert!(a.eligibility.failed["A03"].0.contains("材料不全"));
    assert_eq!(
        a.eligibility
            .waived
            .get(&("A01".into(), "E3".into()))
            .map(String::as_str),
        Some("申报书笔误")
    );
    let e3 = a.findings.iter().find(|f| f.rule == "E3").unwrap();
    assert_eq!(a.override_of(e3), Some("申报书笔误"));
    assert_eq!(a.open_blocking(), 1);

    // Only the chair overrides; a later pass replaces a fail.
    let a = assess(
        &c,
        &[
            over(Role::Secretariat),
            triage("A03", TriageVerdict::Fail, "2024-04-01"),
            triage("A03", TriageVerdict::Pass, "2024-04-02"),
        ],
        &[],
    );
    assert_eq!(
        a.eligibility.failed.keys().collect::<Vec<_>>(),
        vec!["A01", "A02"]
    );
    // On the same day, the decision that names the one it replaces stands, in whatever
    // order the decisions are read: a pass after a fail, and a fail after a pass.
    let fail = triage("A03", TriageVerdict::Fail, "2024-04-02");
    let mut pass_after = triage("A03", TriageVerdict::Pass, "2024-04-02");
    pass_after.supersedes = Some(fail.digest());
    let pass = triage("A03", TriageVerdict::Pass, "2024-04-02");
    let mut fail_after = triage("A03", TriageVerdict::Fail, "2024-04-02");
    fail_after.supersedes = Some(pass.digest());
    for ds in [
        [fail.clone(), pass_after.clone()],
        [pass_after.clone(), fail.clone()],
    ] {
        assert!(!assess(&c, &ds, &[]).eligibility.failed.contains_key("A03"));
    }
    for ds in [
        [pass.clone(), fail_after.clone()],
        [fail_after.clone(), pass.clone()],
    ] {
        assert!(assess(&c, &ds, &[]).eligibility.failed.contains_key("A03"));
    }
    // Decisions signed before `supersedes` existed, on the same day: the stricter stands,
    // again in either order, never by file order.
    for ds in [[pass.clone(), fail.clone()], [fail.clone(), pass.clone()]] {
        assert!(assess(&c, &ds, &[]).eligibility.failed.contains_key("A03"));
    }
    // A pass does not lift a blocking finding.
    let a = assess(&c, &[triage("A02", TriageVerdict::Pass, "2024-04-02")], &[]);
    assert!(a.eligibility.failed.contains_key("A02"));
}

#[test]
fn superseding_names_the_decision_in_force_per_subject() {
    use pingshen::rules::rulings::{superseding, Subject};
    let e6 = |confirm: bool, a: &str, o: &str, day: &str| {
        let ruling = suspicion(confirm, "E6", a, Some(o), None);
        decision(ruling, Role::Secretariat, day, "r")
    };
    let triage = decision(
        Ruling::Triage {
            application: "A03".into(),
            verdict: TriageVerdict::Pass,
        },
        Role::Secretariat,
        "2024-04-01",
        "r",
    );
    let first = e6(true, "A01", "A20", "2024-04-09");
    let mut second = e6(true, "A20", "A01", "2024-04-10");
    second.supersedes = Some(first.digest());
    // The same pair named the other way round is the same subject.
    let mut third = e6(false, "A01", "A20", "2024-04-10");
    third.supersedes = Some(second.digest());
    let ds = [second, triage, third, first];
    let s = superseding(&ds);
    assert_eq!(s.len(), 1);
    assert_eq!(
        s[0].subject,
        Subject::E6 {
            application: "A01".into(),
            other: "A20".into()
        }
    );
    assert_eq!(s[0].in_force, 2);
    assert_eq!(s[0].superseded, vec![3, 0]);
}

#[test]
fn a_ruling_needs_a_finding_to_rule_on() {
    use pingshen::rules::rulings::{finding_for, NoFinding};
    let c = dup_pair()
        .edit_app("A02", |a| a.build_status = BuildStatus::Planned)
        .build();
    let confirm = |a: &str, o: Option<&str>| Ruling::Confirm {
        rule: "E6".into(),
        application: a.into(),
        other: o.map(str::to_string),
        expert: None,
    };
    assert_eq!(
        finding_for(&c, &[], &[], &confirm("A20", Some("A01"))),
        Ok(())
    );
    assert_eq!(finding_for(&c, &[], &[], &confirm("A01", None)), Ok(()));
    assert_eq!(
        finding_for(&c, &[], &[], &confirm("A02", Some("A01"))),
        Err(NoFinding::E6 {
            application: "A02".into(),
            other: Some("A01".into())
        })
    );
    // Already dismissed, the suspicion is still there to confirm.
    let dismissed = decision(
        Ruling::Dismiss {
            rule: "E6".into(),
            application: "A20".into(),
            other: Some("A01".into()),
            expert: None,
        },
        Role::Secretariat,
        "2024-04-10",
        "r",
    );
    assert_eq!(
        finding_for(&c, &[dismissed], &[], &confirm("A20", Some("A01"))),
        Ok(())
    );
    let over = |rule: &str, app: &str| Ruling::Override {
        rule: rule.into(),
        application: app.into(),
        expert: None,
    };
    assert_eq!(finding_for(&c, &[], &[], &over("E5", "A02")), Ok(()));
    assert_eq!(
        finding_for(&c, &[], &[], &over("E5", "A01")),
        Err(NoFinding::Blocking {
            rule: "E5".into(),
            application: "A01".into(),
            expert: None
        })
    );
    assert_eq!(
        finding_for(&c, &[], &[], &over("E6", "A20")),
        Err(NoFinding::E6Override {
            application: "A20".into()
        })
    );
}

#[test]
fn confirmed_e6_is_not_lifted_by_an_override() {
    let c = dup_pair().build();
    let ds = [
        decision(
            Ruling::Confirm {
                rule: "E6".into(),
                application: "A01".into(),
                other: Some("A20".into()),
                expert: None,
            },
            Role::Secretariat,
            "2024-04-10",
            "",
        ),
        decision(
            Ruling::Override {
                rule: "E6".into(),
                application: "A01".into(),
                expert: None,
            },
            Role::Chair,
            "2024-04-11",
            "keep",
        ),
    ];
    let a = assess(&c, &ds, &[]);
    assert!(a.eligibility.failed.contains_key("A01") && a.eligibility.failed.contains_key("A20"));
}

#[test]
fn each_rule_function_is_callable_alone() {
    let c = clean().edit_app("A01", |a| a.directions = vec![]).build();
    assert_eq!(formal::e3_one_direction(&c).len(), 1);
    assert!(formal::e6_several_channels(&c, &Rulings::new(&[])).is_empty());
    assert_eq!(
        rules_of(&formal::formal_review(&c, &Rulings::new(&[]))),
        vec!["E3"]
    );
}

/// Which decision stands is read from the signed content: the same decisions in any
/// order give the same verdicts, and a decision naming the one it replaces stands after
/// it even when its own date is earlier (a clock set wrong on another machine).
#[test]
fn the_decision_in_force_does_not_depend_on_the_order_decisions_are_read() {
    use pingshen::rules::rulings::{in_force, Rulings, Subject, Verdict};
    let e6 = |confirm: bool, day: &str| {
        let ruling = suspicion(confirm, "E6", "A01", Some("A20"), None);
        decision(ruling, Role::Secretariat, day, "r")
    };
    let confirm = e6(true, "2024-04-10");
    let mut dismiss = e6(false, "2024-04-09");
    dismiss.supersedes = Some(confirm.digest());
    let mut again = e6(true, "2024-04-09");
    again.supersedes = Some(dismiss.digest());
    let subject = Subject::E6 {
        application: "A01".into(),
        other: "A20".into(),
    };
    let orders: [Vec<Decision>; 3] = [
        vec![confirm.clone(), dismiss.clone()],
        vec![dismiss.clone(), confirm.clone()],
        vec![dismiss.clone(), confirm.clone(), dismiss.clone()],
    ];
    for ds in &orders {
        assert_eq!(Rulings::new(ds).e6("A01", "A20"), Some(Verdict::Dismissed));
        assert_eq!(ds[in_force(ds, &subject).unwrap()], dismiss);
    }
    for ds in [
        vec![again.clone(), dismiss.clone(), confirm.clone()],
        vec![confirm.clone(), again.clone(), dismiss.clone()],
    ] {
        assert_eq!(Rulings::new(&ds).e6("A20", "A01"), Some(Verdict::Confirmed));
        assert_eq!(ds[in_force(&ds, &subject).unwrap()], again);
    }
    // A `supersedes` naming a decision on another subject is no link.
    let mut stray = e6(false, "2024-04-01");
    stray.supersedes = Some(
        decision(
            Ruling::Triage {
                application: "A01".into(),
                verdict: TriageVerdict::Pass,
            },
            Role::Secretariat,
            "2024-04-01",
            "r",
        )
        .digest(),
    );
    assert_eq!(
        Rulings::new(&[confirm.clone(), stray]).e6("A01", "A20"),
        Some(Verdict::Confirmed)
    );
}
