//! 专家个人评分表 against the signed sheets they come from: every score equals the sheet's,
//! the short digest and revision are the sheet's, every page has its signature line; read
//! back from XLSX as well as JSON, in round 1 and after a second round.

use crate::report_support;
use pingshen::i18n::Lang;
use pingshen::merge::{Decimal, MergeOutput};
use pingshen::report::{Format, Kind};
use pingshen::sheet::{SheetBody, SheetScore};
use report_support::*;
use serde_json::Value;
use std::collections::BTreeMap;

/// Direction code of each application the merge ranks or lists unranked.
fn direction_of(m: &MergeOutput) -> BTreeMap<String, u8> {
    m.directions
        .iter()
        .flat_map(|d| {
            d.ranking
                .iter()
                .chain(&d.unranked)
                .map(move |a| (a.application.clone(), d.code))
        })
        .collect()
}

/// The score a sheet gives (app, criterion) at the highest round not above `round`.
fn sheet_score<'b>(
    body: &'b SheetBody,
    app: &str,
    criterion: &str,
    round: u32,
) -> Option<&'b SheetScore> {
    body.scores
        .iter()
        .filter(|s| s.application == app && s.criterion == criterion && s.round <= round)
        .max_by_key(|s| s.round)
}

fn field<'v>(page: &'v Value, key: &str) -> &'v Value {
    page["blocks"][0]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["key"] == key)
        .map(|f| &f["value"])
        .unwrap_or_else(|| panic!("no field {key}"))
}

/// Checks one expert's JSON page against the sheet: each score cell, each total, and that
/// every application the sheet scores and the merge counts has its row.
/// `digest` is the sheet's full digest as the merge should have recorded it.
fn check_page(m: &MergeOutput, doc: &Value, body: &SheetBody, digest: &str, round: u32) -> usize {
    let page = page(doc, &format!("expert-{}", body.expert));
    assert_eq!(field(page, "digest"), &digest[..16], "{}", body.expert);
    assert_eq!(field(page, "revision"), body.revision);
    assert!(notes(page).iter().any(|n| n.contains("专家签字：")));
    let dirs = direction_of(m);
    let mut rows_seen = 0;
    for d in &m.directions {
        let key = format!("direction-{:02}", d.code);
        let Some(t) = page["blocks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|b| b["type"] == "table" && b["key"] == key.as_str())
        else {
            continue;
        };
        for r in rows(t) {
            let app = r["application"].as_str().unwrap();
            assert_eq!(dirs[app], d.code);
            let mut sum = 0;
            let mut complete = true;
            for c in &d.criteria {
                let cell = &r[format!("score:{}", c.id)];
                match sheet_score(body, app, &c.id, round) {
                    Some(s) => {
                        assert_eq!(
                            cell,
                            Decimal(s.value).to_string().as_str(),
                            "{app} {}",
                            c.id
                        );
                        sum += s.value;
                        if !s.comment.is_empty() {
                            assert!(r["comments"].as_str().unwrap().contains(&s.comment));
                        }
                    }
                    None => {
                        assert!(cell.is_null(), "{app} {} not in the sheet", c.id);
                        complete = false;
                    }
                }
            }
            if complete {
                assert_eq!(r["total"], Decimal(sum).to_string().as_str());
            } else {
                assert!(r["total"].is_null());
                assert!(r["remarks"].as_str().unwrap().contains("未评"));
            }
            rows_seen += 1;
        }
    }
    // Every application of the sheet that the merge counted for this expert has a row.
    let counted = m
        .directions
        .iter()
        .flat_map(|d| d.ranking.iter().chain(&d.unranked))
        .filter(|a| a.experts.iter().any(|e| e.expert == body.expert))
        .count();
    assert_eq!(rows_seen, counted, "{}", body.expert);
    rows_seen
}

#[test]
fn every_score_of_every_page_is_the_sheets() {
    let tmp = tempfile::tempdir().unwrap();
    let (merged, m) = merge_demo(tmp.path(), &campaign_dir(), &sheet_files());
    let doc: Value =
        serde_json::from_slice(&report_cli(tmp.path(), &merged, "personal", "json", "zh")).unwrap();
    let sheets = sheets();
    assert_eq!(doc["pages"].as_array().unwrap().len(), sheets.len());
    let mut rows = 0;
    for s in &sheets {
        rows += check_page(&m, &doc, &s.body, &sheet_digest(&s.body), 1);
    }
    let scored_pairs: std::collections::BTreeSet<(String, String)> = sheets
        .iter()
        .flat_map(|s| {
            s.body
                .scores
                .iter()
                .map(|x| (s.body.expert.clone(), x.application.to_string()))
        })
        .collect();
    assert!(rows > 300 && rows <= scored_pairs.len());
}

#[test]
fn xlsx_pages_read_back_equal_the_sheets() {
    let tmp = tempfile::tempdir().unwrap();
    let (merged, m) = merge_demo(tmp.path(), &campaign_dir(), &sheet_files());
    let book = read_xlsx(&report_cli(tmp.path(), &merged, "personal", "xlsx", "zh"));
    let dirs = direction_of(&m);
    for s in sheets() {
        let b = &s.body;
        let name = format!(
            "{} {}",
            b.expert,
            m.sheets
                .iter()
                .find(|x| x.expert == b.expert)
                .unwrap()
                .expert_name
        );
        let (_, rows) = book.iter().find(|(n, _)| *n == name).unwrap();
        let all: Vec<String> = rows.iter().flatten().map(text).collect();
        assert!(all.iter().any(|t| t.contains(&sheet_digest(b)[..16])));
        assert!(all.iter().any(|t| t.starts_with("专家签字：")));
        let mut seen = 0;
        for r in rows {
            let app = text(&r[1]);
            let Some(&code) = dirs.get(&app) else {
                continue;
            };
            if hundredths(&r[0]).is_none() {
                continue;
            }
            let d = m.directions.iter().find(|d| d.code == code).unwrap();
            let mut sum = Some(0);
            for (ci, c) in d.criteria.iter().enumerate() {
                let want = sheet_score(b, &app, &c.id, 1).map(|x| x.value);
                assert_eq!(hundredths(&r[3 + ci]), want, "{} {app} {}", b.expert, c.id);
                sum = sum.zip(want).map(|(a, v)| a + v);
            }
            assert_eq!(hundredths(&r[3 + d.criteria.len()]), sum);
            seen += 1;
        }
        let counted = m
            .directions
            .iter()
            .flat_map(|d| d.ranking.iter().chain(&d.unranked))
            .filter(|a| a.experts.iter().any(|e| e.expert == b.expert))
            .count();
        assert_eq!(seen, counted, "{}", b.expert);
    }
}

#[test]
fn declarations_and_partial_totals_are_noted() {
    let m = merge_bundled();
    let doc = json(&m, Kind::Personal);
    assert!(!m.declarations.is_empty() && !m.partial_totals.is_empty());
    for d in &m.declarations {
        let p = page(&doc, &format!("expert-{}", d.expert));
        assert!(notes(p)
            .iter()
            .any(|n| n.contains(&d.application) && n.contains(&d.reason)));
    }
    for pt in &m.partial_totals {
        let p = page(&doc, &format!("expert-{}", pt.expert));
        let row = p["blocks"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|b| b["type"] == "table")
            .flat_map(|t| rows(t).iter())
            .find(|r| r["application"] == pt.application.as_str())
            .unwrap();
        assert!(row["total"].is_null());
        assert!(row["remarks"].as_str().unwrap().contains("未评"));
    }
}

#[test]
fn second_round_scores_reasons_and_round1_totals() {
    // EXP05 rescores A061 in round 2 of panel P1, with a reason for one change and none for
    // the other. The campaign is not edited, so the sheet keeps its campaign digest.
    let mut body = sheets()
        .into_iter()
        .find(|s| s.body.expert == "EXP05")
        .unwrap()
        .body;
    body.revision = 2;
    body.round = 2;
    for (criterion, value, reason) in [
        ("innovation", 2000, "讨论后上调"),
        ("advancement", 1950, ""),
    ] {
        body.scores.push(SheetScore {
            application: "A061".into(),
            criterion: criterion.into(),
            round: 2,
            value,
            comment: String::new(),
            reason: reason.into(),
        });
    }
    body.normalise();
    let replacement = body.clone();
    let m = merge_edited(
        |_| {},
        |_| {},
        |bodies| {
            let b = bodies.iter_mut().find(|b| b.expert == "EXP05").unwrap();
            *b = replacement;
        },
        &[("P1".into(), 2)],
        &[],
    );
    assert_eq!(m.changes.len(), 2);
    let doc = json(&m, Kind::Personal);
    // Merged in process from bodies without their files: the digest is the body's SM3.
    let digest = pingshen::merge::sheet_digest(&body);
    check_page(&m, &doc, &body, &digest, 2);
    let p = page(&doc, "expert-EXP05");
    let t = table(p, "direction-04");
    let cols: Vec<&str> = t["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["key"].as_str().unwrap())
        .collect();
    assert!(cols.contains(&"round1_total") && cols.contains(&"reasons"));
    let row = rows(t).iter().find(|r| r["application"] == "A061").unwrap();
    assert_eq!(row["score:innovation"], "20.00");
    assert_eq!(row["score:advancement"], "19.50");
    let r1: i64 = ["innovation", "advancement", "practicality", "scalability"]
        .iter()
        .map(|c| sheet_score(&body, "A061", c, 1).unwrap().value)
        .sum();
    assert_eq!(row["round1_total"], Decimal(r1).to_string().as_str());
    assert!(row["reasons"].as_str().unwrap().contains("讨论后上调"));
    assert_eq!(field(p, "revision"), 2);
    let md = String::from_utf8(report(&m, Kind::Personal, Format::Markdown, Lang::Zh)).unwrap();
    assert!(md.contains("第一轮总分"));
}
