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

    // Taking the same sheet again refuses the row rather than duplicating it.
    let again = run(
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
    assert!(
        stderr(&again).contains("already in the campaign"),
        "{}",
        stderr(&again)
    );
    assert_eq!(load_campaign(&dir).unwrap().campaign.applications.len(), 3);
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
        err.contains("第 3 行：材料文件夹中没有名为 `不存在的项目` 的申报书文件"),
        "{err}"
    );
    assert!(
        err.contains("第 4 行：申报方向 `量子安全` 不是通知所列的 13 个方向之一"),
        "{err}"
    );
    let en = stderr(&run_lang("en", &db, &args));
    assert!(
        en.contains("row 3: no 申报书 file with name `不存在的项目`"),
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
