//! `verify --campaign DIR FILE...`: one verdict line per sheet, in the order given.

use super::source::load_dir_in;
use super::{Ctx, Failure, Outcome};
use crate::keys::Keyring;
use crate::sheet::{glance_sheet_files, GlancedSheets};
use std::path::{Path, PathBuf};

pub fn run(ctx: &Ctx, campaign: &Path, files: &[PathBuf]) -> Outcome {
    let lang = ctx.lang;
    let keys_path = campaign.join("keys.toml");
    let label = keys_path.display().to_string();
    let pb = crate::progress::bar(
        files.len() as u64,
        ctx.lang.pick("读取评分表", "reading sheets"),
    );
    let done = || pb.inc(1);
    // The campaign is read (and its files checked) on one thread while the sheets are
    // read, checked and their signatures verified on the others, each file read into a
    // buffer its thread keeps and only its verdict kept; only their campaign digest waits
    // for the campaign.
    let (loaded, early) = std::thread::scope(|scope| {
        let loader = scope.spawn(|| {
            load_dir_in(lang, campaign).map(|mut loaded| {
                let digest = loaded.campaign.digest();
                let keys_toml = loaded.keys_toml.take();
                // Only the digest and the keys are needed, and the process ends after the
                // verdicts: freeing 30,000 records one by one (about 5 ms of CPU at 2,000
                // applications) would be spent on nothing.
                std::mem::forget(loaded);
                (keys_toml, digest)
            })
        });
        // The keys as they are now; if loading the campaign reads them differently (an
        // unreadable or changed file), the sheets are checked again below.
        let early: Option<(String, Keyring, GlancedSheets)> =
            std::fs::read_to_string(&keys_path).ok().and_then(|text| {
                let ring = Keyring::parse(&text, &label).ok()?;
                let glanced = glance_sheet_files(files, &ring, &done);
                Some((text, ring, glanced))
            });
        // The campaign thread panics only on a bug; the panic goes on as it would have.
        let loaded = loader
            .join()
            .unwrap_or_else(|p| std::panic::resume_unwind(p));
        (loaded, early)
    });
    let (keys_toml, digest) = loaded?;
    let glanced = match (&keys_toml, early) {
        // The keys the sheets were checked with are the campaign's.
        (Some(text), Some((early_text, _, glanced))) if *text == early_text => glanced,
        (Some(text), _) => {
            let ring =
                Keyring::parse(text, &label).map_err(|e| Failure::refused(e.message(ctx.lang)))?;
            pb.set_position(0);
            glance_sheet_files(files, &ring, &done)
        }
        (None, _) => {
            return Err(Failure::refused(if ctx.lang.is_zh() {
                format!("{label} 不存在；没有公钥就无法核验评分表，请补上本次评审的 keys.toml")
            } else {
                format!("{label} does not exist; sheets cannot be verified without the experts' public keys: add the campaign's keys.toml")
            }))
        }
    };
    let names: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    let (lines, failed) = glanced.lines(&names, &digest, ctx.lang.is_zh());
    drop(pb);
    for l in lines {
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
