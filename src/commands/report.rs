//! `report MERGED --kind results|personal|minutes --format csv|md|json|xlsx -o FILE`: the
//! records of a merge, written atomically.

use super::{Ctx, Failure, Outcome};
use crate::cli::{ReportFormat, ReportKind};
use crate::report::{build, read_merged, render, Format, Kind};
use std::path::Path;

/// Merge outputs of very large campaigns run to tens of megabytes; anything far beyond is
/// not a merge output.
const MAX_MERGED_BYTES: u64 = 1 << 30;

pub fn run(
    ctx: &Ctx,
    merged: &Path,
    kind: ReportKind,
    format: ReportFormat,
    out: &Path,
) -> Outcome {
    if let Some(m) = crate::i18n::missing_folder(ctx.lang, out) {
        return Err(Failure::refused(m));
    }
    let file = merged.display().to_string();
    let size = std::fs::metadata(merged)
        .map_err(|e| Failure::refused(read_error(ctx, &file, &e)))?
        .len();
    if size > MAX_MERGED_BYTES {
        return Err(Failure::refused(ctx.lang.pick(
            &format!("{file} 过大，不是 pingshen merge 写出的汇总结果；请给出 merge -o 写出的文件"),
            &format!("{file} is too large to be a merge output; give the file `pingshen merge -o` wrote"),
        ).to_string()));
    }
    let bytes = std::fs::read(merged).map_err(|e| Failure::refused(read_error(ctx, &file, &e)))?;
    let merged = read_merged(&bytes, &file).map_err(|e| Failure::refused(e.message(ctx.lang)))?;
    let kind = match kind {
        ReportKind::Results => Kind::Results,
        ReportKind::Personal => Kind::Personal,
        ReportKind::Minutes => Kind::Minutes,
    };
    let format = match format {
        ReportFormat::Csv => Format::Csv,
        ReportFormat::Md => Format::Markdown,
        ReportFormat::Json => Format::Json,
        ReportFormat::Xlsx => Format::Xlsx,
    };
    let doc = build(&merged, kind, ctx.lang);
    let bytes = render(&doc, format).map_err(|e| Failure::refused(e.message(ctx.lang)))?;
    crate::export::write_atomically(out, &bytes)
        .map_err(|e| Failure::refused(crate::i18n::cannot_write(ctx.lang, out, &e)))?;
    println!(
        "{} {} -> {} ({} {})",
        ctx.lang.pick("已写出", "wrote"),
        doc.title,
        out.display(),
        doc.pages.len(),
        ctx.lang.pick("页", "page(s)")
    );
    Ok(())
}

fn read_error(ctx: &Ctx, file: &str, e: &std::io::Error) -> String {
    let why = crate::i18n::io_phrase(ctx.lang, e);
    ctx.lang.say(
        format!("无法读取汇总结果 {file}（{why}）；请给出 `pingshen merge -o` 写出的文件"),
        format!(
            "cannot read the merge output {file} ({why}); give the file `pingshen merge -o` wrote"
        ),
    )
}
