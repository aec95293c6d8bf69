//! Shared set-up of the report tests: the bundled campaign and its demo sheets, merged by
//! the real binary or in process on an edited campaign, and readers for each format.

#![allow(dead_code)]

use pingshen::i18n::Lang;
use pingshen::merge::{merge, to_canonical_json, MergeInput, MergeOutput};
use pingshen::model::{Campaign, Decision};
use pingshen::report::{build, render, Format, Kind};
use pingshen::rules::Eligibility;
use pingshen::sheet::{Sheet, SheetBody};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn campaign_dir() -> PathBuf {
    root().join("fixtures/campaign-2023")
}

pub fn sheet_files() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(root().join("fixtures/demo-sheets"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    v.sort();
    v
}

pub fn sheets() -> Vec<Sheet> {
    sheet_files()
        .iter()
        .map(|p| serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap())
        .collect()
}

/// The digest of the demo sheet `body` comes from, as verifying its file with the
/// campaign's keys gives it (the value its signature is made on): what the merge records
/// and the personal forms print.
pub fn sheet_digest(body: &SheetBody) -> String {
    let ring = pingshen::keys::Keyring::load(&campaign_dir().join("keys.toml")).unwrap();
    let files: Vec<(String, Vec<u8>)> = sheet_files()
        .iter()
        .map(|p| (p.display().to_string(), std::fs::read(p).unwrap()))
        .collect();
    let verdicts = pingshen::sheet::judge_sheets_digested(&files, &body.campaign, &ring);
    verdicts
        .iter()
        .find_map(|v| match &v.outcome {
            pingshen::sheet::Outcome::Ok(s) if s.body == *body => v.body_sm3.clone(),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no demo sheet verifies with the body of {}", body.expert))
}

pub fn pingshen(args: &[&std::ffi::OsStr]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_pingshen"))
        .args(args)
        .env("PINGSHEN_CONFIG", "/nonexistent")
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .output()
        .unwrap();
    out
}

pub fn ok(out: &Output) {
    assert!(
        out.status.success(),
        "exit {:?}\nstdout: {}\nstderr: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `pingshen merge` of the bundled campaign's demo sheets into `dir/merged.json`.
pub fn merge_demo(dir: &Path, campaign: &Path, sheets: &[PathBuf]) -> (PathBuf, MergeOutput) {
    let out = dir.join("merged.json");
    let db = dir.join("db");
    let mut args: Vec<&std::ffi::OsStr> = vec![
        "--db".as_ref(),
        db.as_os_str(),
        "merge".as_ref(),
        "--campaign".as_ref(),
        campaign.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ];
    args.extend(sheets.iter().map(|p| p.as_os_str()));
    ok(&pingshen(&args));
    let merged: MergeOutput = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    (out, merged)
}

/// `pingshen report MERGED --kind K --format F -o FILE`, returning the file's bytes.
pub fn report_cli(dir: &Path, merged: &Path, kind: &str, format: &str, lang: &str) -> Vec<u8> {
    let out = dir.join(format!("{kind}-{lang}.{format}"));
    let db = dir.join("db");
    ok(&pingshen(&[
        "--db".as_ref(),
        db.as_os_str(),
        "--lang".as_ref(),
        lang.as_ref(),
        "report".as_ref(),
        merged.as_os_str(),
        "--kind".as_ref(),
        kind.as_ref(),
        "--format".as_ref(),
        format.as_ref(),
        "-o".as_ref(),
        out.as_os_str(),
    ]));
    std::fs::read(out).unwrap()
}

pub fn report(m: &MergeOutput, kind: Kind, format: Format, lang: Lang) -> Vec<u8> {
    render(&build(m, kind, lang), format).unwrap()
}

pub fn json(m: &MergeOutput, kind: Kind) -> Value {
    serde_json::from_slice(&report(m, kind, Format::Json, Lang::Zh)).unwrap()
}

/// A merge in process of the bundled sheets on the bundled campaign after `edit`: each
/// body re-pointed at the edited campaign's digest (a merge takes verified bodies).
pub fn merge_edited(
    edit: impl FnOnce(&mut Campaign),
    eligibility_edit: impl FnOnce(&mut Eligibility),
    bodies_edit: impl FnOnce(&mut Vec<SheetBody>),
    rounds: &[(String, u32)],
    decisions: &[(String, Decision)],
) -> MergeOutput {
    let mut campaign = pingshen::format::load_campaign(&campaign_dir())
        .unwrap()
        .campaign;
    edit(&mut campaign);
    let digest = campaign.digest();
    let mut bodies: Vec<SheetBody> = sheets().into_iter().map(|s| s.body).collect();
    for b in &mut bodies {
        b.campaign = digest.clone();
    }
    bodies_edit(&mut bodies);
    let mut eligibility = pingshen::decisions::eligibility(&campaign, &[], &[]);
    eligibility_edit(&mut eligibility);
    let digests: Vec<String> = decisions.iter().map(|(d, _)| d.clone()).collect();
    let out = merge(&MergeInput {
        campaign: &campaign,
        eligibility: &eligibility,
        rounds,
        decisions: &digests,
        decision_records: decisions,
        sheets: &bodies,
        digests: None,
        superseded: &[],
    })
    .unwrap();
    // What the report reads is the file: go through the bytes as the command does.
    pingshen::report::read_merged(&to_canonical_json(&out), "merged.json").unwrap()
}

pub fn merge_bundled() -> MergeOutput {
    merge_edited(|_| {}, |_| {}, |_| {}, &[], &[])
}

/// A page of a JSON report by key.
pub fn page<'v>(doc: &'v Value, key: &str) -> &'v Value {
    doc["pages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["key"] == key)
        .unwrap_or_else(|| panic!("no page {key}"))
}

/// A table of a JSON page by key.
pub fn table<'v>(page: &'v Value, key: &str) -> &'v Value {
    page["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["type"] == "table" && b["key"] == key)
        .unwrap_or_else(|| panic!("no table {key} on page {}", page["key"]))
}

pub fn rows(table: &Value) -> &Vec<Value> {
    table["rows"].as_array().unwrap()
}

/// Every text of a JSON report's notes and signatures on a page.
pub fn notes(page: &Value) -> Vec<String> {
    page["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["type"] == "note" || b["type"] == "signature")
        .map(|b| b["text"].as_str().unwrap().to_string())
        .collect()
}

/// An XLSX file read back: sheet name, then rows of cells as calamine gives them.
pub fn read_xlsx(bytes: &[u8]) -> Vec<(String, Vec<Vec<calamine::Data>>)> {
    use calamine::{open_workbook_from_rs, Reader, Xlsx};
    let mut wb: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let names = wb.sheet_names().to_vec();
    names
        .into_iter()
        .map(|n| {
            let range = wb.worksheet_range(&n).unwrap();
            assert_eq!(range.start(), Some((0, 0)), "{n} starts at A1");
            let rows = range.rows().map(|r| r.to_vec()).collect();
            (n, rows)
        })
        .collect()
}

pub fn text(c: &calamine::Data) -> String {
    match c {
        calamine::Data::String(s) => s.clone(),
        calamine::Data::Empty => String::new(),
        other => other.to_string(),
    }
}

/// A number cell as hundredths, exactly: the file holds the double nearest a two-decimal
/// figure, so rounding its hundredfold recovers the integer.
pub fn hundredths(c: &calamine::Data) -> Option<i64> {
    match c {
        calamine::Data::Float(f) => Some((f * 100.0).round() as i64),
        calamine::Data::Int(i) => Some(i * 100),
        _ => None,
    }
}

/// The rows of the table whose header row starts with `first` and `second`, up to the
/// first empty row; a row holding only a text in its first cell (the cut line) is kept.
pub fn xlsx_table<'r>(
    rows: &'r [Vec<calamine::Data>],
    first: &str,
    second: &str,
) -> Vec<&'r Vec<calamine::Data>> {
    let start = rows
        .iter()
        .position(|r| r.len() > 1 && text(&r[0]) == first && text(&r[1]) == second)
        .unwrap_or_else(|| panic!("no header {first} {second}"));
    rows[start + 1..]
        .iter()
        .take_while(|r| r.iter().any(|c| !matches!(c, calamine::Data::Empty)))
        .collect()
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

/// A copy of the bundled campaign with `campaign.toml` edited, and the demo sheets signed
/// again for it with the demo keys (the edit changes the campaign's digest).
pub fn edited_campaign_with_sheets(
    dir: &Path,
    edit: impl FnOnce(String) -> String,
) -> (PathBuf, Vec<PathBuf>) {
    use pingshen::keys::PrivateKey;
    let campaign = dir.join("campaign");
    copy_dir(&campaign_dir(), &campaign);
    let toml_path = campaign.join("campaign.toml");
    let text = std::fs::read_to_string(&toml_path).unwrap();
    let edited = edit(text.clone());
    assert_ne!(edited, text, "the edit changes campaign.toml");
    std::fs::write(&toml_path, edited).unwrap();
    let digest = pingshen::format::load_campaign(&campaign)
        .unwrap()
        .campaign
        .digest();
    let sheets_dir = dir.join("sheets");
    std::fs::create_dir_all(&sheets_dir).unwrap();
    let mut files = Vec::new();
    for s in sheets() {
        let mut body = s.body;
        body.campaign = digest.clone();
        let key_file = root().join(format!("fixtures/demo-keys/{}.key", body.expert));
        let key = PrivateKey::load(&key_file, None).unwrap();
        let path = sheets_dir.join(format!("{}.json", body.expert));
        let signed = pingshen::sheet::sign_sheet(body, &key).unwrap();
        std::fs::write(&path, pingshen::sheet::sheet_file_bytes(&signed)).unwrap();
        files.push(path);
    }
    (campaign, files)
}
