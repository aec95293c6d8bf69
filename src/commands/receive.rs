//! `receive FILE...`: take signed decisions of the chair or the secretariat (an override, a
//! new round) into an expert's store, each verified first.

use super::{Ctx, Failure, Outcome};
use crate::i18n::{io_phrase, Lang};
use crate::keys::Keyring;
use crate::sheet::{verify_decision_in, MAX_DECISION_BYTES};
use std::path::PathBuf;

pub fn run(ctx: &Ctx, files: &[PathBuf]) -> Outcome {
    let zh = ctx.lang.is_zh();
    let store = ctx.open_store()?;
    let campaign = store.campaign()?;
    let keys = store.keys_toml()?.ok_or_else(|| {
        Failure::refused(ctx.lang.pick(
            "评审库中没有 keys.toml，无法核验决定；请用含 keys.toml 的评审包重新 init",
            "the store holds no keys.toml, so no decision can be verified; init it from a package that has keys.toml",
        ))
    })?;
    let ring =
        Keyring::parse(&keys, "keys.toml").map_err(|e| Failure::refused(e.message(ctx.lang)))?;
    let digest = campaign.digest();
    let mut held = store.decision_files()?;
    let mut refused = 0usize;
    for path in files {
        let file = path.display().to_string();
        let bytes = match read(path) {
            Ok(b) => b,
            Err(why) => {
                refused += 1;
                println!(
                    "{file}{}{}",
                    ctx.lang.colon(),
                    if zh { why.0 } else { why.1 }
                );
                continue;
            }
        };
        if let Err(e) = verify_decision_in(&bytes, &digest, &ring) {
            refused += 1;
            println!(
                "{file}{}{}",
                ctx.lang.colon(),
                if zh { e.zh() } else { e.to_string() }
            );
            continue;
        }
        if let Some((name, _)) = held.iter().find(|(_, b)| *b == bytes) {
            println!(
                "{file}: {} {name}",
                ctx.lang.pick("已在评审库中，跳过：", "already held as")
            );
            continue;
        }
        let name = free_name(path, &bytes, &held);
        store.put_decision(&name, &bytes, &crate::clock::now_rfc3339())?;
        println!(
            "{file}: {} {name}",
            ctx.lang.pick("已核验并接收为", "verified and received as")
        );
        held.push((name, bytes));
    }
    if refused == 0 {
        Ok(())
    } else {
        Err(Failure::refused(if zh {
            format!("{refused} 个决定文件被拒收（见上），其余已处理")
        } else {
            format!("{refused} decision file(s) refused (see above); the others were handled")
        }))
    }
}

fn read(path: &std::path::Path) -> Result<Vec<u8>, (String, String)> {
    let unreadable = |e: std::io::Error| {
        (
            format!("无法读取（{}），请检查路径", io_phrase(Lang::Zh, &e)),
            format!(
                "cannot be read ({}); check the path",
                io_phrase(Lang::En, &e)
            ),
        )
    };
    let size = std::fs::metadata(path).map_err(unreadable)?.len();
    if size > MAX_DECISION_BYTES as u64 {
        return Err((
            format!("文件过大（{size} 字节），不是决定文件"),
            format!("{size} bytes is too large for a decision file"),
        ));
    }
    std::fs::read(path).map_err(unreadable)
}

/// The file's own name, or, when the store already holds a different decision under it
/// (two offices number their files apart), that name with a short digest of the content.
fn free_name(path: &std::path::Path, bytes: &[u8], held: &[(String, Vec<u8>)]) -> String {
    let base = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "decision.json".to_string());
    if !held.iter().any(|(n, _)| *n == base) {
        return base;
    }
    let sm3 = {
        use sm3::{Digest, Sm3};
        hex::encode(Sm3::digest(bytes))
    };
    let stem = base.strip_suffix(".json").unwrap_or(&base);
    format!("{stem}-{}.json", &sm3[..8])
}
