//! 评审会议纪要 against the decisions and declarations it records: attendance and
//! commitments from the sheets, conflicts found by the rules, declared and dropped,
//! overrides with their reasons, every decision, rounds and changed scores, and the
//! recommended list; in process on a rich scenario, and end to end through `decide round`,
//! `merge` and `report`.

use crate::report_support;
use pingshen::i18n::Lang;
use pingshen::merge::MergeOutput;
use pingshen::model::{Date, Decision, Role, Ruling, TriageVerdict};
use pingshen::report::{Format, Kind};
use pingshen::sheet::SheetScore;
use report_support::*;
use serde_json::Value;

fn decision(ruling: Ruling, reason: &str, role: Role, by: &str, day: u8) -> Decision {
    Decision {
        campaign: String::new(),
        ruling,
        reason: reason.into(),
        role,
        by: by.into(),
        date: Date::new(2024, 4, day).unwrap(),
        supersedes: None,
    }
}

const BIG_SEED: u64 = 1 << 60;

fn scenario() -> MergeOutput {
    let decisions = vec![
        (
            "d3".repeat(32),
            decision(
                Ruling::Round {
                    panel: "P1".into(),
                    round: 2,
                },
                "A061 分差过大，经讨论开启第二轮评分",
                Role::Chair,
                "CH01",
                20,
            ),
        ),
        (
            "a1".repeat(32),
            decision(
                Ruling::Override {
                    rule: "C3".into(),
                    application: "A067".into(),
                    expert: Some("EXP04".into()),
                },
                "经核实该专家离开牵头单位已满三年",
                Role::Chair,
                "CH01",
                20,
            ),
        ),
        (
            "b2".repeat(32),
            decision(
                Ruling::Triage {
                    application: "A005".into(),
                    verdict: TriageVerdict::Fail,
                },
                "两个牵头单位",
                Role::Secretariat,
                "SEC01",
                10,
            ),
        ),
        (
            "c4".repeat(32),
            decision(
                Ruling::Draw {
                    seed: BIG_SEED,
                    panels: vec![],
                },
                "按规定随机抽取",
                Role::Secretariat,
                "SEC01",
                12,
            ),
        ),
    ];
    merge_edited(
        |_| {},
        |el| {
            el.blocked
                .insert(("EXP02".into(), "A067".into()), vec!["C2".into()]);
            el.overridden.insert(
                ("EXP04".into(), "A067".into()),
                "经核实该专家离开牵头单位已满三年".into(),
            );
        },
        |bodies| {
            let b = bodies.iter_mut().find(|b| b.expert == "EXP05").unwrap();
            b.revision = 2;
            b.round = 2;
            for (criterion, value, reason) in [
                ("innovation", 2000, "讨论后确认已在三家银行上线"),
                ("advancement", 1950, ""),
            ] {
                b.scores.push(SheetScore {
                    application: "A061".into(),
                    criterion: criterion.into(),
                    round: 2,
                    value,
                    comment: String::new(),
                    reason: reason.into(),
                });
            }
            b.normalise();
        },
        &[("P1".into(), 2)],
        &decisions,
    )
}

fn col(rows: &[Value], key: &str) -> Vec<String> {
    rows.iter()
        .map(|r| match &r[key] {
            Value::String(s) => s.clone(),
            Value::Null => String::new(),
            other => other.to_string(),
        })
        .collect()
}

#[test]
fn attendance_and_commitments_come_from_the_sheets() {
    let m = scenario();
    let doc = json(&m, Kind::Minutes);
    let sheets = sheets();
    let att = rows(table(page(&doc, "attendance"), "attendance"));
    assert_eq!(att.len(), sheets.len());
    assert_eq!(
        col(att, "expert"),
        sheets
            .iter()
            .map(|s| s.body.expert.clone())
            .collect::<Vec<_>>()
    );
    for (r, s) in att.iter().zip(&m.sheets) {
        assert_eq!(r["digest"], &s.digest[..16]);
        assert_eq!(r["revision"], s.revision);
        assert_eq!(r["scores"], s.scores);
    }
    // EXP01 stands on P1 and handed in nothing.
    assert!(notes(page(&doc, "attendance"))
        .iter()
        .any(|n| n.contains("EXP01")));
    let com = rows(table(page(&doc, "commitments"), "commitments"));
    for (r, s) in com.iter().zip(&sheets) {
        let at = s.body.pledge.as_ref().map(|p| p.at.clone());
        assert_eq!(r["pledged_at"].as_str().map(str::to_string), at);
        assert_eq!(r["pledged"] == "已签署", at.is_some());
    }
}

#[test]
fn conflicts_overrides_and_decisions_with_their_reasons() {
    let m = scenario();
    let doc = json(&m, Kind::Minutes);

    let declared = rows(table(page(&doc, "conflicts"), "declarations"));
    let from_sheets: Vec<(String, String, String)> = sheets()
        .iter()
        .flat_map(|s| {
            s.body.declarations.iter().map(|d| {
                (
                    s.body.expert.clone(),
                    d.application.clone(),
                    d.reason.clone(),
                )
            })
        })
        .collect();
    assert!(!from_sheets.is_empty());
    let in_minutes: Vec<(String, String, String)> = declared
        .iter()
        .map(|r| {
            (
                r["expert"].as_str().unwrap().into(),
                r["application"].as_str().unwrap().into(),
                r["reason"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(in_minutes, from_sheets);

    let dropped = rows(table(page(&doc, "conflicts"), "conflicts_dropped"));
    let conflict_drops: Vec<_> = m
        .dropped
        .iter()
        .filter(|d| d.kind == pingshen::merge::DropKind::Conflict)
        .collect();
    assert_eq!(dropped.len(), conflict_drops.len());
    let r = dropped
        .iter()
        .find(|r| r["expert"] == "EXP02" && r["application"] == "A067")
        .unwrap();
    assert_eq!(r["rules"], "C2");
    assert_eq!(r["source"], "规则认定");
    assert_eq!(r["scores"], 4);

    let ov = rows(table(page(&doc, "overrides"), "overrides"));
    assert_eq!(ov.len(), m.overrides.len());
    assert_eq!(ov[0]["expert"], "EXP04");
    assert_eq!(ov[0]["application"], "A067");
    assert_eq!(ov[0]["reason"], "经核实该专家离开牵头单位已满三年");

    let dec = rows(table(page(&doc, "decisions"), "decisions"));
    assert_eq!(dec.len(), 4);
    // By date, then digest; none replaces another, so each is in force.
    assert_eq!(col(dec, "standing"), ["有效"; 4]);
    assert_eq!(
        col(dec, "date"),
        ["2024-04-10", "2024-04-12", "2024-04-20", "2024-04-20"]
    );
    assert_eq!(
        col(dec, "reason"),
        [
            "两个牵头单位",
            "按规定随机抽取",
            "经核实该专家离开牵头单位已满三年",
            "A061 分差过大，经讨论开启第二轮评分"
        ]
    );
    assert_eq!(
        col(dec, "decision"),
        [
            "形式审查 A005：不通过".to_string(),
            format!("专家抽取（种子 {BIG_SEED}）"),
            "覆盖 C3：A067 EXP04".to_string(),
            "P1 开启第 2 轮评分".to_string(),
        ]
    );
    assert_eq!(
        col(dec, "by"),
        ["秘书处 SEC01", "秘书处 SEC01", "组长 CH01", "组长 CH01"]
    );
    assert_eq!(dec[2]["digest"], "a1".repeat(8));
}

/// Every recusal the rules found, as the merge output gives it: rule, expert, application
/// and whether the chair overrode it. The bundled campaign's planted conflicts plus the
/// scenario's: EXP02 x A067 (C2, blocking) and EXP04 x A067 (C3, overridden).
const FOUND: [(&str, &str, &str, &str, bool); 7] = [
    ("C4", "EXP01", "林书航", "A003", false),
    ("C4", "EXP28", "梁国栋", "A004", false),
    ("C2", "EXP02", "韩卫东", "A012", false),
    ("C1", "EXP11", "罗海涛", "A052", false),
    ("C3", "EXP03", "许嘉宁", "A058", false),
    ("C2", "EXP02", "韩卫东", "A067", false),
    ("C3", "EXP04", "", "A067", true),
];

#[test]
fn every_recusal_the_rules_found_is_in_the_merge_and_the_minutes() {
    let m = scenario();
    let got: Vec<(&str, &str, &str, &str, bool)> = m
        .conflicts
        .iter()
        .map(|c| {
            (
                c.rule.as_str(),
                c.expert.as_str(),
                c.expert_name.as_str(),
                c.application.as_str(),
                c.overridden,
            )
        })
        .collect();
    let want: Vec<(&str, &str, &str, &str, bool)> = FOUND
        .iter()
        .map(|f| {
            let name = if f.2.is_empty() {
                m.sheets
                    .iter()
                    .find(|s| s.expert == f.1)
                    .map(|s| s.expert_name.as_str())
                    .unwrap()
            } else {
                f.2
            };
            (f.0, f.1, name, f.3, f.4)
        })
        .collect();
    assert_eq!(got, want);

    // JSON: one row per recusal, with the project's name and the outcome.
    let doc = json(&m, Kind::Minutes);
    let found = rows(table(page(&doc, "conflicts"), "conflicts_found"));
    assert_eq!(found.len(), FOUND.len());
    assert_eq!(
        col(found, "rule"),
        FOUND.iter().map(|f| f.0).collect::<Vec<_>>()
    );
    assert_eq!(
        col(found, "expert"),
        FOUND.iter().map(|f| f.1).collect::<Vec<_>>()
    );
    assert_eq!(
        col(found, "application"),
        FOUND.iter().map(|f| f.3).collect::<Vec<_>>()
    );
    assert_eq!(
        col(found, "status"),
        FOUND
            .iter()
            .map(|f| if f.4 {
                "组长已书面覆盖"
            } else {
                "回避"
            })
            .collect::<Vec<_>>()
    );
    let a052 = found.iter().find(|r| r["application"] == "A052").unwrap();
    assert!(!a052["name"].as_str().unwrap().is_empty());
    assert_eq!(a052["expert_name"], "罗海涛");

    // Markdown (English), CSV and XLSX carry the same rows.
    let md = String::from_utf8(report(&m, Kind::Minutes, Format::Markdown, Lang::En)).unwrap();
    assert!(md.contains("Conflicts the rules found"), "{md}");
    for f in FOUND {
        let outcome = if f.4 {
            "overridden by the chair"
        } else {
            "recused"
        };
        assert!(
            md.lines().any(|l| l.contains(&format!("| {} |", f.0))
                && l.contains(&format!("| {} |", f.1))
                && l.contains(&format!("| {} |", f.3))
                && l.contains(outcome)),
            "{f:?} in\n{md}"
        );
    }
    let csv = String::from_utf8(report(&m, Kind::Minutes, Format::Csv, Lang::Zh)).unwrap();
    assert!(csv.contains("规则认定的回避\r\n序号,规则,专家编号,姓名,项目编号,项目名称,处理\r\n1,C4,EXP01,林书航,A003,"), "{csv}");
    assert!(csv.contains("7,C3,EXP04,"), "{csv}");
    let book = read_xlsx(&report(&m, Kind::Minutes, Format::Xlsx, Lang::Zh));
    let (_, sheet) = book.iter().find(|(n, _)| n == "三、回避情况").unwrap();
    let rows = xlsx_table(sheet, "序号", "规则");
    assert_eq!(rows.len(), FOUND.len());
    assert_eq!(text(&rows[3][2]), "EXP11");
    assert_eq!(text(&rows[6][6]), "组长已书面覆盖");
}

#[test]
fn rounds_changes_and_the_recommended_list() {
    let m = scenario();
    let doc = json(&m, Kind::Minutes);
    let rounds_page = page(&doc, "rounds");
    let panels = rows(table(rounds_page, "panels"));
    assert_eq!(col(panels, "panel"), ["P1", "P2", "P3", "P4"]);
    assert_eq!(col(panels, "round"), ["2", "1", "1", "1"]);
    let changes = rows(table(rounds_page, "changes"));
    assert_eq!(changes.len(), m.changes.len());
    assert_eq!(changes.len(), 2);
    for (r, c) in changes.iter().zip(&m.changes) {
        assert_eq!(r["expert"], c.expert.as_str());
        assert_eq!(r["from"], c.from.to_string().as_str());
        assert_eq!(r["to"], c.to.to_string().as_str());
        if c.without_reason {
            assert_eq!(r["reason"], "（未说明理由）");
        } else {
            assert_eq!(r["reason"], c.reason.as_str());
        }
    }
    assert!(changes
        .iter()
        .any(|r| r["criterion"] == "创新性" && r["reason"] == "讨论后确认已在三家银行上线"));

    let rec_page = page(&doc, "recommended");
    let rec = rows(table(rec_page, "recommended"));
    assert_eq!(
        col(rec, "application"),
        m.recommended
            .iter()
            .map(|r| r.application.clone())
            .collect::<Vec<_>>()
    );
    assert_eq!(
        col(rec, "score"),
        m.recommended
            .iter()
            .map(|r| r.panel_score.to_string())
            .collect::<Vec<_>>()
    );
    assert!(notes(rec_page).iter().any(|n| n.starts_with("组长签字：")));
    let queue = rows(table(page(&doc, "discussion"), "divergence_queue"));
    assert_eq!(
        col(queue, "application"),
        m.divergence_queue
            .iter()
            .map(|q| q.application.clone())
            .collect::<Vec<_>>()
    );
}

#[test]
fn minutes_in_english_and_as_xlsx_sections() {
    let m = scenario();
    let md = String::from_utf8(report(&m, Kind::Minutes, Format::Markdown, Lang::En)).unwrap();
    assert!(md.starts_with("# Minutes of the review meeting\n"));
    for h in ["## 1 Attendance", "## 5 Decisions", "## 8 Recommended list"] {
        assert!(md.contains(h), "{h}");
    }
    assert!(md.contains("round 2 opened for P1"));
    let book = read_xlsx(&report(&m, Kind::Minutes, Format::Xlsx, Lang::Zh));
    let names: Vec<&str> = book.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "会议概况",
            "一、出席情况",
            "二、保密及回避承诺",
            "三、回避情况",
            "四、组长覆盖",
            "五、决定事项",
            "六、评分轮次与改分",
            "七、分歧讨论",
            "八、拟推荐名单"
        ]
    );
    let (_, dec) = &book[5];
    let rows = xlsx_table(dec, "序号", "日期");
    assert_eq!(rows.len(), 4);
    assert_eq!(text(&rows[3][3]), "A061 分差过大，经讨论开启第二轮评分");
}

#[test]
fn end_to_end_decide_round_merge_report() {
    let tmp = tempfile::tempdir().unwrap();
    let campaign = tmp.path().join("campaign");
    copy_dir(&campaign_dir(), &campaign);
    let key = root().join("fixtures/demo-keys/CH01.key");
    let reason = "A061 等项目分差过大，开启第二轮";
    ok(&pingshen(&[
        "decide".as_ref(),
        "round".as_ref(),
        "P1".as_ref(),
        "2".as_ref(),
        "--reason".as_ref(),
        reason.as_ref(),
        "--key".as_ref(),
        key.as_os_str(),
        "--campaign".as_ref(),
        campaign.as_os_str(),
    ]));
    let files: Vec<_> = std::fs::read_dir(campaign.join("decisions"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1);
    let digest = {
        use sm3::{Digest, Sm3};
        hex::encode(Sm3::digest(std::fs::read(&files[0]).unwrap()))
    };
    let (merged, m) = merge_demo(tmp.path(), &campaign, &sheet_files());
    assert_eq!(m.decisions, std::slice::from_ref(&digest));
    assert_eq!(m.decision_notes.len(), 1);
    assert_eq!(m.decision_notes[0].reason, reason);
    assert_eq!(m.rounds[0].round, 2);
    // The merge of the real command carries the bundled campaign's five recusals.
    assert_eq!(
        m.conflicts
            .iter()
            .map(|c| format!("{} {} {}", c.rule, c.expert, c.application))
            .collect::<Vec<_>>(),
        [
            "C4 EXP01 A003",
            "C4 EXP28 A004",
            "C2 EXP02 A012",
            "C1 EXP11 A052",
            "C3 EXP03 A058"
        ]
    );
    let md = String::from_utf8(report_cli(tmp.path(), &merged, "minutes", "md", "zh")).unwrap();
    assert!(md
        .lines()
        .any(|l| l.contains("| C1 | EXP11 | 罗海涛 | A052 |") && l.contains("回避")));
    let line = md
        .lines()
        .find(|l| l.contains("P1 开启第 2 轮评分"))
        .unwrap();
    assert!(line.contains(reason) && line.contains(&digest[..16]) && line.contains("组长 CH01"));
    let book = read_xlsx(&report_cli(tmp.path(), &merged, "minutes", "xlsx", "zh"));
    let (_, dec) = book.iter().find(|(n, _)| n == "五、决定事项").unwrap();
    let rows = xlsx_table(dec, "序号", "日期");
    assert_eq!(text(&rows[0][3]), reason);
    assert_eq!(text(&rows[0][5]), "有效");
    assert_eq!(text(&rows[0][6]), &digest[..16]);
}

/// The minutes list decisions in the order they were made, whatever their digests or the
/// order they are read in: by effective date, each after the decision it names in
/// `supersedes` (a redraw dated before the draw it replaces, as a wrong clock would date
/// it, still comes after it), then by digest. Each replaced decision says which one
/// replaced it, so a reader going down the table sees what stands.
#[test]
fn decisions_in_the_order_made_each_replaced_one_marked() {
    use pingshen::model::PanelDraw;
    let draw = |seed: u64| Ruling::Draw {
        seed,
        panels: vec![PanelDraw {
            panel: "P1".into(),
            experts: ["EXP04", "EXP05", "EXP06", "EXP07", "EXP08"]
                .map(String::from)
                .into(),
            reserves: ["EXP09", "EXP10"].map(String::from).into(),
        }],
    };
    let triage = |verdict| Ruling::Triage {
        application: "A001".into(),
        verdict,
    };
    let fail = decision(
        triage(TriageVerdict::Fail),
        "材料不全",
        Role::Secretariat,
        "SEC01",
        10,
    );
    let mut pass = decision(
        triage(TriageVerdict::Pass),
        "已补齐材料",
        Role::Secretariat,
        "SEC01",
        10,
    );
    pass.supersedes = Some(fail.digest());
    let first = decision(draw(1), "", Role::Secretariat, "SEC01", 12);
    let mut redraw = decision(
        draw(2),
        "EXP04 因病不能到会",
        Role::Secretariat,
        "SEC01",
        11,
    );
    redraw.supersedes = Some(first.digest());
    let confirm = decision(
        Ruling::Confirm {
            rule: "E6".into(),
            application: "A045".into(),
            other: Some("A007".into()),
            expert: None,
        },
        "同一项目",
        Role::Secretariat,
        "SEC01",
        10,
    );
    // File digests chosen so that digest order is not the order made.
    let records = vec![
        ("00".repeat(32), redraw),
        ("11".repeat(32), pass),
        ("55".repeat(32), confirm),
        ("99".repeat(32), first),
        ("ff".repeat(32), fail),
    ];
    let want_decision = [
        "确认 E6：A045 与 A007",
        "形式审查 A001：不通过",
        "形式审查 A001：通过",
        "专家抽取（种子 1，每组 5 名专家、2 名候补）",
        "专家重新抽取（种子 2，每组 5 名专家、2 名候补）",
    ];
    let want_standing = [
        "有效",
        "被第 3 号决定取代",
        "有效，取代第 2 号决定",
        "被第 5 号决定取代",
        "有效，取代第 4 号决定",
    ];
    let mut orders = vec![records.clone()];
    let mut reversed = records.clone();
    reversed.reverse();
    orders.push(reversed);
    let mut rotated = records.clone();
    rotated.rotate_left(2);
    rotated.push(rotated[0].clone());
    orders.push(rotated);
    let mut first_bytes = None;
    for records in orders {
        let m = merge_edited(|_| {}, |_| {}, |_| {}, &[], &records);
        let doc = json(&m, Kind::Minutes);
        let dec = rows(table(page(&doc, "decisions"), "decisions"));
        assert_eq!(col(dec, "decision"), want_decision);
        assert_eq!(col(dec, "standing"), want_standing);
        assert_eq!(
            col(dec, "date"),
            [
                "2024-04-10",
                "2024-04-10",
                "2024-04-10",
                "2024-04-12",
                "2024-04-11"
            ]
        );
        assert_eq!(
            col(dec, "reason"),
            [
                "同一项目",
                "材料不全",
                "已补齐材料",
                "",
                "EXP04 因病不能到会"
            ]
        );
        // The same bytes whatever order the decisions came in.
        let md = report(&m, Kind::Minutes, Format::Markdown, Lang::En);
        match &first_bytes {
            None => first_bytes = Some(md),
            Some(b) => assert_eq!(b, &md),
        }
    }
    let md = String::from_utf8(first_bytes.unwrap()).unwrap();
    for (no, decision, standing) in [
        (2, "formal review of A001: fail", "superseded by No. 3"),
        (3, "formal review of A001: pass", "in force; replaces No. 2"),
        (
            4,
            "expert draw (seed 1, panel size 5, reserves 2)",
            "superseded by No. 5",
        ),
        (
            5,
            "expert redraw (seed 2, panel size 5, reserves 2)",
            "in force; replaces No. 4",
        ),
    ] {
        assert!(
            md.lines().any(|l| l.starts_with(&format!("| {no} | "))
                && l.contains(&format!("| {decision} |"))
                && l.contains(&format!("| {standing} |"))),
            "No. {no} in\n{md}"
        );
    }
}
