//! `export --expert ID -o FILE [--key K]`: the expert's signed score sheet.

use super::source::load_key;
use super::{Ctx, Failure, Outcome};
use crate::export::export_sheet_in;
use std::path::{Path, PathBuf};

pub fn run(ctx: &Ctx, expert: &str, out: &Path, key: Option<&Path>, force: bool) -> Outcome {
    // Every export is a signed record of its own revision: replacing an earlier one by
    // accident loses it, so it takes --force. Checked first, so a refusal raises no revision.
    if out.is_dir() {
        return Err(Failure::usage(ctx.lang.say(
            format!(
                "{} 是文件夹；请用 -o 给出评分表的文件名，如 {}/{expert}.json",
                out.display(),
                out.display()
            ),
            format!(
                "{} is a folder; give -o the sheet's file name, such as {}/{expert}.json",
                out.display(),
                out.display()
            ),
        )));
    }
    if let Some(m) = crate::i18n::missing_folder(ctx.lang, out) {
        return Err(Failure::refused(m));
    }
    if out.exists() && !force {
        return Err(Failure::refused(ctx.lang.say(
            format!("{} 已存在，未导出：请换一个文件名（如加上版本号），或加 --force 覆盖它", out.display()),
            format!("{} already exists, so nothing was exported: choose another file name (with the revision, say), or add --force to replace it", out.display()),
        )));
    }
    let key_path = key
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from(format!("{expert}.key")));
    if !key_path.is_file() {
        return Err(Failure::usage(if ctx.lang.is_zh() {
            format!(
                "找不到私钥文件 {}；请用 --key 指明专家 `{expert}` 的私钥",
                key_path.display()
            )
        } else {
            format!(
                "there is no key file {}; give expert `{expert}`'s private key with --key",
                key_path.display()
            )
        }));
    }
    let key = load_key(ctx, &key_path)?;
    let store = ctx.open_store()?;
    let campaign = store.campaign()?;
    let s = export_sheet_in(&store, &campaign, expert, &key, out, ctx.lang)
        .map_err(Failure::refused)?;
    println!(
        "{} {} ({} {}, {} {}, {} {}, {} {}, SM3 {})",
        ctx.lang
            .pick("已导出签名评分表", "signed sheet exported to"),
        s.file.display(),
        ctx.lang.pick("专家", "expert"),
        s.expert,
        ctx.lang.pick("版本", "revision"),
        s.revision,
        ctx.lang.pick("轮次", "round"),
        s.round,
        s.scores,
        ctx.lang.pick("项评分", "scores"),
        &s.sm3[..16.min(s.sm3.len())]
    );
    if !s.key_listed {
        eprintln!(
            "{}",
            ctx.lang.pick(
                "提示：评审库的 keys.toml 未列出该密钥；组长核验前须把它加入 keys.toml",
                "note: the store's keys.toml does not list this key; add it to keys.toml before the chair verifies the sheet",
            )
        );
    }
    Ok(())
}
