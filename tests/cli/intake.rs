//! Intake of 附件3 spreadsheets joined to structured 申报书 files.

use crate::common;
use common::*;
use pingshen::format::load_campaign;
use rust_xlsxwriter::Workbook;
use std::fs;
use std::path::Path;

fn write_sheet(path: &Path, rows: &[[&str; 12]]) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "推荐项目汇总表").unwrap();
    let header = [
        "序号",
        "推荐单位",
        "推荐排序",
        "项目名称",
        "申报方向",
        "牵头单位",
        "联合单位",
        "所在地区",
        "所属行业",
        "联系人",
        "联系电话",
        "推荐日期",
    ];
    for (c, h) in header.iter().enumerate() {
        ws.write_string(1, c as u16, *h).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r as u32 + 2, c as u16, *v).unwrap();
        }
    }
    wb.save(path).unwrap();
}

const FORM: &str = r#"
id = "A101"
name = "医疗数据安全共享平台"
directions = [4]
industry = "health"
build_status = "operating"

[[members]]
unit = "U10"
role = "lead"

[[members]]
unit = "U03"
role = "joint"

[sections]
overview = "面向区域医疗数据共享的安全平台。"

[[documents]]
title = "申报书正文"
file = "documents/A101-申报书.md"
sm3 = ""

[[new_units]]
id = "U10"
name = "北京康安数据科技有限公司"
credit_code = "91110108MA01XYZW3K"
kind = "enterprise"
province = "北京"
"#;

#[test]
fn rows_are_taken_and_bad_rows_reported() {
    let (tmp, dir) = mini_copy();
    let docs = tmp.path().join("intake");
    fs::create_dir_all(docs.join("申报书")).unwrap();
    fs::create_dir_all(docs.join("documents")).unwrap();
    fs::write(docs.join("申报书/A101.toml"), FORM).unwrap();
    fs::write(
        docs.join("documents/A101-申报书.md"),
        "# 医疗数据安全共享平台\n",
    )
    .unwrap();
    let xlsx = docs.join("附件3-北京.xlsx");
    write_sheet(
        &xlsx,
        &[
            [
                "1",
                "北京市经济和信息化局",
                "1",
                "医疗数据安全共享平台",
                "（四）大数据安全",
                "北京康安数据科技有限公司",
                "北京邮电学院",
                "北京",
                "卫生健康",
                "王芳",
                "010-12345678",
                "2024-02-26",
            ],
            [
                "2",
                "北京市经济和信息化局",
                "2",
                "不存在的项目",
                "大数据安全",
                "某公司",
                "",
                "北京",
                "金融",
                "李四",
                "",
                "2024-02-26",
            ],
            [
                "3",
                "北京市经济和信息化局",
                "3",
                "量子安全项目",
                "量子安全",
                "某公司",
                "",
                "北京",
                "金融",
                "李四",
                "",
                "2024-02-26",
            ],
        ],
    );
    let out = run(
        &tmp.path().join("db"),
        &[
            "intake",
            xlsx.to_str().unwrap(),
            "--campaign",
            dir.to_str().unwrap(),
            "--docs",
            docs.to_str().unwrap(),
        ],
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        stdout(&out).contains("took 1 application"),
        "{}",
        stdout(&out)
    );
    assert!(err.contains("row 4:") && err.contains("申报书"), "{err}");
    // Names the file expected and where, not a file of pingshen's source tree.
    assert!(
        err.contains(&format!(
            "add the file `{}`",
            docs.join("申报书/不存在的项目.toml").display()
        )),
        "{err}"
    );
    assert!(
        !err.contains("README") && !err.contains("fixtures/"),
        "{err}"
    );
    assert!(err.contains("row 5:") && err.contains("量子安全"), "{err}");

    let c = load_campaign(&dir)
        .expect("the campaign still loads")
        .campaign;
    let a = c.application("A101").expect("taken");
    assert_eq!(
        (a.recommender.as_str(), a.priority, a.location.as_str()),
        ("R-BJ", 1, "北京")
    );
    assert_eq!(a.recommended_on.to_string(), "2024-02-26");
    assert_eq!(a.documents.len(), 1);
    assert_eq!(a.documents[0].sm3.len(), 64);
    assert!(c.unit("U10").is_some());
    assert!(dir.join("documents/A101/A101-申报书.md").is_file());

    // Taking the same sheet again skips the row taken before rather than duplicating it,
    // and does not count it among the rows to fix.
    let again = intake(tmp.path(), &dir, &xlsx, &docs);
    assert!(
        stdout(&again).contains("1 application(s) already taken, skipped (A101)"),
        "{}",
        stdout(&again)
    );
    let err = stderr(&again);
    assert!(!err.contains("row 3:"), "{err}");
    assert!(err.contains("2 row(s) could not be taken"), "{err}");
    assert_eq!(load_campaign(&dir).unwrap().campaign.applications.len(), 3);
}

/// `intake XLSX --campaign DIR --docs DOCS`, in English.
fn intake(tmp: &Path, dir: &Path, xlsx: &Path, docs: &Path) -> std::process::Output {
    run(
        &tmp.join("db"),
        &[
            "intake",
            xlsx.to_str().unwrap(),
            "--campaign",
            dir.to_str().unwrap(),
            "--docs",
            docs.to_str().unwrap(),
        ],
    )
}

/// A101's row as the recommender first sent it.
const A101_ROW: [&str; 12] = [
    "1",
    "北京市经济和信息化局",
    "1",
    "医疗数据安全共享平台",
    "（四）大数据安全",
    "北京康安数据科技有限公司",
    "北京邮电学院",
    "北京",
    "卫生健康",
    "王芳",
    "010-12345678",
    "2024-02-26",
];

/// A second project of the same lead unit, whose row first names no direction of the notice.
const A102_FORM: &str = r#"
id = "A102"
name = "量子安全通信网关"
directions = [1]
industry = "finance"
build_status = "operating"

[[members]]
unit = "U10"
role = "lead"

[sections]
overview = "面向金融专网的安全通信网关。"
"#;

fn a102_row(direction: &str) -> [&str; 12] {
    [
        "2",
        "北京市经济和信息化局",
        "2",
        "量子安全通信网关",
        direction,
        "北京康安数据科技有限公司",
        "",
        "北京",
        "金融",
        "李四",
        "",
        "2024-02-26",
    ]
}

/// The mini campaign and an intake folder holding A101's and A102's 申报书.
fn intake_folder() -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let (tmp, dir) = mini_copy();
    let docs = tmp.path().join("intake");
    fs::create_dir_all(docs.join("申报书")).unwrap();
    fs::create_dir_all(docs.join("documents")).unwrap();
    fs::write(docs.join("申报书/A101.toml"), FORM).unwrap();
    fs::write(docs.join("申报书/A102.toml"), A102_FORM).unwrap();
    fs::write(
        docs.join("documents/A101-申报书.md"),
        "# 医疗数据安全共享平台\n",
    )
    .unwrap();
    (tmp, dir, docs)
}

#[test]
fn a_corrected_spreadsheet_goes_in_again_and_the_run_succeeds() {
    let (tmp, dir, docs) = intake_folder();
    let xlsx = docs.join("附件3-北京.xlsx");
    write_sheet(&xlsx, &[A101_ROW, a102_row("量子安全")]);
    let first = intake(tmp.path(), &dir, &xlsx, &docs);
    assert_eq!(first.status.code(), Some(1), "{}", stderr(&first));
    assert!(stderr(&first).contains("row 4:"), "{}", stderr(&first));

    // The recommender corrects the direction and sends the whole spreadsheet again.
    write_sheet(&xlsx, &[A101_ROW, a102_row("（一）基础网络安全")]);
    let again = intake(tmp.path(), &dir, &xlsx, &docs);
    let (out, err) = (stdout(&again), stderr(&again));
    assert_eq!(again.status.code(), Some(0), "{out}\n{err}");
    assert!(err.is_empty(), "{err}");
    assert!(out.contains("took 1 application(s)"), "{out}");
    assert!(
        out.contains("1 application(s) already taken, skipped (A101)"),
        "{out}"
    );
    let c = load_campaign(&dir).unwrap().campaign;
    assert_eq!(c.applications.len(), 4);
    assert_eq!(c.application("A102").unwrap().directions, vec![1]);

    // A third run has nothing new: every row skipped, exit 0, nothing written.
    let units = fs::read(dir.join("units.toml")).unwrap();
    let third = intake(tmp.path(), &dir, &xlsx, &docs);
    assert_eq!(third.status.code(), Some(0), "{}", stderr(&third));
    assert!(
        stdout(&third).contains("2 application(s) already taken, skipped (A101, A102)"),
        "{}",
        stdout(&third)
    );
    assert_eq!(fs::read(dir.join("units.toml")).unwrap(), units);
}

#[test]
fn a_taken_row_whose_content_changed_is_refused_saying_what_differs() {
    let (tmp, dir, docs) = intake_folder();
    let xlsx = docs.join("附件3-北京.xlsx");
    write_sheet(&xlsx, &[A101_ROW]);
    assert_eq!(
        intake(tmp.path(), &dir, &xlsx, &docs).status.code(),
        Some(0)
    );
    let taken = fs::read(dir.join("applications/A101.toml")).unwrap();

    // The same project, re-ranked and re-dated, with a longer overview in its 申报书.
    let mut row = A101_ROW;
    row[2] = "3";
    row[11] = "2024-02-28";
    write_sheet(&xlsx, &[row]);
    fs::write(
        docs.join("申报书/A101.toml"),
        FORM.replace("安全平台。", "安全平台，已在三家医院运行。"),
    )
    .unwrap();
    let o = intake(tmp.path(), &dir, &xlsx, &docs);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("row 3: application `A101`")
            && err.contains("is already in the campaign, and this row differs from it: 推荐排序 `3` (was `1`), 推荐日期 `2024-02-28` (was `2024-02-26`), the 申报书's sections;")
            && err.contains("delete applications/A101.toml and documents/A101/"),
        "{err}"
    );
    assert!(err.contains("1 row(s) could not be taken"), "{err}");
    assert_eq!(
        fs::read(dir.join("applications/A101.toml")).unwrap(),
        taken,
        "the application taken before stays as it was"
    );

    // Another project whose 申报书 reuses the id: not the same application at all.
    fs::write(docs.join("申报书/A101.toml"), FORM).unwrap();
    fs::write(
        docs.join("申报书/A102.toml"),
        A102_FORM.replace("\"A102\"", "\"A101\""),
    )
    .unwrap();
    write_sheet(&xlsx, &[a102_row("基础网络安全")]);
    let o = intake(tmp.path(), &dir, &xlsx, &docs);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("gives id `A101`, which the campaign already uses for `医疗数据安全共享平台`; give this 申报书 an id no application has"),
        "{err}"
    );
}

#[test]
fn a_missing_docs_folder_is_said_once() {
    let (tmp, dir, docs) = intake_folder();
    let xlsx = docs.join("附件3-北京.xlsx");
    write_sheet(&xlsx, &[A101_ROW, a102_row("基础网络安全")]);
    let missing = tmp.path().join("no-such-folder");
    let o = intake(tmp.path(), &dir, &xlsx, &missing);
    assert_eq!(o.status.code(), Some(1));
    let err = cmd_one_line(&o);
    assert!(
        err.contains(&format!(
            "the docs folder {} does not exist;",
            missing.display()
        )),
        "{err}"
    );
    assert!(!err.contains("row "), "{err}");
    // In Chinese too.
    let o = std::process::Command::new(bin())
        .args([
            "--db",
            tmp.path().join("db").to_str().unwrap(),
            "--lang",
            "zh",
        ])
        .args(["intake", xlsx.to_str().unwrap(), "--campaign"])
        .arg(&dir)
        .arg("--docs")
        .arg(&missing)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let err = cmd_one_line(&o);
    assert!(
        err.contains("申报书目录") && err.contains("不存在"),
        "{err}"
    );
    assert_eq!(load_campaign(&dir).unwrap().campaign.applications.len(), 2);
}

/// The one line a refusal prints.
fn cmd_one_line(o: &std::process::Output) -> String {
    let e = stderr(o);
    assert_eq!(e.lines().count(), 1, "{e}");
    e
}

#[test]
fn a_spreadsheet_without_the_layout_is_one_error() {
    let (tmp, dir) = mini_copy();
    let xlsx = tmp.path().join("x.xlsx");
    let mut wb = Workbook::new();
    wb.add_worksheet().write_string(0, 0, "hello").unwrap();
    wb.save(&xlsx).unwrap();
    let out = run(
        &tmp.path().join("db"),
        &[
            "intake",
            xlsx.to_str().unwrap(),
            "--campaign",
            dir.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("header row"), "{}", stderr(&out));
}

#[test]
fn directions_parse_in_the_forms_people_write() {
    use pingshen::intake::parse_direction;
    assert_eq!(parse_direction("2"), Some(2));
    assert_eq!(parse_direction("云计算安全"), Some(2));
    assert_eq!(
        parse_direction("（十三）网络安全“高精尖”创新平台"),
        Some(13)
    );
    assert_eq!(
        parse_direction("十二、教育技术产业融合发展联合体"),
        Some(12)
    );
    assert_eq!(parse_direction("量子"), None);
    assert_eq!(parse_direction("14"), None);
}

#[test]
fn the_fixture_samples_go_in_and_the_campaign_still_loads() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("campaign");
    copy_dir(&repo().join("fixtures/campaign-2023"), &dir);
    let before = load_campaign(&dir).unwrap().campaign.applications.len();
    let samples = repo().join("fixtures/intake-2023");
    let mut args: Vec<String> = ["tianjin.xlsx", "hunan.xlsx", "mwr.xlsx"]
        .iter()
        .map(|f| samples.join(f).to_string_lossy().into_owned())
        .collect();
    args.extend(["--campaign".into(), dir.to_string_lossy().into_owned()]);
    let args: Vec<&str> = std::iter::once("intake")
        .chain(args.iter().map(String::as_str))
        .collect();
    let out = run(&tmp.path().join("db"), &args);
    let err = stderr(&out);
    assert_eq!(
        out.status.code(),
        Some(1),
        "two planted rows are refused: {err}"
    );
    assert_eq!(err.matches(": row ").count(), 2, "{err}");
    let after = load_campaign(&dir).expect("loads after intake").campaign;
    assert_eq!(after.applications.len(), before + 6);

    // Again, as fixtures/intake-2023/README.md says: the six taken rows are skipped, only the
    // two planted rows are refused.
    let out = run(&tmp.path().join("db"), &args);
    let (o, err) = (stdout(&out), stderr(&out));
    assert_eq!(out.status.code(), Some(1), "{err}");
    for line in [
        "hunan.xlsx: 2 application(s) already taken, skipped (A103, A104)",
        "mwr.xlsx: 2 application(s) already taken, skipped (A105, A106)",
        "tianjin.xlsx: 2 application(s) already taken, skipped (A101, A102)",
    ] {
        assert!(o.contains(line), "{o}");
    }
    assert_eq!(err.matches(": row ").count(), 2, "{err}");
    assert!(err.contains("2 row(s) could not be taken"), "{err}");
    assert_eq!(
        load_campaign(&dir).unwrap().campaign.applications.len(),
        before + 6
    );
}

#[test]
fn row_problems_are_said_in_the_runs_language() {
    let (tmp, dir) = mini_copy();
    let xlsx = tmp.path().join("附件3.xlsx");
    fn row<'a>(name: &'a str, direction: &'a str) -> [&'a str; 12] {
        [
            "1",
            "北京市经济和信息化局",
            "1",
            name,
            direction,
            "某公司",
            "",
            "北京",
            "金融",
            "李四",
            "",
            "2024-02-26",
        ]
    }
    write_sheet(
        &xlsx,
        &[
            row("不存在的项目", "大数据安全"),
            row("量子安全项目", "量子安全"),
        ],
    );
    let args = [
        "intake",
        xlsx.to_str().unwrap(),
        "--campaign",
        dir.to_str().unwrap(),
        "--docs",
        tmp.path().to_str().unwrap(),
    ];
    let db = tmp.path().join("db");
    let zh = run_lang("zh", &db, &args);
    assert_eq!(zh.status.code(), Some(1));
    let (out, err) = (stdout(&zh), stderr(&zh));
    assert_chinese(&out);
    assert_chinese(&err);
    assert!(
        err.contains("第 3 行：没有 `不存在的项目` 的申报书：请添加文件"),
        "{err}"
    );
    assert!(
        err.contains("第 4 行：申报方向 `量子安全` 不是通知所列的 13 个方向之一"),
        "{err}"
    );
    let en = stderr(&run_lang("en", &db, &args));
    assert!(
        en.contains("row 3: no 申报书 for `不存在的项目`: add the file"),
        "{en}"
    );
    assert!(
        en.contains("row 4: 申报方向 `量子安全` is not one of the notice's 13 directions"),
        "{en}"
    );
}

#[test]
fn an_empty_file_is_called_empty() {
    let (tmp, dir) = mini_copy();
    let xlsx = tmp.path().join("empty.xlsx");
    fs::write(&xlsx, b"").unwrap();
    let args = [
        "intake",
        xlsx.to_str().unwrap(),
        "--campaign",
        dir.to_str().unwrap(),
    ];
    let db = tmp.path().join("db");
    let en = run_lang("en", &db, &args);
    assert_eq!(en.status.code(), Some(1));
    let en = stderr(&en);
    assert!(
        en.contains("empty.xlsx: is empty, not an XLSX spreadsheet"),
        "{en}"
    );
    assert!(!en.contains("EOCD") && !en.contains("Zip"), "{en}");
    let zh = stderr(&run_lang("zh", &db, &args));
    assert_chinese(&zh);
    assert!(zh.contains("是空文件"), "{zh}");
    // Not a zip at all: no zip reader's words either.
    fs::write(&xlsx, b"not a spreadsheet").unwrap();
    let en = stderr(&run_lang("en", &db, &args));
    assert!(en.contains("is not an XLSX spreadsheet; save it"), "{en}");
    assert!(!en.contains("EOCD") && !en.contains("Zip"), "{en}");
}

/// A secretary in the folder where the spreadsheets arrived types a bare file name; the
/// documents beside it are found, as with `./mwr.xlsx`.
#[test]
fn a_bare_file_name_in_the_current_folder_finds_its_documents() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("c");
    copy_dir(&repo().join("fixtures/campaign-2023"), &dir);
    let inbox = tmp.path().join("intake");
    copy_dir(&repo().join("fixtures/intake-2023"), &inbox);
    let out = std::process::Command::new(bin())
        .current_dir(&inbox)
        .env("PINGSHEN_DB", tmp.path().join("db"))
        .args(["--lang", "en", "intake", "mwr.xlsx", "--campaign", "../c"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("mwr.xlsx: took 2 application(s)"),
        "{}",
        stdout(&out)
    );
}
