//! 评审结果汇总表 against the merge it comes from, in every format: the XLSX read back cell
//! by cell, the CSV, Markdown and JSON row by row, the cut line and the 拟推荐名单 under both
//! campaign rules, and the same bytes for the same merge.

use crate::report_support;
use pingshen::i18n::Lang;
use pingshen::merge::{ApplicationResult, Flag, MergeOutput};
use pingshen::model::Points;
use pingshen::report::{Format, Kind};
use report_support::*;
use std::collections::BTreeSet;

fn all_apps(m: &MergeOutput, code: u8) -> Vec<&ApplicationResult> {
    let d = m.directions.iter().find(|d| d.code == code).unwrap();
    d.ranking.iter().chain(&d.unranked).collect()
}

/// Rows above the cut line: through the last application the rule reaches (recommended or
/// held back); computed here from the merge alone.
fn expected_cut(m: &MergeOutput, code: u8) -> Option<usize> {
    let cut = m.cut.as_ref()?;
    Some(
        all_apps(m, code)
            .iter()
            .rposition(|a| a.recommended || cut.held_back.contains(&a.application))
            .map_or(0, |i| i + 1),
    )
}

fn joint(a: &ApplicationResult) -> String {
    a.joint_units
        .iter()
        .map(|u| u.name.as_str())
        .collect::<Vec<_>>()
        .join("、")
}

#[test]
fn xlsx_read_back_equals_the_merge_cell_by_cell() {
    let tmp = tempfile::tempdir().unwrap();
    let (merged_path, m) = merge_demo(tmp.path(), &campaign_dir(), &sheet_files());
    let bytes = report_cli(tmp.path(), &merged_path, "results", "xlsx", "zh");
    let book = read_xlsx(&bytes);
    let names: Vec<&str> = book.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names.first(), Some(&"汇总"));
    assert_eq!(names.last(), Some(&"未通过形式审查"));
    assert_eq!(names.len(), m.directions.len() + 2);

    let mut checked = 0;
    for d in &m.directions {
        let name = format!("{:02} {}", d.code, d.name_zh);
        let (_, rows) = book.iter().find(|(n, _)| *n == name).unwrap();
        let table = xlsx_table(rows, "序号", "项目编号");
        let apps = all_apps(&m, d.code);
        let mut data = Vec::new();
        let mut cut_at = None;
        for r in &table {
            if text(&r[0]).contains("推荐线") {
                assert!(cut_at.is_none(), "one cut line per direction");
                cut_at = Some(data.len());
                continue;
            }
            data.push(*r);
        }
        assert_eq!(data.len(), apps.len(), "{name}");
        assert_eq!(cut_at, expected_cut(&m, d.code), "{name}");
        for (i, (r, a)) in data.iter().zip(&apps).enumerate() {
            assert_eq!(hundredths(&r[0]), Some((i as i64 + 1) * 100));
            assert_eq!(text(&r[1]), a.application);
            assert_eq!(text(&r[2]), a.name);
            assert_eq!(
                text(&r[3]),
                a.lead_unit.as_ref().map_or("", |u| u.name.as_str())
            );
            assert_eq!(text(&r[4]), joint(a));
            assert_eq!(text(&r[5]), d.name_zh);
            assert_eq!(text(&r[6]), a.recommender.name);
            assert_eq!(
                hundredths(&r[7]),
                a.figures.as_ref().map(|f| f.panel_score.0),
                "{} score",
                a.application
            );
            assert_eq!(hundredths(&r[8]), a.rank.map(|r| i64::from(r) * 100));
            assert_eq!(text(&r[9]) == "是", a.recommended, "{}", a.application);
            let flags = text(&r[10]);
            assert_eq!(flags.contains("分歧"), a.flags.contains(&Flag::Divergence));
            assert_eq!(flags.contains("不足"), a.flags.contains(&Flag::Incomplete));
            assert_eq!(
                flags.contains("回避剔除"),
                a.flags.contains(&Flag::ConflictsDropped)
            );
            checked += 1;
        }
    }
    let ranked_or_not: usize = m
        .directions
        .iter()
        .map(|d| d.ranking.len() + d.unranked.len())
        .sum();
    assert_eq!(checked, ranked_or_not);

    // Summary: the campaign digest, the 拟推荐名单 and every winning sheet's digest.
    let (_, summary) = &book[0];
    let all_text: Vec<String> = summary.iter().flatten().map(text).collect();
    assert!(all_text.iter().any(|t| t.contains(&m.campaign.digest)));
    let rec = xlsx_table(summary, "序号", "方向");
    let rec: Vec<_> = rec.iter().filter(|r| r.len() >= 8).collect();
    assert_eq!(rec.len(), m.recommended.len());
    for (r, e) in rec.iter().zip(&m.recommended) {
        assert_eq!(text(&r[3]), e.application);
        assert_eq!(hundredths(&r[2]), Some(i64::from(e.rank) * 100));
        assert_eq!(hundredths(&r[7]), Some(e.panel_score.0));
    }
    let digests = xlsx_table(summary, "专家编号", "姓名");
    assert_eq!(digests.len(), m.sheets.len());
    for (r, s) in digests.iter().zip(&m.sheets) {
        assert_eq!(text(&r[0]), s.expert);
        assert_eq!(text(&r[4]), s.digest);
    }

    // Failed formal review, apart, with the reason.
    let (_, failed) = book.last().unwrap();
    let rows = xlsx_table(failed, "序号", "项目编号");
    assert_eq!(rows.len(), m.failed.len());
    assert!(!m.failed.is_empty());
    for (r, f) in rows.iter().zip(&m.failed) {
        assert_eq!(text(&r[1]), f.application);
        assert_eq!(text(&r[6]), f.reason_zh);
        let ranked = m
            .directions
            .iter()
            .flat_map(|d| d.ranking.iter().chain(&d.unranked))
            .any(|a| a.application == f.application);
        assert!(!ranked, "{} is listed apart, not ranked", f.application);
    }
}

#[test]
fn csv_is_utf8_with_bom_and_carries_every_row() {
    let m = merge_bundled();
    let bytes = report(&m, Kind::Results, Format::Csv, Lang::Zh);
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    let text = std::str::from_utf8(&bytes[3..]).unwrap();
    assert!(text.contains("\r\n\r\n"), "pages apart by a blank line");
    assert!(!text.contains("\r\n\"\"\r\n"), "no quoted empty records");
    let records: Vec<Vec<String>> = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    for d in &m.directions {
        let apps = all_apps(&m, d.code);
        let mut positions = Vec::new();
        for a in &apps {
            let found: Vec<usize> = records
                .iter()
                .enumerate()
                .filter(|(_, r)| r.len() == 11 && r[1] == a.application)
                .map(|(i, _)| i)
                .collect();
            assert_eq!(found.len(), 1, "{}", a.application);
            let r = &records[found[0]];
            assert_eq!(
                r[7],
                a.figures
                    .as_ref()
                    .map_or(String::new(), |f| f.panel_score.to_string())
            );
            assert_eq!(r[8], a.rank.map_or(String::new(), |r| r.to_string()));
            assert_eq!(r[2], a.name);
            assert_eq!(r[4], joint(a));
            positions.push(found[0]);
        }
        assert!(positions
            .windows(2)
            .all(|w| w[1] == w[0] + 1 || w[1] == w[0] + 2));
        let cut = expected_cut(&m, d.code).unwrap();
        let label_at = if cut == 0 {
            positions[0] - 1
        } else {
            positions[cut - 1] + 1
        };
        assert!(
            records[label_at].len() == 1 && records[label_at][0].contains("推荐线"),
            "cut line of direction {} at record {label_at}: {:?}",
            d.code,
            records[label_at]
        );
    }
}

#[test]
fn markdown_rows_and_cut_line() {
    let m = merge_bundled();
    let md = String::from_utf8(report(&m, Kind::Results, Format::Markdown, Lang::Zh)).unwrap();
    assert!(md.starts_with("# 评审结果汇总表\n"));
    for d in &m.directions {
        let head = format!("### {:02} {} 评审结果", d.code, d.name_zh);
        let start = md.find(&head).unwrap();
        let end = md[start..].find("\n## ").map_or(md.len(), |e| start + e);
        let section = &md[start..end];
        let lines: Vec<&str> = section.lines().collect();
        let apps = all_apps(&m, d.code);
        let mut at = Vec::new();
        for a in &apps {
            let i = lines
                .iter()
                .position(|l| l.contains(&format!("| {} |", a.application)))
                .unwrap();
            let cells: Vec<&str> = lines[i].trim_matches('|').split(" | ").collect();
            let score = a
                .figures
                .as_ref()
                .map_or(String::new(), |f| f.panel_score.to_string());
            assert_eq!(cells[7].trim(), score, "{}", a.application);
            at.push(i);
        }
        let cut_line = lines.iter().position(|l| l.contains("推荐线")).unwrap();
        let cut = expected_cut(&m, d.code).unwrap();
        if cut > 0 {
            assert!(cut_line > at[cut - 1]);
        }
        if cut < at.len() {
            assert!(cut_line < at[cut]);
        }
    }
}

#[test]
fn json_is_canonical_and_matches_the_merge() {
    let m = merge_bundled();
    let bytes = report(&m, Kind::Results, Format::Json, Lang::Zh);
    let doc: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(
        pingshen::sheet::canonical_value_bytes(&doc).unwrap(),
        bytes,
        "keys sorted, no spaces"
    );
    assert_eq!(doc["kind"], "results");
    let summary = page(&doc, "summary");
    let fields = summary["blocks"][0]["fields"].as_array().unwrap();
    assert!(fields
        .iter()
        .any(|f| f["key"] == "campaign_digest" && f["value"] == m.campaign.digest.as_str()));
    for d in &m.directions {
        let t = table(page(&doc, &format!("direction-{:02}", d.code)), "ranking");
        let apps = all_apps(&m, d.code);
        let rows = rows(t);
        assert_eq!(rows.len(), apps.len());
        for (r, a) in rows.iter().zip(&apps) {
            assert_eq!(r["application"], a.application.as_str());
            match &a.figures {
                Some(f) => assert_eq!(r["score"], f.panel_score.to_string().as_str()),
                None => assert!(r["score"].is_null()),
            }
            match a.rank {
                Some(k) => assert_eq!(r["rank"], k),
                None => assert!(r["rank"].is_null()),
            }
            assert_eq!(r["recommended"] == "是", a.recommended);
        }
        assert_eq!(
            t["cut_line"]["after"].as_u64().map(|v| v as usize),
            expected_cut(&m, d.code)
        );
    }
    let failed = rows(table(page(&doc, "failed"), "failed"));
    let ids: Vec<&str> = failed
        .iter()
        .map(|r| r["application"].as_str().unwrap())
        .collect();
    let expected: Vec<&str> = m.failed.iter().map(|f| f.application.as_str()).collect();
    assert_eq!(ids, expected);
}

/// Exact: the panel score as a fraction of hundredths is at least `min` points.
fn at_least(a: &ApplicationResult, min: i64) -> bool {
    let Some(f) = &a.figures else { return false };
    let (n, d) = f
        .panel_score_exact
        .split_once('/')
        .map_or((f.panel_score_exact.as_str(), "1"), |(n, d)| (n, d));
    let (n, d): (i128, i128) = (n.parse().unwrap(), d.parse().unwrap());
    n >= i128::from(min) * 100 * d
}

fn recommended_ids(doc: &serde_json::Value) -> Vec<String> {
    rows(table(page(doc, "summary"), "recommended"))
        .iter()
        .map(|r| r["application"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn cut_by_top_n_the_bundled_rule() {
    let m = merge_bundled();
    assert_eq!(m.settings.cut_top_n, Some(3));
    let doc = json(&m, Kind::Results);
    let mut expected = Vec::new();
    for d in &m.directions {
        expected.extend(
            d.ranking
                .iter()
                .take(3)
                .filter(|a| !a.flags.contains(&Flag::Incomplete))
                .map(|a| a.application.clone()),
        );
        let t = table(page(&doc, &format!("direction-{:02}", d.code)), "ranking");
        assert_eq!(t["cut_line"]["after"], d.ranking.len().min(3));
        assert!(t["cut_line"]["label"]
            .as_str()
            .unwrap()
            .contains("每个方向前 3 名"));
    }
    assert_eq!(recommended_ids(&doc), expected);
}

#[test]
fn cut_by_minimum_score() {
    let m = merge_edited(
        |c| {
            c.settings.merge.cut_top_n = None;
            c.settings.merge.cut_min_score = Some(Points::whole(70));
        },
        |_| {},
        |_| {},
        &[],
        &[],
    );
    let doc = json(&m, Kind::Results);
    let mut expected = Vec::new();
    let mut some_long = false;
    let mut some_short = false;
    for d in &m.directions {
        let above: Vec<&ApplicationResult> = d.ranking.iter().filter(|a| at_least(a, 70)).collect();
        some_long |= above.len() > 3;
        some_short |= above.len() < 3.min(d.ranking.len());
        expected.extend(
            above
                .iter()
                .filter(|a| !a.flags.contains(&Flag::Incomplete))
                .map(|a| a.application.clone()),
        );
        let t = table(page(&doc, &format!("direction-{:02}", d.code)), "ranking");
        assert_eq!(t["cut_line"]["after"], above.len(), "direction {}", d.code);
        for r in rows(t) {
            let a = d
                .ranking
                .iter()
                .chain(&d.unranked)
                .find(|a| a.application == r["application"])
                .unwrap();
            assert_eq!(r["recommended"] == "是", at_least(a, 70));
        }
    }
    assert!(
        some_long && some_short,
        "the minimum score reaches past a top 3 in one direction and stops short in another"
    );
    assert!(!expected.is_empty());
    assert_eq!(recommended_ids(&doc), expected);
    let label = table(page(&doc, "direction-01"), "ranking")["cut_line"]["label"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(label.contains("得分不低于 70.00"), "{label}");
}

#[test]
fn cut_by_both_rules_and_held_back_places() {
    // Top 2 and at least 85, with five complete totals required: some applications above
    // the line are held back, keep their place, and the line stays under them.
    let m = merge_edited(
        |c| {
            c.settings.merge.cut_top_n = Some(2);
            c.settings.merge.cut_min_score = Some(Points::whole(85));
            c.settings.merge.min_complete = 6;
        },
        |_| {},
        |_| {},
        &[],
        &[],
    );
    let held: BTreeSet<String> = m.cut.as_ref().unwrap().held_back.iter().cloned().collect();
    assert!(!held.is_empty(), "the edited campaign holds some back");
    let doc = json(&m, Kind::Results);
    let mut expected = Vec::new();
    for d in &m.directions {
        let reached: Vec<&ApplicationResult> = d
            .ranking
            .iter()
            .take(2)
            .filter(|a| at_least(a, 85))
            .collect();
        expected.extend(
            reached
                .iter()
                .filter(|a| !held.contains(&a.application))
                .map(|a| a.application.clone()),
        );
        let t = table(page(&doc, &format!("direction-{:02}", d.code)), "ranking");
        assert_eq!(t["cut_line"]["after"], reached.len());
        for r in rows(t) {
            let id = r["application"].as_str().unwrap();
            assert_eq!(
                r["flags"].as_str().unwrap_or("").contains("暂缓推荐"),
                held.contains(id),
                "{id}"
            );
        }
    }
    assert_eq!(recommended_ids(&doc), expected);
    let notes = notes(page(&doc, "summary"));
    assert!(notes
        .iter()
        .any(|n| held.iter().all(|h| n.contains(h.as_str()))));
}

#[test]
fn no_cut_rule_no_line_no_list() {
    let m = merge_edited(
        |c| {
            c.settings.merge.cut_top_n = None;
            c.settings.merge.cut_min_score = None;
        },
        |_| {},
        |_| {},
        &[],
        &[],
    );
    assert!(m.cut.is_none());
    let doc = json(&m, Kind::Results);
    for d in &m.directions {
        let t = table(page(&doc, &format!("direction-{:02}", d.code)), "ranking");
        assert!(t["cut_line"].is_null());
    }
    assert!(recommended_ids(&doc).is_empty());
    let md = String::from_utf8(report(&m, Kind::Results, Format::Markdown, Lang::Zh)).unwrap();
    assert!(!md.contains("推荐线：以上"));
    assert!(md.contains("本次评审未设推荐线"));
}

#[test]
fn english_headings_with_lang_en() {
    let m = merge_bundled();
    let md = String::from_utf8(report(&m, Kind::Results, Format::Markdown, Lang::En)).unwrap();
    assert!(md.starts_with("# Review results\n"));
    assert!(md.contains("| No. | Application | Project | Lead unit | Joint units | Direction | Recommender | Score | Rank | Recommended | Flags |"));
    assert!(md.contains("cut line"));
    assert!(!md.contains("序号"));
    let book = read_xlsx(&report(&m, Kind::Results, Format::Xlsx, Lang::En));
    assert_eq!(book[0].0, "Summary");
    assert!(book.iter().any(|(n, _)| n == "01 Basic network security"));
    assert!(book.iter().all(|(n, _)| n.chars().count() <= 31));
}

#[test]
fn same_merge_same_bytes_in_every_format() {
    let a = merge_bundled();
    let b = merge_bundled();
    for kind in [Kind::Results, Kind::Personal, Kind::Minutes] {
        for format in [Format::Csv, Format::Markdown, Format::Json, Format::Xlsx] {
            assert_eq!(
                report(&a, kind, format, Lang::Zh),
                report(&b, kind, format, Lang::Zh),
                "{kind:?} {format:?}"
            );
        }
    }
}

#[test]
fn refuses_what_is_not_a_merge_output() {
    let tmp = tempfile::tempdir().unwrap();
    let bad = tmp.path().join("sheet.json");
    std::fs::copy(&sheet_files()[0], &bad).unwrap();
    let out_file = tmp.path().join("r.md");
    let out = pingshen(&[
        "--lang".as_ref(),
        "en".as_ref(),
        "report".as_ref(),
        bad.as_os_str(),
        "--kind".as_ref(),
        "results".as_ref(),
        "--format".as_ref(),
        "md".as_ref(),
        "-o".as_ref(),
        out_file.as_os_str(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("is not a merge output"), "{err}");
    assert_eq!(err.lines().count(), 1);
    assert!(!out_file.exists());
    let missing = tmp.path().join("nope.json");
    let out = pingshen(&[
        "report".as_ref(),
        missing.as_os_str(),
        "--kind".as_ref(),
        "minutes".as_ref(),
        "--format".as_ref(),
        "csv".as_ref(),
        "-o".as_ref(),
        out_file.as_os_str(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nope.json"));
}

#[test]
fn minimum_score_campaign_end_to_end_with_resigned_sheets() {
    let tmp = tempfile::tempdir().unwrap();
    let (campaign, sheets) = edited_campaign_with_sheets(tmp.path(), |t| {
        t.replace("cut_top_n = 3", "cut_min_score = 80")
    });
    let (merged_path, m) = merge_demo(tmp.path(), &campaign, &sheets);
    assert_eq!(m.settings.cut_min_score.map(|d| d.0), Some(8000));
    assert_eq!(m.settings.cut_top_n, None);
    let book = read_xlsx(&report_cli(
        tmp.path(),
        &merged_path,
        "results",
        "xlsx",
        "zh",
    ));
    let mut recommended = Vec::new();
    for d in &m.directions {
        let name = format!("{:02} {}", d.code, d.name_zh);
        let (_, rows) = book.iter().find(|(n, _)| *n == name).unwrap();
        let mut seen_line = false;
        for r in xlsx_table(rows, "序号", "项目编号") {
            if text(&r[0]).contains("推荐线") {
                assert!(text(&r[0]).contains("得分不低于 80.00"));
                seen_line = true;
                continue;
            }
            let score = hundredths(&r[7]);
            let yes = text(&r[9]) == "是";
            // Above the line exactly the recommended (no application is held back here).
            assert_eq!(yes, !seen_line, "{}", text(&r[1]));
            assert_eq!(yes, score.is_some_and(|s| s >= 8000), "{}", text(&r[1]));
            if yes {
                recommended.push(text(&r[1]));
            }
        }
        assert!(seen_line, "{name} has its line");
    }
    let expected: Vec<String> = m
        .recommended
        .iter()
        .map(|r| r.application.clone())
        .collect();
    assert_eq!(recommended, expected);
    assert!(expected.len() > 10);
}
