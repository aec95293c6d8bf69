//! `intake XLSX... --campaign DIR [--docs DIR]`.

use super::{Ctx, Failure, Outcome};
use std::path::{Path, PathBuf};

pub fn run(ctx: &Ctx, sheets: &[PathBuf], campaign: &Path, docs: Option<&Path>) -> Outcome {
    // The 申报书 files sit beside the spreadsheets unless --docs says otherwise; a bare file
    // name (`mwr.xlsx`) has the empty path as its parent, which is the current folder.
    let docs = docs
        .map(Path::to_path_buf)
        .or_else(|| {
            sheets
                .first()
                .and_then(|s| s.parent())
                .filter(|p| !p.as_os_str().is_empty())
                .map(Path::to_path_buf)
        })
        .unwrap_or_else(|| PathBuf::from("."));
    let report = crate::intake::intake(campaign, sheets, &docs).map_err(|e| match e {
        crate::intake::IntakeError::NoDocsFolder(ref dir) => Failure::refused(ctx.lang.pick(
            &format!(
                "申报书目录 {} 不存在；请用 --docs 给出存放 申报书/ 和原始文件的目录，或不用 --docs（默认为汇总表所在目录）",
                dir.display()
            ),
            &e.to_string(),
        )),
        e => Failure::refused(e.to_string()),
    })?;
    for (sheet, ids) in &report.taken {
        println!(
            "{}{} {} {}",
            sheet.display(),
            ctx.lang.pick("：已接收", ": took"),
            ids.len(),
            ctx.lang.pick("个项目", "application(s)")
        );
    }
    // Rows an earlier run took, unchanged: said, but neither a failure nor work to do.
    for (sheet, ids) in &report.already_taken {
        let (n, list) = (ids.len(), ids.join(", "));
        match ctx.lang {
            crate::i18n::Lang::Zh => println!(
                "{}：跳过 {n} 个此前已接收、内容相同的项目（{list}）",
                sheet.display()
            ),
            crate::i18n::Lang::En => println!(
                "{}: {n} application(s) already taken, skipped ({list})",
                sheet.display()
            ),
        }
    }
    if report.new_units > 0 {
        println!(
            "{} {}",
            report.new_units,
            ctx.lang
                .pick("个新单位已加入 units", "new unit(s) added to units")
        );
    }
    if report.problems.is_empty() {
        return Ok(());
    }
    for p in &report.problems {
        eprintln!("{p}");
    }
    Err(Failure::refused(format!(
        "{} {}",
        report.problems.len(),
        ctx.lang.pick("行未能接收（见上）；其余已加入评审任务。改正后可再次运行 intake。", "row(s) could not be taken (above); the others were added. Fix them and run intake again for those rows.")
    )))
}
