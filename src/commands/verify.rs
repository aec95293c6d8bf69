//! `verify --campaign DIR FILE...`: one verdict line per sheet, in the order given.

use super::source::load_dir_in;
use super::{Ctx, Failure, Outcome};
use crate::keys::Keyring;
use crate::sheet::{check_sheets, read_sheet_file, CheckedSheets, SheetError};
use std::path::{Path, PathBuf};

/// The sheets as read and checked while the campaign was still loading.
struct Early {
    /// The files that could be read, with their names, and where each stands in `files`.
    readable: Vec<(String, Vec<u8>)>,
    at: Vec<usize>,
    /// Why each other file could not be read, by its place in `files`.
    unreadable: Vec<(usize, SheetError)>,
    /// The readable files checked against the keys.toml text that was read then.
    checked: Option<(String, CheckedSheets)>,
}

pub fn run(ctx: &Ctx, campaign: &Path, files: &[PathBuf]) -> Outcome {
    let lang = ctx.lang;
    let keys_path = campaign.join("keys.toml");
    let label = keys_path.display().to_string();
    let pb = crate::progress::bar(
        files.len() as u64,
        ctx.lang.pick("读取评分表", "reading sheets"),
    );
    // The campaign is read (and its files checked) on one thread while the sheets are
    // read, parsed and their signatures checked on the others; only their campaign digest
    // waits for it.
    let (loaded, early) = std::thread::scope(|scope| {
        let loader = scope.spawn(|| {
            load_dir_in(lang, campaign).map(|loaded| {
                let digest = loaded.campaign.digest();
                (loaded, digest)
            })
        });
        let mut early = Early {
            readable: vec![],
            at: vec![],
            unreadable: vec![],
            checked: None,
        };
        for (i, f) in files.iter().enumerate() {
            pb.inc(1);
            match read_sheet_file(f) {
                Ok(bytes) => {
                    early.readable.push((f.display().to_string(), bytes));
                    early.at.push(i);
                }
                Err(e) => early.unreadable.push((i, e)),
            }
        }
        // The keys as they are now; if loading the campaign reads them differently (an
        // unreadable or changed file), the sheets are checked again below.
        early.checked = std::fs::read_to_string(&keys_path).ok().and_then(|text| {
            let ring = Keyring::parse(&text, &label).ok()?;
            pb.set_message(lang.pick("核验签名", "verifying signatures").to_string());
            Some((text, check_sheets(&early.readable, &ring, false)))
        });
        // The campaign thread panics only on a bug; the panic goes on as it would have.
        let loaded = loader
            .join()
            .unwrap_or_else(|p| std::panic::resume_unwind(p));
        (loaded, early)
    });
    let (loaded, digest) = loaded?;
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
    let zh = ctx.lang.is_zh();
    // Unreadable files get their line here; the rest are judged together.
    let mut lines: Vec<Option<String>> = vec![None; files.len()];
    let failed_to_read = !early.unreadable.is_empty();
    for (i, e) in early.unreadable {
        let name = files[i].display().to_string();
        lines[i] = Some(if zh {
            format!("{name}：{}", e.zh())
        } else {
            format!("{name}: {e}")
        });
    }
    let checked = match early.checked {
        Some((text, checked)) if loaded.keys_toml.as_deref() == Some(text.as_str()) => checked,
        _ => check_sheets(&early.readable, &ring, false),
    };
    let verdicts = checked.judge(&early.readable, &digest);
    let mut failed = failed_to_read;
    drop(pb);
    for (v, &i) in verdicts.into_iter().zip(&early.at) {
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
