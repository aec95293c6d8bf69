//! `keygen`: a fresh key pair; the private key file (0600, never overwritten), the public key
//! as PEM, and the `[[key]]` entry to paste into keys.toml.

use super::{Ctx, Failure, Outcome};
use crate::cli::{RoleArg, SigArg};
use crate::keys::{write_private_key_file, Algorithm, KeyError, KeyPair, PrivateKey};
use crate::model::Role;
use std::path::Path;

pub fn run(
    ctx: &Ctx,
    role: RoleArg,
    id: &str,
    sig: SigArg,
    out: Option<&Path>,
    passphrase_env: Option<&str>,
) -> Outcome {
    let role = match role {
        RoleArg::Expert => Role::Expert,
        RoleArg::Chair => Role::Chair,
        RoleArg::Secretariat => Role::Secretariat,
    };
    let algorithm = match sig {
        SigArg::Sm2 => Algorithm::Sm2Sm3,
        SigArg::Ed25519 => Algorithm::Ed25519,
    };
    // The id names the key files: `../evil` would write outside -o.
    if let Some((zh, en)) = crate::model::id_problem(id, ("密钥", "key")) {
        return Err(Failure::usage(ctx.lang.say(
            format!("{zh}；专家的密钥编号即专家编号"),
            format!("{en}; an expert's key id is the expert id"),
        )));
    }
    let passphrase = match passphrase_env {
        None => None,
        Some(var) => {
            match std::env::var(var) {
                Ok(p) if !p.is_empty() => Some(p),
                _ => {
                    return Err(Failure::usage(if ctx.lang.is_zh() {
                        format!("环境变量 {var} 未设置或为空；请先把口令放进去，或去掉 --passphrase-env")
                    } else {
                        format!("the environment variable {var} is unset or empty; put the passphrase in it, or leave out --passphrase-env")
                    }))
                }
            }
        }
    };
    let dir = out.unwrap_or(Path::new("."));
    if !dir.is_dir() {
        return Err(Failure::refused(if ctx.lang.is_zh() {
            format!("文件夹 {} 不存在；请先创建它", dir.display())
        } else {
            format!(
                "the folder {} does not exist; create it first",
                dir.display()
            )
        }));
    }
    let key_path = dir.join(format!("{id}.key"));
    let pub_path = dir.join(format!("{id}.pub.pem"));
    // Check both before writing either, so a refusal leaves nothing half made.
    for p in [&key_path, &pub_path] {
        if p.exists() {
            return Err(Failure::refused(if ctx.lang.is_zh() {
                format!(
                    "{} 已存在：pingshen 从不覆盖密钥文件；请先移走它或换一个 -o 文件夹",
                    p.display()
                )
            } else {
                format!("{} already exists: pingshen never overwrites a key file; move it away or choose another -o folder", p.display())
            }));
        }
    }
    let fail = |e: KeyError| Failure::refused(e.message(ctx.lang));
    let pair = KeyPair::generate(algorithm).map_err(fail)?;
    let key = PrivateKey::new(id, role, pair).map_err(fail)?;
    let bytes = key.to_file_bytes(passphrase.as_deref()).map_err(fail)?;
    write_private_key_file(&key_path, &bytes).map_err(fail)?;
    std::fs::write(&pub_path, key.public_pem())
        .map_err(|e| Failure::refused(crate::i18n::cannot_write(ctx.lang, &pub_path, &e)))?;
    eprintln!(
        "{} {} ({}{}), {} {}",
        ctx.lang.pick("已写入私钥", "private key written to"),
        key_path.display(),
        ctx.lang.pick("仅本人可读", "readable by you only"),
        if passphrase.is_some() {
            ctx.lang.pick("，已用口令保护", ", passphrase-protected")
        } else {
            ""
        },
        ctx.lang.pick("公钥", "public key"),
        pub_path.display()
    );
    eprintln!(
        "{}",
        ctx.lang.pick(
            "请把下面的条目加入本次评审的 keys.toml：",
            "add this entry to the campaign's keys.toml:"
        )
    );
    print!("{}", key.keys_toml_entry());
    Ok(())
}
