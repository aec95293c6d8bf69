//! Writes the intake samples' 推荐项目汇总表 (附件3) spreadsheets into
//! `fixtures/intake-2023/`: `cargo run --example make_intake_fixtures [-- OUT_DIR]`.
//!
//! Each workbook is one recommender's list: a title row, a header row, then one row per
//! project. The rows name their 申报书 by 项目名称 (`申报书/<项目名称>.toml`, written by
//! `fixtures/tools/build_intake.py`). Two rows cannot be taken, on purpose: 天津's third row
//! has no 申报书, and 湖南's third row names a direction that does not exist.

use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, XlsxError,
};
use std::path::PathBuf;

const HEADER: [&str; 12] = [
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

const WIDTHS: [f64; 12] = [
    6.0, 22.0, 9.0, 36.0, 20.0, 30.0, 30.0, 10.0, 16.0, 9.0, 15.0, 12.0,
];

struct Row {
    project: &'static str,
    direction: &'static str,
    lead: &'static str,
    /// Joint units, separated by 、 as the paper form has them.
    joint: &'static str,
    location: &'static str,
    industry: &'static str,
    contact: &'static str,
    phone: &'static str,
}

/// How a workbook writes its 推荐日期: a real date cell, or text typed into the cell.
enum DateCell {
    Date,
    Text,
}

struct Sheet {
    file: &'static str,
    recommender: &'static str,
    date: (u16, u8, u8),
    date_cell: DateCell,
    rows: &'static [Row],
}

const SHEETS: [Sheet; 3] = [
    Sheet {
        file: "tianjin.xlsx",
        recommender: "天津市工业和信息化局",
        date: (2024, 2, 26),
        date_cell: DateCell::Date,
        rows: &[
            Row {
                project: "港口物流大数据安全监测平台",
                direction: "大数据安全",
                lead: "津沽数安科技有限公司",
                joint: "天津港航物流信息服务有限公司",
                location: "天津",
                industry: "交通运输",
                contact: "王海峰",
                phone: "022-65318842",
            },
            Row {
                project: "城市供水物联网安全防护平台",
                direction: "物联网安全",
                lead: "津水智联物联网科技有限公司",
                joint: "",
                location: "天津",
                industry: "水利",
                contact: "李欣然",
                phone: "022-23351076",
            },
            // No 申报书 was handed in for this one.
            Row {
                project: "天津滨海网络安全产业创新示范区",
                direction: "网络安全「高精尖」创新平台",
                lead: "天津滨海网络安全产业园运营有限公司",
                joint: "",
                location: "天津",
                industry: "公共通信和信息服务",
                contact: "赵立军",
                phone: "022-66280913",
            },
        ],
    },
    Sheet {
        file: "hunan.xlsx",
        recommender: "湖南省工业和信息化厅",
        date: (2024, 2, 27),
        date_cell: DateCell::Text,
        rows: &[
            Row {
                project: "智能网联汽车车载终端安全检测平台",
                direction: "车联网安全",
                lead: "湘江智联汽车安全技术有限公司",
                joint: "",
                location: "湖南",
                industry: "交通运输",
                contact: "陈思远",
                phone: "0731-88652207",
            },
            Row {
                project: "基层医疗机构网络安全托管服务平台",
                direction: "网络安全创新服务",
                lead: "麓谷网安信息服务有限公司",
                joint: "北方信息工程大学",
                location: "湖南",
                industry: "卫生健康",
                contact: "刘雅婷",
                phone: "0731-84419635",
            },
            // 数据要素安全 is not one of the notice's 13 directions.
            Row {
                project: "湘江数据要素流通安全平台",
                direction: "数据要素安全",
                lead: "湘江数据交易服务有限公司",
                joint: "",
                location: "湖南",
                industry: "金融",
                contact: "周博文",
                phone: "0731-85527710",
            },
        ],
    },
    Sheet {
        file: "mwr.xlsx",
        recommender: "水利部网络安全与信息化领导小组办公室",
        date: (2024, 3, 12),
        date_cell: DateCell::Date,
        rows: &[
            Row {
                project: "水利工程监控系统网络安全监测平台",
                direction: "物联网安全",
                lead: "水利信息安全保障中心有限公司",
                joint: "",
                location: "北京",
                industry: "水利",
                contact: "孙立华",
                phone: "010-63204418",
            },
            Row {
                project: "水利行业网络安全能力集约化平台",
                direction: "网络安全共性技术",
                lead: "水利工程安全监测研究中心",
                joint: "江苏润泽水务科技有限公司",
                location: "北京",
                industry: "水利",
                contact: "马俊",
                phone: "010-63207752",
            },
        ],
    },
];

fn write_sheet(sheet: &Sheet, out: &std::path::Path) -> Result<(), XlsxError> {
    let mut wb = Workbook::new();
    let (y, m, d) = sheet.date;
    let date = ExcelDateTime::from_ymd(y, m, d)?;
    // A fixed creation time keeps the committed bytes the same on every run.
    wb.set_properties(
        &DocProperties::new()
            .set_title("推荐项目汇总表")
            .set_author(sheet.recommender)
            .set_creation_datetime(&date),
    );
    let title = Format::new()
        .set_bold()
        .set_font_size(16)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter);
    let head = Format::new()
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap();
    let cell = Format::new()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap();
    let date_fmt = cell.clone().set_num_format("yyyy-mm-dd");

    let ws = wb.add_worksheet();
    ws.set_name("推荐项目汇总表")?;
    ws.merge_range(0, 0, 0, 11, "推荐项目汇总表", &title)?;
    ws.set_row_height(0, 30)?;
    for (c, (h, w)) in HEADER.iter().zip(WIDTHS).enumerate() {
        let c = c as u16;
        ws.write_string_with_format(1, c, *h, &head)?;
        ws.set_column_width(c, w)?;
    }
    for (i, r) in sheet.rows.iter().enumerate() {
        let row = 2 + i as u32;
        let n = (i + 1) as f64;
        ws.write_number_with_format(row, 0, n, &cell)?;
        ws.write_string_with_format(row, 1, sheet.recommender, &cell)?;
        ws.write_number_with_format(row, 2, n, &cell)?;
        let texts = [
            r.project,
            r.direction,
            r.lead,
            r.joint,
            r.location,
            r.industry,
            r.contact,
            r.phone,
        ];
        for (k, t) in texts.iter().enumerate() {
            ws.write_string_with_format(row, 3 + k as u16, *t, &cell)?;
        }
        match sheet.date_cell {
            DateCell::Date => ws.write_datetime_with_format(row, 11, &date, &date_fmt)?,
            DateCell::Text => {
                ws.write_string_with_format(row, 11, format!("{y}-{m:02}-{d:02}"), &cell)?
            }
        };
    }
    wb.save(out.join(sheet.file))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = match std::env::args_os().nth(1) {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/intake-2023"),
    };
    std::fs::create_dir_all(&out)?;
    for sheet in &SHEETS {
        write_sheet(sheet, &out)?;
        println!("{}", out.join(sheet.file).display());
    }
    Ok(())
}
