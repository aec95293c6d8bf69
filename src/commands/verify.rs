//! `verify --campaign DIR FILE...`: one verdict line per sheet, in the order given.

use super::source::load_dir;
use super::{Ctx, Failure, Outcome};
use crate::keys::Keyring;
use crate::sheet::{judge_sheets, read_sheet_file};
use std::path::{Path, PathBuf};

pub fn run(ctx: &Ctx, campaign: &Path, files: &[PathBuf]) -> Outcome {
    let loaded = load_dir(ctx, campaign)?;
    let keys_path = campaign.join("keys.toml");
    let label = keys_path.display().to_string();
    let ring = match &loaded.keys_toml {
        Some(text) => {
            Keyring::parse(text, &label).map_err(|e| Failure::refused(e.message(ctx.lang)))?
        }
        None => {
            return Err(Failure::refused(if ctx.lang.is_zh() {
                format!("{label} 不存在；没有公钥就无法核验评分表，请补上本次评审的 keys.toml")
            } else {
                format!("{label} does not exist; sheets cannot be verified without the experts' public keys: add the campaign's keys.toml")
            }))
        }
    };
    let digest = loaded.campaign.digest();
    let zh = ctx.lang.is_zh();
    // Unreadable files get their line here; the rest are judged together.
    let mut lines: Vec<Option<String>> = vec![None; files.len()];
    let mut readable = vec![];
    let mut at = vec![];
    let mut failed = false;
    let pb = crate::progress::bar(
        files.len() as u64,
        ctx.lang.pick("读取评分表", "reading sheets"),
    );
    for (i, f) in files.iter().enumerate() {
        pb.inc(1);
        let name = f.display().to_string();
        match read_sheet_file(f) {
            Ok(bytes) => {
                readable.push((name, bytes));
                at.push(i);
            }
            Err(e) => {
                failed = true;
                lines[i] = Some(if zh {
                    format!("{name}：{}", e.zh())
                } else {
                    format!("{name}: {e}")
                });
            }
        }
    }
    pb.set_message(
        ctx.lang
            .pick("核验签名", "verifying signatures")
            .to_string(),
    );
    let verdicts = judge_sheets(&readable, &digest, &ring);
    drop(pb);
    for (v, i) in verdicts.into_iter().zip(at) {
        failed |= v.is_failure();
        lines[i] = Some(v.line(zh));
    }
    for l in lines.into_iter().flatten() {
        println!("{l}");
    }
    if failed {
        Err(Failure::refused(ctx.lang.pick(
            "有评分表未通过核验（见上）",
            "some sheets did not verify (see above)",
        )))
    } else {
        Ok(())
    }
}
